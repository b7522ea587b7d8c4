import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ControlChannel } from "../src/control-channel.js";

/** A channel over a stand-in socket, fed bytes as a pipe would deliver them. */
function channel(maxFrameBytes?: number) {
  const socket = new EventEmitter();
  const messages: unknown[] = [];
  const violations: string[] = [];
  new ControlChannel(
    socket as unknown as Socket,
    { onMessage: (message) => messages.push(message), onViolation: (r) => violations.push(r) },
    maxFrameBytes,
  );
  const feed = (...chunks: string[]) => {
    for (const chunk of chunks) socket.emit("data", Buffer.from(chunk, "utf8"));
  };
  return { feed, messages, violations };
}

describe("the control channel's framing", () => {
  it("parses frames split across chunks and several in one chunk", () => {
    const { feed, messages, violations } = channel();
    feed('{"type":"sta', 'rted"}\n{"a":1}\n{"b":"é', '"}\n', '{"c":[1,2]}\n\n');
    expect(messages).toEqual([{ type: "started" }, { a: 1 }, { b: "é" }, { c: [1, 2] }]);
    expect(violations).toEqual([]);
  });

  it("reports a frame that is not JSON once, and parses nothing after it", () => {
    const { feed, messages, violations } = channel();
    feed('{"ok":1}\nnot json\n{"after":1}\n');
    expect(messages).toEqual([{ ok: 1 }]);
    expect(violations).toEqual(["it sent a control message that is not JSON"]);
  });

  it("stops buffering a frame as soon as it passes the cap, before its end arrives", () => {
    const { feed, messages, violations } = channel(1024 * 1024);
    feed("x".repeat(600 * 1024), "x".repeat(600 * 1024));
    expect(violations).toEqual(["it sent a control message over 1 MiB"]);
    feed('\n{"late":1}\n');
    expect(messages).toEqual([]);
  });
});
