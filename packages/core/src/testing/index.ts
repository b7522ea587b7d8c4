export { lastMessageText } from "./last-message-text.js";
export type { SandboxBehaviour, SandboxConformanceOptions } from "./sandbox-conformance.js";
export { describeSandboxConformance } from "./sandbox-conformance.js";
export type {
  ScriptedModel,
  ScriptedModelOptions,
  ScriptedReply,
  ScriptedResponder,
} from "./scripted-model.js";
export { scriptedModel } from "./scripted-model.js";
export type { VmSandboxOptions } from "./vm-sandbox.js";
export { vmSandbox } from "./vm-sandbox.js";
