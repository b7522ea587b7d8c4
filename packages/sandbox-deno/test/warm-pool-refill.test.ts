import { availableParallelism } from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DenoProcess } from "../src/deno-process.js";
import { WarmPool } from "../src/warm-pool.js";

/** A pool over fake processes that take `startMs` to start, counting starts. */
function fakePool(size: number, startMs = 20) {
  const counts = { started: 0, starting: 0, mostAtOnce: 0 };
  const start = async () => {
    counts.started++;
    counts.starting++;
    counts.mostAtOnce = Math.max(counts.mostAtOnce, counts.starting);
    await new Promise((resolve) => setTimeout(resolve, startMs));
    counts.starting--;
    return { alive: true, dispose: async () => undefined } as unknown as DenoProcess;
  };
  return { pool: new WarmPool(start, size), counts };
}

/**
 * The pool's quiet period is a timer: the tests move a fake clock, so a machine busy with
 * other work cannot fire a timer before the step that should have come first.
 */
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("the warm pool's refill", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts a few processes at a time, never all at once", async () => {
    const { pool, counts } = fakePool(8);
    pool.fill();
    await sleep(400);
    expect(counts.started).toBe(8);
    expect(counts.mostAtOnce).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
    await pool.close();
  });

  it("waits until no process has been taken for a while, unless a session closes", async () => {
    const { pool, counts } = fakePool(4, 5);
    pool.fill();
    await sleep(200);
    expect(counts.started).toBe(4);

    // A burst takes every warm process; its sessions then run.
    for (let taken = 0; taken < 4; taken++) {
      await pool.acquire();
      pool.fillWhenQuiet();
    }
    await sleep(300);
    expect(counts.started).toBe(4); // nothing started beside the burst
    await sleep(400);
    expect(counts.started).toBe(8); // quiet for 500 ms: refilled

    await pool.acquire();
    pool.fillWhenQuiet();
    pool.fill(); // a session closed: its demand is over
    await sleep(50);
    expect(counts.started).toBe(9);
    await pool.close();
  });

  it("starts nothing while a cell runs, and refills once the last running cell ends", async () => {
    const { pool, counts } = fakePool(2, 5);
    pool.hold(); // a cell starts, e.g. a fan-out of sub-calls
    pool.hold(); // and a child session's cell inside it
    pool.fillWhenQuiet();
    pool.fill(); // a child session closed
    await sleep(2_000);
    expect(counts.started).toBe(0);
    pool.release();
    await sleep(2_000);
    expect(counts.started).toBe(0); // the outer cell still runs
    pool.release();
    await sleep(50);
    expect(counts.started).toBe(2);
    await pool.close();
  });

  it("stops a refill under way while a new burst takes processes, and resumes once quiet", async () => {
    const { pool, counts } = fakePool(8, 50);
    pool.fill(); // e.g. a session closed: the first few start at once
    const firstFew = counts.started;
    const taken = pool.acquire(); // a burst begins while they start
    await sleep(50); // it waits for the first of them
    await taken;
    pool.fillWhenQuiet();
    await sleep(300); // several start times, all within the quiet period
    expect(counts.started).toBe(firstFew);
    await sleep(800);
    expect(counts.started).toBe(8 + 1); // quiet: eight warm again, one taken
    await pool.close();
  });
});
