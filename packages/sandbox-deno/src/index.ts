export type { DenoSandbox } from "./deno-sandbox.js";
export { denoSandbox } from "./deno-sandbox.js";
export type { DenoSandboxOptions } from "./deno-sandbox-options.js";
export { resolveDenoPath } from "./resolve-deno-path.js";
