import { afterEach, describe, expect, it, vi } from "vitest";
import { ControlChannel } from "../src/control-channel.js";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession, recordingHost } from "./helpers.js";

let sandbox: DenoSandbox | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await sandbox?.close();
});

/**
 * Runs a cell that sends `calls` llm_query prompts ("part 0", ...) at once to a host whose
 * answer to part n is "answer n", delayed by `delay`; returns the session and the cell's
 * output: how many replies, how many were not their own part's answer, the first and last.
 */
async function fanOut(calls: number, delay: (n: number) => Promise<void>) {
  const host = recordingHost(async (prompt) => {
    const n = Number(prompt.slice("part ".length));
    await delay(n);
    return `answer ${n}`;
  });
  const opened = await openSession({ host, sandbox: { maxSubCallsInFlight: calls } });
  sandbox = opened.sandbox;
  const result = await cell(
    opened.session,
    `const replies = await Promise.all(Array.from({ length: ${calls} }, (_, i) => llm_query("part " + i)));
const wrong = replies.filter((reply, i) => reply !== "answer " + i);
console.log(replies.length, wrong.length, replies[0], replies[${calls - 1}])`,
  );
  expect(result.error).toBeUndefined();
  expect(result.output).toBe(`${calls} 0 answer 0 answer ${calls - 1}`);
  return { host, session: opened.session };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe("a burst of sub-call answers", () => {
  it("reaches every call exactly once, however many the host answers in one turn", async () => {
    const CALLS = 400;
    // Every third answer waits a turn, so the answers come back in bursts and out of order.
    const { host, session } = await fanOut(CALLS, async (n) => {
      if (n % 3 === 0) await nextTurn();
    });
    const prompts = host.calls.map((call) => call.prompt);
    expect(new Set(prompts).size).toBe(CALLS);
    expect(prompts).toHaveLength(CALLS);
    await session.close();
  });

  it("lets answers that come turn by turn wait for the cell's next ones, and sends its last at once", async () => {
    const CALLS = 60;
    const sends = vi.spyOn(ControlChannel.prototype, "send");
    // Once every call has reached the host (however many frames that took), one answer per
    // turn, last call first: each goes out while the others are still in flight.
    let arrived = 0;
    const allArrived = deferred();
    const answered = Array.from({ length: CALLS }, deferred);
    const { session } = await fanOut(CALLS, async (n) => {
      if (++arrived === CALLS) allArrived.resolve();
      await allArrived.promise;
      if (n < CALLS - 1) await answered[n + 1]!.promise;
      await nextTurn();
      answered[n]!.resolve();
    });
    const answers = sends.mock.calls.filter(([message]) => message.type === "bridge-result");
    expect(new Set(answers.map(([message]) => message.callId)).size).toBe(CALLS); // each once
    const lingering = answers.map(([, options]) => options?.lingerMs !== undefined);
    expect(lingering).toEqual([...Array(CALLS - 1).fill(true), false]);
    await session.close();
  });
});
