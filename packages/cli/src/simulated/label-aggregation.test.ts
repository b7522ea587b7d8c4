import { createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { generateTask, scoreTask } from "@rlm/evals";
import { describe, expect, it } from "vitest";
import { classifyQuestion } from "./label-rules.js";
import { simulated } from "./simulated-provider.js";

async function solve(family: "oolong" | "oolong-pairs", seed: number, tokens: number) {
  const task = generateTask(family, { seed, tokens });
  const rlm = createRLM({
    model: simulated("root"),
    subModel: simulated("sub"),
    sandbox: vmSandbox(),
  });
  const result = await rlm.complete({ context: task.context, query: task.query });
  return { task, result, score: scoreTask(task, result.answer) };
}

describe("simulated label aggregation", () => {
  it("classifies questions by their wording", () => {
    expect(classifyQuestion("What does NATO stand for?")).toBe("abbreviation");
    expect(classifyQuestion("Who wrote Hamlet?")).toBe("human being");
    expect(classifyQuestion("In which country is Lyon?")).toBe("location");
    expect(classifyQuestion("What year did the war end?")).toBe("numeric value");
    expect(classifyQuestion("How does a pump work?")).toBe("description and abstract concept");
    expect(classifyQuestion("What breed of dog makes the best pet?")).toBe("entity");
  });

  it("answers OOLONG-style questions by classifying every data point through sub-calls", async () => {
    const scores: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const { result, score } = await solve("oolong", seed, 16_000);
      expect(result.subCalls).toBeGreaterThan(0);
      scores.push(score);
    }
    expect(scores.reduce((sum, score) => sum + score, 0) / scores.length).toBeGreaterThan(0.9);
  });

  it("lists OOLONG-Pairs-style pairs", async () => {
    const { score } = await solve("oolong-pairs", 5, 16_000);
    expect(score).toBeGreaterThan(0.9);
  });
});
