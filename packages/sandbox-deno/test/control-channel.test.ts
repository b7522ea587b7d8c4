import { createDecipheriv } from "node:crypto";
import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ControlChannel } from "../src/control-channel.js";

/**
 * A channel over a stand-in socket, fed bytes as a pipe would deliver them. `key` is what the
 * channel sent first, as the runner reads it; `signed` puts it on a frame as the runner does.
 */
function channel(maxFrameBytes?: number) {
  const written: string[] = [];
  const socket = Object.assign(new EventEmitter(), {
    writable: true,
    destroyed: false,
    write: (text: string) => written.push(text),
  });
  const messages: unknown[] = [];
  const violations: string[] = [];
  const control = new ControlChannel(
    socket as unknown as Socket,
    { onMessage: (message) => messages.push(message), onViolation: (r) => violations.push(r) },
    maxFrameBytes,
  );
  const { key } = JSON.parse(written[0] ?? "{}") as { key: string };
  const sent = () => written.slice(1);
  const feed = (...chunks: string[]) => {
    for (const chunk of chunks) socket.emit("data", Buffer.from(chunk, "utf8"));
  };
  const signed = (message: Record<string, unknown>) => JSON.stringify({ ...message, key });
  return { feed, signed, key, messages, violations, send: control.send.bind(control), sent };
}

/** Lets the event loop turn once, so what was sent in the previous turn is written. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Opens the sealed frames in order, as the runner does: one keystream over all of them. */
function openFrames(key: string, lines: readonly string[]): unknown[] {
  const decipher = createDecipheriv("aes-256-ctr", Buffer.from(key, "base64url"), Buffer.alloc(16));
  return lines.map((line) => {
    const frame = JSON.parse(line) as { type: string; data: string };
    expect(frame.type).toBe("sealed");
    return JSON.parse(decipher.update(Buffer.from(frame.data, "base64")).toString("utf8"));
  });
}

