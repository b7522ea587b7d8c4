#!/usr/bin/env node
import { processIo } from "./cli-io.js";
import { main } from "./main.js";

// Sandbox processes do not hold the event loop open, so keep it alive until the command
// has finished cleaning up and chosen its exit code.
const keepAlive = setInterval(() => undefined, 60_000);
main(process.argv.slice(2), processIo()).then((exitCode) => {
  clearInterval(keepAlive);
  process.exitCode = exitCode;
});
