import { afterEach, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession, recordingHost } from "./helpers.js";

let sandbox: DenoSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
});

describe("a burst of sub-call answers", () => {
  it("reaches every call exactly once, however many the host answers in one turn", async () => {
    const CALLS = 400;
    // Every third answer waits a turn, so the answers come back in bursts and out of order.
    const host = recordingHost(async (prompt) => {
      const n = Number(prompt.slice("part ".length));
      if (n % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      return `answer ${n}`;
    });
    const opened = await openSession({ host, sandbox: { maxSubCallsInFlight: CALLS } });
    sandbox = opened.sandbox;
    const result = await cell(
      opened.session,
      `const replies = await Promise.all(Array.from({ length: ${CALLS} }, (_, i) => llm_query("part " + i)));
const wrong = replies.filter((reply, i) => reply !== "answer " + i);
console.log(replies.length, wrong.length, replies[0], replies[${CALLS - 1}])`,
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toBe(`${CALLS} 0 answer 0 answer ${CALLS - 1}`);
    const prompts = host.calls.map((call) => call.prompt);
    expect(new Set(prompts).size).toBe(CALLS);
    expect(prompts).toHaveLength(CALLS);
    await opened.session.close();
  });
});
