// The runner's protocol, for sandboxes that run this package's runner on another machine (a
// remote sandbox service): where its files are, the channel that signs and seals its frames,
// the process shape a session drives (`ChannelRunnerProcess` reads and awaits its checked
// messages), the session itself (cells, sub-calls, restarts, host variables), the context
// file format, the Pyodide snapshot and the locked-down `deno run` flags. The runner and
// these helpers change together, so such a sandbox follows every change.
import { fileURLToPath } from "node:url";

export { type ContextKind, writeContextFile } from "./context-file.js";
export {
  ControlChannel,
  type ControlChannelHandlers,
  type SendOptions,
} from "./control-channel.js";
export { LOCKED_DOWN_RUN, lockedDownEnv } from "./deno-run-flags.js";
export { DenoSession, type DenoSessionOptions } from "./deno-session.js";
export type { InboundMessage } from "./inbound-message.js";
export { ensurePythonSnapshot, pyodideDirectory } from "./python-snapshot.js";
export {
  ChannelRunnerProcess,
  type RunnerMessage,
  type RunnerProcess,
  type RunnerWork,
  type WaitForOptions,
  type WaitForWords,
} from "./runner-process.js";

/** The folder holding the runner (`main.js` and the helpers it imports), with a trailing slash. */
export const RUNNER_DIRECTORY = fileURLToPath(new URL("../runner/", import.meta.url));
