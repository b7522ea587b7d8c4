// An OTLP/HTTP receiver on its own thread, standing in for a collector on another
// machine: it reads each export, counts it and answers 200, so the exporter does all the
// work it would do in production while the receiver costs the benchmark's thread nothing.
import { createServer } from "node:http";
import { parentPort } from "node:worker_threads";

let exports = 0;
let bytes = 0;
const server = createServer((request, response) => {
  request.on("data", (chunk) => {
    bytes += chunk.length;
  });
  request.on("end", () => {
    exports += 1;
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
server.listen(0, "127.0.0.1", () => {
  parentPort.postMessage({ type: "ready", url: `http://127.0.0.1:${server.address().port}` });
});
parentPort.on("message", (message) => {
  if (message.type === "stats") {
    parentPort.postMessage({ type: "stats", exports, bytes });
  } else if (message.type === "close") {
    server.close(() => parentPort.close());
    server.closeAllConnections();
  }
});
