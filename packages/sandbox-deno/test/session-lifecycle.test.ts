import { describe, expect, it } from "vitest";
import { cell, denoChildren, openSession, recordingHost, waitUntil } from "./helpers.js";

const HEAP_BOMB = "const hoard = []; for (;;) hoard.push(new Array(1e5).fill(Math.random()))";

const noDenoLeft = () =>
  waitUntil(() => denoChildren().length === 0, { what: "every Deno process exiting" });

describe("session lifecycle", () => {
  it("close() during a restart reaps the process being started", async () => {
    const { sandbox, session } = await openSession({ sandbox: { heapMb: 64 } });
    const bomb = await cell(session, HEAP_BOMB, 20_000);
    expect(bomb.stateReset).toBe(true);

    // The next cell restarts the process; the session closes once the new process is
    // spawned, which is long before it has started.
    const next = cell(session, "1").then(
      () => "ran",
      (error: Error) => error.message,
    );
    await waitUntil(() => denoChildren().length > 0, { what: "the restart" });
    await session.close();
    expect(await next).toMatch(/session is closed/);
    await sandbox.close();

    await noDenoLeft();
  });

  it("a session whose start is aborted is reaped and rejects with the reason", async () => {
    const { denoSandbox } = await import("../src/index.js");
    const sandbox = denoSandbox({ warmSessions: 0 });
    const controller = new AbortController();
    const starting = sandbox.createSession({
      context: "ctx",
      host: recordingHost(),
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("stopped by the caller")), 10);
    await expect(starting).rejects.toThrow("stopped by the caller");
    await sandbox.close();

    await noDenoLeft();
  });

  it("close() waits for a start its caller abandoned, so no process is left after it", async () => {
    const { denoSandbox } = await import("../src/index.js");
    const sandbox = denoSandbox({ warmSessions: 0 });
    const controller = new AbortController();
    // A run aborted while its session starts: it does not wait for the start to finish.
    const abandoned = sandbox.createSession({
      context: "ctx",
      host: recordingHost(),
      abortSignal: controller.signal,
    });
    abandoned.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error("the run was aborted"));
    await sandbox.close();
    expect(denoChildren()).toEqual([]); // at once, not eventually
    await expect(abandoned).rejects.toThrow("the run was aborted");
  });
});
