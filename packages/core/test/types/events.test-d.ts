import { describe, expectTypeOf, test } from "vitest";
import type {
  BudgetLimit,
  CellEndEvent,
  RLMEvent,
  RLMEventType,
  RunSummary,
  Usage,
} from "../../src/index.js";

declare const event: RLMEvent;

describe("the event union narrows on `type`", () => {
  test("each type names exactly one event", () => {
    expectTypeOf<Extract<RLMEvent, { type: "cell-end" }>>().toEqualTypeOf<CellEndEvent>();
    expectTypeOf<RLMEventType>().toEqualTypeOf<RLMEvent["type"]>();
    expectTypeOf<"cell-end">().toExtend<RLMEventType>();
    expectTypeOf<"cell-finished">().not.toExtend<RLMEventType>();
  });

  test("a narrowed event has its own fields", () => {
    if (event.type === "model-call-end") {
      expectTypeOf(event.usage).toEqualTypeOf<Usage>();
      expectTypeOf(event.usageEstimated).toEqualTypeOf<true | undefined>();
    }
    if (event.type === "subcall-start") {
      expectTypeOf(event.kind).toEqualTypeOf<"llm" | "rlm">();
    }
    if (event.type === "run-end") {
      expectTypeOf(event.result).toEqualTypeOf<RunSummary<unknown> | undefined>();
      expectTypeOf(event.error)
        .exclude<undefined>()
        .toHaveProperty("limit")
        .toEqualTypeOf<BudgetLimit | undefined>();
    }
  });

  test("fields of other events are not there before narrowing", () => {
    // @ts-expect-error only cell-start and cell-end carry code or output
    event.output;
    expectTypeOf(event.runId).toEqualTypeOf<string>();
    expectTypeOf(event.depth).toEqualTypeOf<number>();
  });
});
