import { createServer } from "node:net";
import { SandboxError } from "@rlm/core";
import { describe, expect, it, vi } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { localE2B, upperCaseHost, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

describe("e2bSandbox when the remote side fails", () => {
  it("reports a sandbox that dies mid-cell, then starts a new one holding the context", async () => {
    let killed: Promise<void> | undefined;
    const host = upperCaseHost(async () => {
      // The remote sandbox ends (E2B's timeout, an outage) while the cell waits for this call.
      const [id] = server().live;
      killed = server().killSandbox(id ?? "");
      await killed;
      return "never read";
    });
    const sandbox = e2bSandbox(localE2B(server()));
    const session = await sandbox.createSession({ context: "the context", host });
    try {
      await session.execute("globalThis.kept = 1", { cellId: "c1" });
      const died = await session.execute('await llm_query("hello")', { cellId: "c2" });
      expect(died.stateReset).toBe(true);
      expect(died.error).toMatch(
        /^The sandbox was restarted because the connection to the E2B sandbox was lost \(.*killed or reached its end of life.*\)\. Every variable except `context` was lost\.$/,
      );
      expect(server().live).toEqual(new Set());

      const after = await session.execute("[context, typeof kept]", { cellId: "c3" });
      expect(after.output).toBe(`[ 'the context', 'undefined' ]`);
      expect(server().live.size).toBe(1);
      expect(server().created.size).toBe(2);
    } finally {
      await session.close();
    }
  });

  it("kills the new sandbox when the session closes while a restart creates it", async () => {
    const host = upperCaseHost(async () => {
      const [id] = server().live;
      await server().killSandbox(id ?? "");
      return "never read";
    });
    const session = await e2bSandbox(localE2B(server())).createSession({ context: "ctx", host });
    const died = await session.execute('await llm_query("hello")', { cellId: "c1" });
    expect(died.stateReset).toBe(true);
    const before = server().created.size;
    let closing: Promise<void> | undefined;
    server().onCreate = () => {
      closing = session.close();
    };
    try {
      await expect(session.execute("context", { cellId: "c2" })).rejects.toThrow(
        "The sandbox session is closed.",
      );
    } finally {
      server().onCreate = undefined;
    }
    await closing;
    expect(server().created.size).toBe(before + 1);
    expect(server().live).toEqual(new Set());
  });

  it("restarts a runner that was killed in the same sandbox", async () => {
    const controller = new AbortController();
    const sandbox = e2bSandbox(localE2B(server()));
    const host = upperCaseHost(({ abortSignal }) => {
      controller.abort(new Error("stopped"));
      return new Promise((_, reject) =>
        abortSignal?.addEventListener("abort", () => reject(abortSignal.reason)),
      );
    });
    const session = await sandbox.createSession({ context: "ctx", host });
    const sandboxesBefore = server().created.size;
    try {
      await expect(
        session.execute('await llm_query("x")', { cellId: "c1", abortSignal: controller.signal }),
      ).rejects.toThrow("stopped");
      const next = await session.execute("context", { cellId: "c2" });
      expect(next.stateReset).toBe(true);
      expect(next.output).toMatch(
        /^\[The sandbox was restarted before this cell because the run was aborted;.*\]\n'ctx'$/,
      );
      // The new runner runs in the sandbox the session already had.
      expect(server().created.size).toBe(sandboxesBefore);
    } finally {
      await session.close();
    }
  });

  it("names the apiKey option when E2B answers 401", async () => {
    const sandbox = e2bSandbox({ ...localE2B(server()), apiKey: "e2b_not_a_key" });
    const opening = sandbox.createSession({ context: "x", host: upperCaseHost() });
    await expect(opening).rejects.toThrow(SandboxError);
    await expect(opening).rejects.toThrow(
      /^E2B answered 401 Unauthorized: the API key was refused \(.*\)\. Pass a valid key as the `apiKey` option/,
    );
    expect(server().requests.at(-1)).toBe("POST /v2/sandboxes");
  });

  it("names the apiKey option when no key is given", async () => {
    vi.stubEnv("E2B_API_KEY", undefined);
    try {
      const { apiKey: _, ...withoutKey } = localE2B(server());
      const requests = server().requests.length;
      await expect(
        e2bSandbox(withoutKey).createSession({ context: "x", host: upperCaseHost() }),
      ).rejects.toThrow("No E2B API key was given. Pass a valid key as the `apiKey` option");
      expect(server().requests.length).toBe(requests);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("says where it looked when nothing listens there", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${closedPort}`;
    const sandbox = e2bSandbox({ ...localE2B(server()), apiUrl: url, sandboxUrl: url });
    await expect(sandbox.createSession({ context: "x", host: upperCaseHost() })).rejects.toThrow(
      `E2B could not be reached at ${url} (ECONNREFUSED)`,
    );
  });

  it("says the template lacks Deno, and kills the sandbox it started", async () => {
    const before = server().created.size;
    const sandbox = e2bSandbox({ ...localE2B(server()), denoPath: "/nonexistent/deno" });
    await expect(sandbox.createSession({ context: "x", host: upperCaseHost() })).rejects.toThrow(
      /Deno was not found in the E2B sandbox \(template "rlm-deno", denoPath "\/nonexistent\/deno"\)/,
    );
    expect(server().created.size).toBe(before + 1);
    expect(server().live).toEqual(new Set());
  });
});

describe("e2bSandbox when the run is aborted while a session starts", () => {
  it("waits for the start, then kills the sandbox and rejects with the reason", async () => {
    const controller = new AbortController();
    const reason = new Error("the run was stopped");
    const before = server().created.size;
    const opening = e2bSandbox(localE2B(server())).createSession({
      context: "x",
      host: upperCaseHost(),
      abortSignal: controller.signal,
    });
    controller.abort(reason);
    await expect(opening).rejects.toBe(reason);
    expect(server().created.size).toBe(before + 1);
    expect(server().live).toEqual(new Set());
  });
});