describe("the control channel's framing", () => {
  it("parses frames split across chunks and several in one chunk", () => {
    const { feed, key, messages, violations } = channel();
    feed(
      `{"type":"sta`,
      `rted","key":"${key}"}\n{"a":1,"key":"${key}"}\n{"b":"é`,
      `","key":"${key}"}\n`,
      `{"c":[1,2],"key":"${key}"}\n\n`,
    );
    expect(messages).toEqual([{ type: "started" }, { a: 1 }, { b: "é" }, { c: [1, 2] }]);
    expect(violations).toEqual([]);
  });

  it("reports a frame that is not JSON once, and parses nothing after it", () => {
    const { feed, signed, messages, violations } = channel();
    feed(`${signed({ ok: 1 })}\nnot json\n${signed({ after: 1 })}\n`);
    expect(messages).toEqual([{ ok: 1 }]);
    expect(violations).toEqual(["it sent a control message that is not JSON"]);
  });

  it("sends each process its own key first and refuses a frame without it", () => {
    const first = channel();
    const second = channel();
    expect(first.key).toMatch(/^[\w-]{43}$/);
    expect(second.key).not.toBe(first.key);
    first.feed(`${JSON.stringify({ type: "cell-result", key: second.key })}\n`);
    second.feed(`${JSON.stringify({ type: "cell-result" })}\n`, `${second.signed({ late: 1 })}\n`);
    for (const { messages, violations } of [first, second]) {
      expect(messages).toEqual([]);
      expect(violations).toEqual(["it sent a control message without the runner's key"]);
    }
  });

  it("delivers a batch frame's messages in order, and refuses a batch that is not a list", () => {
    const { feed, signed, messages, violations } = channel();
    const calls = Array.from({ length: 300 }, (_, callId) => ({ type: "bridge-call", callId }));
    feed(`${signed({ type: "batch", messages: calls })}\n${signed({ type: "ready" })}\n`);
    expect(messages).toEqual([...calls, { type: "ready" }]);
    feed(`${signed({ type: "batch", messages: { type: "ready" } })}\n`);
    expect(violations).toEqual(["it sent a batch of control messages that is not a list"]);
  });

  it("stops buffering a frame as soon as it passes the cap, before its end arrives", () => {
    const { feed, messages, violations } = channel(1024 * 1024);
    feed("x".repeat(600 * 1024), "x".repeat(600 * 1024));
    expect(violations).toEqual(["it sent a control message over 1 MiB"]);
    feed('\n{"late":1}\n');
    expect(messages).toEqual([]);
  });

  it("seals what it sends with the key: a reader without it sees no message text", async () => {
    const { send, sent, key } = channel();
    send({ type: "execute", cellId: "c1", code: "secret-code()" });
    await nextTurn();
    send({ type: "execute", cellId: "c2", code: "secret-code()" });
    await nextTurn();
    const frames = sent().map((line) => JSON.parse(line) as { type: string; data: string });
    expect(frames.map((frame) => frame.type)).toEqual(["sealed", "sealed"]);
    // The plaintext as it would show in a frame: its JSON strings, quotes included. A bare
    // "c1" would also match random base64 (about one run in thirty), so quotes are part of it.
    expect(sent().join("")).not.toMatch(/secret-code|"execute"|"c1"|"c2"/);
    for (const frame of frames) {
      expect(Buffer.from(frame.data, "base64").includes("secret-code")).toBe(false);
    }
    expect(frames[0]?.data).not.toBe(frames[1]?.data);
    expect(openFrames(key, sent())).toEqual([
      { type: "execute", cellId: "c1", code: "secret-code()" },
      { type: "execute", cellId: "c2", code: "secret-code()" },
    ]);
  });

  it("writes a burst sent in one turn as one frame holding every message once, in order", async () => {
    const { send, sent, key } = channel();
    const burst = Array.from({ length: 500 }, (_, callId) => ({
      type: "bridge-result",
      callId,
      ok: true,
      value: `answer ${callId}`,
    }));
    for (const message of burst) send(message);
    expect(sent()).toEqual([]); // nothing is written before the turn ends
    await nextTurn();
    send({ type: "execute", cellId: "c2", code: "1" });
    await nextTurn();
    expect(sent()).toHaveLength(2);
    expect(openFrames(key, sent())).toEqual([burst, { type: "execute", cellId: "c2", code: "1" }]);
  });

  it("splits a burst too large for one frame into several, in order", async () => {
    const { send, sent, key } = channel();
    // Three large answers in one turn: as one frame, sealed, they would pass the longest
    // string the host can make (and the write would throw outside any caller).
    const answers = [0, 1, 2].map((callId) => ({
      type: "bridge-result",
      callId,
      ok: true,
      value: String(callId).repeat(150_000_000),
    }));
    for (const message of answers) send(message);
    await nextTurn();
    const opened = openFrames(key, sent()).flat() as { callId: number; value: string }[];
    expect(opened.map(({ callId, value }) => [callId, value.length])).toEqual([
      [0, 150_000_000],
      [1, 150_000_000],
      [2, 150_000_000],
    ]);
  }, 60_000);

  it("ends the process, instead of throwing, for one message too large to seal", async () => {
    const { send, sent, violations } = channel();
    send({ type: "set-variable", requestId: 1, name: "big", json: "x".repeat(420_000_000) });
    await nextTurn();
    expect(sent()).toEqual([]);
    expect(violations).toEqual([expect.stringMatching(/^a message to it was too large to send/)]);
  }, 60_000);

  describe("messages that may linger", () => {
    // Only the timers are fake: turns of the event loop (setImmediate) stay real.
    afterEach(() => {
      vi.useRealTimers();
    });
    const answer = (callId: number) => ({ type: "bridge-result", callId, ok: true, value: "a" });

    it("share one frame across turns, written once the first has waited its lingerMs", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { send, sent, key } = channel();
      send(answer(1), { lingerMs: 2 });
      await nextTurn();
      send(answer(2), { lingerMs: 2 });
      await nextTurn();
      expect(sent()).toEqual([]);
      vi.advanceTimersByTime(2);
      expect(sent()).toHaveLength(1);
      expect(openFrames(key, sent())).toEqual([[answer(1), answer(2)]]);
    });

    it("go out at the end of the turn, in order, with a message that may not wait", async () => {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      const { send, sent, key } = channel();
      send(answer(1), { lingerMs: 2 });
      await nextTurn();
      send(answer(2));
      send(answer(3), { lingerMs: 2 });
      await nextTurn();
      expect(openFrames(key, sent())).toEqual([[answer(1), answer(2), answer(3)]]);
      vi.advanceTimersByTime(10);
      expect(sent()).toHaveLength(1);
    });
  });
});
