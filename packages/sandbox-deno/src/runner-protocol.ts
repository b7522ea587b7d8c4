import { fileURLToPath } from "node:url";

/**
 * The runner's protocol, for sandboxes that run this package's runner on another machine (a
 * remote sandbox service): where its files are, the channel that signs and seals its frames,
 * the checks on its messages, the context file format and the locked-down `deno run` flags.
 * The runner and these helpers change together, so such a sandbox follows every change.
 */
export { ControlChannel, type ControlChannelHandlers } from "./control-channel.js";
export { type ContextKind, writeContextFile } from "./context-file.js";
export { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";
export { type InboundMessage, parseInboundMessage } from "./inbound-message.js";

/** The folder holding the runner (`main.js` and the helpers it imports), with a trailing slash. */
export const RUNNER_DIRECTORY = fileURLToPath(new URL("../runner/", import.meta.url));
