import { describe, expect, it } from "vitest";
import { SessionSlots } from "./session-slots.js";

describe("SessionSlots", () => {
  it("keeps one slot per deeper level: parents never fill the slots their children need", () => {
    const slots = new SessionSlots(3, 2);
    const root = slots.tryAcquire(0);
    expect(root).toBeDefined();
    // Depth 1 needs one slot left for depth 2: only one depth-1 node may hold a slot.
    const child = slots.tryAcquire(1);
    expect(child).toBeDefined();
    expect(slots.tryAcquire(1)).toBeUndefined();
    // The last slot is for depth 2.
    const grandchild = slots.tryAcquire(2);
    expect(grandchild).toBeDefined();
    expect(slots.tryAcquire(2)).toBeUndefined();
    expect(slots.liveSessions).toBe(3);
  });

  it("grants a deeper waiter behind a shallower one that may not start yet", async () => {
    const slots = new SessionSlots(3, 2);
    slots.tryAcquire(0);
    const child = slots.tryAcquire(1) as () => void;
    const grandchild = slots.tryAcquire(2) as () => void;
    const controller = new AbortController();
    const granted: string[] = [];
    const secondChild = slots.acquire(1, controller.signal).then((release) => {
      granted.push("depth 1");
      return release;
    });
    const secondGrandchild = slots.acquire(2, controller.signal).then((release) => {
      granted.push("depth 2");
      return release;
    });
    grandchild();
    await secondGrandchild;
    expect(granted).toEqual(["depth 2"]);
    (await secondGrandchild)();
    child();
    await secondChild;
    expect(granted).toEqual(["depth 2", "depth 1"]);
  });

  it("a waiter that is aborted leaves the queue with the signal's reason", async () => {
    const slots = new SessionSlots(1, 0);
    const release = slots.tryAcquire(0) as () => void;
    const controller = new AbortController();
    const waiting = slots.acquire(0, controller.signal);
    controller.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    release();
    expect(slots.liveSessions).toBe(0);
    expect(slots.tryAcquire(0)).toBeDefined();
  });
});
