export type { OtlpProtocol } from "./otlp-protocol.js";
export type { SetupTelemetryOptions, Telemetry } from "./setup-telemetry.js";
export { endpointForDisplay, setupTelemetry } from "./setup-telemetry.js";
export { TelemetryConfigurationError } from "./telemetry-configuration-error.js";
