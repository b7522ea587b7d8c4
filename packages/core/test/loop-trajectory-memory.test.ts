import { describe, expect, it } from "vitest";
import { createRLM } from "../src/index.js";
import { scriptedModel, vmSandbox } from "../src/testing/index.js";
import { eventTextBound } from "./fixtures/event-text-bound.js";
import { repl } from "./fixtures.js";

const PROMPTS = 2_000;
const PROMPT_CHARS = 100_000;
const REPLY_CHARS = 20_000;

/** Characters of every string an event holds, ids and names included. */
function retainedChars(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value))
    return value.reduce((sum: number, item) => sum + retainedChars(item), 0);
  if (typeof value === "object" && value !== null) {
    let sum = 0;
    for (const [key, item] of Object.entries(value)) sum += key.length + retainedChars(item);
    return sum;
  }
  return 0;
}

describe("what a run keeps of its texts", () => {
  it(`${PROMPTS} prompts of ${PROMPT_CHARS.toLocaleString("en-US")} characters keep the trajectory within its documented bound`, async () => {
    const sub = scriptedModel({
      respond: (request) =>
        `${request.messages[0]?.content.slice(0, 12)}:${"r".repeat(REPLY_CHARS)}`,
    });
    const root = scriptedModel({
      replies: [
        repl(
          `let n = 0\nfor (let i = 0; i < ${PROMPTS}; i++) {\n  const reply = await llm_query(String(i).padStart(12, '0') + 'p'.repeat(${PROMPT_CHARS}))\n  if (reply.startsWith(String(i).padStart(12, '0'))) n++\n}\nFINAL(String(n))`,
        ),
      ],
    });
    const maxEventTextChars = 10_000;
    const rlm = createRLM({ model: root, subModel: sub, sandbox: vmSandbox(), maxEventTextChars });
    const result = await rlm.complete({ context: "c", query: "q" });
    // Every sub-model call saw its whole prompt: only what the events keep is cut.
    expect(result.answer).toBe(String(PROMPTS));
    expect(sub.calls.every((call) => call.messages[0]?.content.length === PROMPT_CHARS + 12)).toBe(
      true,
    );

    // The documented bound: per event, maxEventTextChars of content plus a marker per cut
    // text, plus its ids and names (well under 1,000 characters).
    let bound = 0;
    let retained = 0;
    for (const event of result.trajectory) {
      const eventBound = eventTextBound(event, maxEventTextChars);
      const chars = retainedChars(event);
      expect(chars).toBeLessThanOrEqual(eventBound);
      bound += eventBound;
      retained += chars;
    }
    expect(retained).toBeLessThanOrEqual(bound);
    // Uncapped, the prompts and replies alone would be 2 x 2,000 x 100,000 + 2 x 2,000 x 20,000.
    const uncapped = 2 * PROMPTS * PROMPT_CHARS + 2 * PROMPTS * REPLY_CHARS;
    expect(retained).toBeLessThan(uncapped / 5);
    const subcallStart = result.trajectory.find((event) => event.type === "subcall-start");
    expect(subcallStart?.type === "subcall-start" && subcallStart.prompt).toMatch(
      /^000000000000p+\n\[\.\.\. [\d,]+ characters omitted \.\.\.\]\np+$/,
    );
  });
});
