import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the warm pool's refill", () => {
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

  it("stops a refill under way while a new burst takes processes, and resumes once quiet", async () => {
    const { pool, counts } = fakePool(8, 50);
    pool.fill(); // e.g. a session closed: the first few start at once
    const firstFew = counts.started;
    await pool.acquire(); // a burst begins while they start
    pool.fillWhenQuiet();
    await sleep(300); // several start times, all within the quiet period
    expect(counts.started).toBe(firstFew);
    await sleep(800);
    expect(counts.started).toBe(8 + 1); // quiet: eight warm again, one taken
    await pool.close();
  });
});
