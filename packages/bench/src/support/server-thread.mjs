// The scripted server, on its own thread: parsing requests, timing the simulated latency,
// choosing and writing the answers all happen here, so a benchmark charges the runtime
// only for its own work, as with a remote API. Plain JavaScript: a worker thread loads
// it with Node itself, so `@rlm/provider-test-servers` resolves to its build.
import { parentPort, workerData } from "node:worker_threads";
import {
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { scripts } from "./server-scripts.mjs";

const start = {
  openai: startOpenAIServer,
  anthropic: startAnthropicServer,
  google: startGoogleServer,
}[workerData.provider];
const script = scripts[workerData.name];
if (!start || !script) {
  throw new Error(`Unknown provider or script: ${workerData.provider}, ${workerData.name}.`);
}
const reply = script(workerData.params);

const server = await start({
  respond: (request) => {
    const { text, delayMs } = reply(request.body);
    return { kind: "text", text, ...(delayMs ? { delayMs } : {}) };
  },
});

parentPort.on("message", async (message) => {
  if (message.type === "timeline") {
    // The requests since the last ask, timed on this thread's clock.
    const taken = server.requests.splice(0);
    parentPort.postMessage(
      taken.map(({ url, receivedAt, repliedAt, remotePort, body }) => ({
        url,
        receivedAt,
        repliedAt,
        remotePort,
        body,
      })),
    );
  } else if (message.type === "cpu") {
    // This thread's CPU time, which the benchmark takes out of its process's.
    const { user, system } = process.threadCpuUsage();
    parentPort.postMessage(user + system);
  } else if (message.type === "close") {
    await server.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: "ready", baseURL: server.baseURL });
