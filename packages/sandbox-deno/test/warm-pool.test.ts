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
});
