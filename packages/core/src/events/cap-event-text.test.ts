import { describe, expect, it } from "vitest";
import { CUT_MARKER_CHARS, capEventText } from "./cap-event-text.js";

const lengthOf = (texts: string[]) => texts.reduce((sum, text) => sum + text.length, 0);

describe("capEventText", () => {
  it("returns an event within the cap as it is", () => {
    const event = { type: "subcall-start", prompt: "short" };
    expect(capEventText(event, 100)).toBe(event);
  });

  it("cuts one long text to the cap, keeping its head and tail", () => {
    const prompt = `HEAD${"x".repeat(10_000)}TAIL`;
    const capped = capEventText({ type: "subcall-start", prompt }, 1_000);
    expect(capped.prompt.length).toBeLessThanOrEqual(1_000 + CUT_MARKER_CHARS);
    expect(capped.prompt.startsWith("HEAD")).toBe(true);
    expect(capped.prompt.endsWith("TAIL")).toBe(true);
    expect(capped.prompt).toContain("characters omitted");
  });

  it("shares the cap over every message: short ones whole, long ones cut", () => {
    const messages = [
      { role: "system", content: "s".repeat(100) },
      { role: "user", content: "u".repeat(50_000) },
      { role: "assistant", content: "a".repeat(50_000) },
    ];
    const event = { type: "model-call-start", messages };
    const capped = capEventText(event, 2_000);
    const contents = capped.messages.map((message) => message.content);
    expect(contents[0]).toBe("s".repeat(100));
    expect(lengthOf(contents)).toBeLessThanOrEqual(2_000 + 2 * CUT_MARKER_CHARS);
    // The original is untouched: the caller's conversation goes on in full.
    expect(messages[1]?.content.length).toBe(50_000);
  });

  it("cuts a run-end answer but keeps the rest of the result", () => {
    const event = {
      type: "run-end",
      result: { answer: "y".repeat(5_000), iterations: 3 },
    };
    const capped = capEventText(event, 1_000);
    expect(capped.result.iterations).toBe(3);
    expect(capped.result.answer.length).toBeLessThanOrEqual(1_000 + CUT_MARKER_CHARS);
    expect(event.result.answer.length).toBe(5_000);
  });

  it("keeps everything with an infinite cap", () => {
    const event = { type: "subcall-start", prompt: "z".repeat(100_000) };
    expect(capEventText(event, Number.POSITIVE_INFINITY)).toBe(event);
  });
});
