export type { SetupTelemetryOptions, Telemetry } from "./setup-telemetry.js";
export { endpointForDisplay, setupTelemetry } from "./setup-telemetry.js";
