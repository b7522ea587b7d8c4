import { describe, expect, it } from "vitest";
import { denoSandbox } from "../src/index.js";
import { cell, denoChildren, recordingHost } from "./helpers.js";

describe("the warm pool", () => {
  it("gives each session a fresh context, refills after the load, and reaps on close", async () => {
    const sandbox = denoSandbox({ warmSessions: 2 });
    const first = await sandbox.createSession({ context: "first", host: recordingHost() });
    await cell(first, "var leftover = 1");
    await first.close();
    // The refill runs after createSession returns; give the pool time to start it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(denoChildren().length).toBe(2);

    const second = await sandbox.createSession({ context: "second", host: recordingHost() });
    expect((await cell(second, "[context, typeof leftover]")).output).toBe(
      "[ 'second', 'undefined' ]",
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(denoChildren().length).toBe(3); // the session's process and two warm ones
    await second.close();
    await sandbox.close();
    expect(denoChildren()).toEqual([]);
  }, 20_000);
});
