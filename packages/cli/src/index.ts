export { CliError, EXIT } from "./cli-error.js";
export type { CliIo } from "./cli-io.js";
export { main } from "./main.js";
export { defaultModels } from "./models/default-models.js";
export { MODEL_SPEC_FORMS } from "./models/qualify-model-spec.js";
export { resolveModelSpec } from "./models/resolve-model-spec.js";
export { progressSink } from "./progress/progress-sink.js";
export { simulated } from "./simulated/simulated-provider.js";
