export { e2bSandbox } from "./e2b-sandbox.js";
export type { E2BSandboxOptions } from "./e2b-sandbox-options.js";
