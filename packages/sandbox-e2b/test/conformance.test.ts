import { describeSandboxConformance } from "@rlm/core/testing";
import { resolveDenoPath } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { type E2BTestServer, startE2BTestServer } from "./e2b-test-server.js";

let server: E2BTestServer;
beforeAll(async () => {
  server = await startE2BTestServer();
});
afterAll(async () => {
  // Every session closed its sandbox: none is left running (and billed).
  expect(server.live).toEqual(new Set());
  await server.close();
});

describeSandboxConformance({
  name: "e2bSandbox (JavaScript, through the e2b SDK and a local E2B)",
  createSandbox: () =>
    e2bSandbox({
      apiKey: server.apiKey,
      apiUrl: server.url,
      sandboxUrl: server.url,
      template: "rlm-deno",
      denoPath: resolveDenoPath(),
    }),
  test: { describe, it },
});
