// The runner's protocol, for sandboxes that run this package's runner on another machine (a
// remote sandbox service): where its files are, the channel that signs and seals its frames,
// the checks on its messages and requests, the context file format and the locked-down
// `deno run` flags. The runner and these helpers change together, so such a sandbox follows
// every change.
import { fileURLToPath } from "node:url";

export { type ContextKind, writeContextFile } from "./context-file.js";
export { ControlChannel, type ControlChannelHandlers } from "./control-channel.js";
export { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";
export { toCellResult } from "./deno-session.js";
export { type EncodedVariable, encodeVariable } from "./encode-variable.js";
export { type InboundMessage, parseInboundMessage } from "./inbound-message.js";
export { parseUntrustedJson } from "./parse-untrusted-json.js";
export { ensurePythonSnapshot, pyodideDirectory } from "./python-snapshot.js";
export {
  type BridgeCall,
  type BridgeCallOptions,
  type BridgeReply,
  serveBridgeCall,
} from "./serve-bridge-call.js";
export { decodePromptParts, decodeSchema, decodeSubContext } from "./sub-call-request.js";

/** The folder holding the runner (`main.js` and the helpers it imports), with a trailing slash. */
export const RUNNER_DIRECTORY = fileURLToPath(new URL("../runner/", import.meta.url));
