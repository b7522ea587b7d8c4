export type { SetupTelemetryOptions, Telemetry } from "./setup-telemetry.js";
export { setupTelemetry } from "./setup-telemetry.js";
