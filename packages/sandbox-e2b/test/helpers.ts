import type { HostBridge } from "@rlm/core";
import { resolveDenoPath } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect } from "vitest";
import type { E2BSandboxOptions } from "../src/index.js";
import { type E2BTestServer, startE2BTestServer } from "./e2b-test-server.js";

/**
 * A local E2B for one test file: started before its tests; after them, no sandbox may be
 * left running (each session killed its own), and the server stops.
 */
export function useLocalE2B(): () => E2BTestServer {
  let server: E2BTestServer | undefined;
  beforeAll(async () => {
    server = await startE2BTestServer();
  });
  afterAll(async () => {
    expect(server?.live).toEqual(new Set());
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("The local E2B is not running: call it from a test.");
    return server;
  };
}

/** Options that point the e2b SDK at the local E2B and run the real Deno binary there. */
export function localE2B(server: E2BTestServer): E2BSandboxOptions {
  return {
    apiKey: server.apiKey,
    apiUrl: server.url,
    sandboxUrl: server.url,
    denoPath: resolveDenoPath(),
  };
}

/** Answers sub-calls with the prompt in capitals; `llm` may be replaced. */
export function upperCaseHost(llmQuery?: HostBridge["llmQuery"]): HostBridge {
  const upper = async ({ prompt }: { prompt: unknown }) => String(prompt).toUpperCase();
  return {
    llmQuery: llmQuery ?? upper,
    rlmQuery: upper,
    tool: async ({ args }) => args,
    budget: () => {
      const line = { used: 0, limit: null, remaining: null };
      return {
        costUsd: line,
        tokens: line,
        subCalls: line,
        timeMs: line,
        depth: line,
        iterations: line,
      };
    },
  };
}
