import { describe, expect, it } from "vitest";
import { denoSandbox } from "../src/index.js";
import { cell, denoChildren, recordingHost, waitUntil } from "./helpers.js";

describe("the warm pool", () => {
  it("gives each session a fresh context, refills after the load, and reaps on close", async () => {
    const sandbox = denoSandbox({ warmSessions: 2 });
    const first = await sandbox.createSession({ context: "first", host: recordingHost() });
    await cell(first, "var leftover = 1");
    await first.close();
    // The refill runs after createSession returns.
    await waitUntil(() => denoChildren().length === 2, { what: "the refill" });

    const second = await sandbox.createSession({ context: "second", host: recordingHost() });
    expect((await cell(second, "[context, typeof leftover]")).output).toBe(
      "[ 'second', 'undefined' ]",
    );
    // The session's process and two warm ones.
    await waitUntil(() => denoChildren().length === 3, { what: "the refill" });
    await second.close();
    await sandbox.close();
    expect(denoChildren()).toEqual([]);
  });

  it("starts no process while a cell's sub-calls are in flight, and refills after the cell", async () => {
    const sandbox = denoSandbox({ warmSessions: 1 });
    let childrenDuringCall = 0;
    const host = recordingHost(async () => {
      // Well past the pool's quiet period, which would otherwise start a refill now.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      childrenDuringCall = denoChildren().length;
      return "done";
    });
    const session = await sandbox.createSession({ context: "c", host });
    expect((await cell(session, "await llm_query('wait')")).output).toBe("'done'");
    expect(childrenDuringCall).toBe(1); // the session's process alone
    await waitUntil(() => denoChildren().length === 2, { what: "the refill after the cell" });
    await session.close();
    await sandbox.close();
    expect(denoChildren()).toEqual([]);
  });
});
