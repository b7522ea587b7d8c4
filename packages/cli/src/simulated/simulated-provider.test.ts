import { createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { simulated } from "./simulated-provider.js";
import { answerFromSlice } from "./sub-model-rules.js";

function haystack(needleAt: number, size: number): string {
  const words = ["river", "stone", "lantern", "quiet", "meadow", "copper", "orbit", "velvet"];
  const sentences: string[] = [];
  for (let index = 0, length = 0; length < size; index++) {
    const sentence = `The ${words[index % 8]} ${words[(index * 3) % 8]} rests near the ${words[(index * 5) % 8]}.`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  sentences.splice(
    Math.floor(sentences.length * needleAt),
    0,
    "One of the special magic numbers for amber-fox is: 4815162.",
  );
  return sentences.join(" ");
}

describe("simulated provider", () => {
  it("finds a needle in a long document through real code, chunking and parallel sub-calls", async () => {
    const context = haystack(0.73, 2_000_000);
    const rlm = createRLM({
      model: simulated("root"),
      subModel: simulated("sub"),
      sandbox: vmSandbox(),
    });
    const result = await rlm.complete({
      context,
      query: "What is the special magic number for amber-fox mentioned in the context?",
    });
    expect(result.answer).toBe("4815162");
    expect(result.subCalls).toBeGreaterThanOrEqual(10);
    expect(result.costUsd).toBe(0);
  });

  it("the sub-model answers only from the slice it is given", () => {
    const question =
      "Question: What is the special magic number for amber-fox mentioned in the context?\nText (chunk 1 of 2):\n";
    expect(
      answerFromSlice(`${question}filler. One of the special magic numbers for amber-fox is: 123.`),
    ).toBe("123");
    expect(
      answerFromSlice(`${question}filler without it. magic numbers for other-key is: 9.`),
    ).toBe("NONE");
  });
});
