import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { createRLM, type RLMResult, type RunSummary } from "../../src/index.js";
import { scriptedModel, vmSandbox } from "../../src/testing/index.js";

const rlm = createRLM({ model: scriptedModel({ replies: [] }), sandbox: vmSandbox() });
const incidents = z.object({ count: z.number(), labels: z.array(z.string()) });

/** A schema written by hand against the spec: any Standard Schema library must type the answer. */
declare const handWritten: StandardSchemaV1<unknown, { ok: boolean }>;

describe("complete() types its answer by the schema", () => {
  test("without a schema the answer is a string", () => {
    expectTypeOf(rlm.complete({ context: "", query: "" })).resolves.toEqualTypeOf<
      RLMResult<string>
    >();
  });

  test("a zod schema gives its output type", () => {
    expectTypeOf(rlm.complete({ context: "", query: "", schema: incidents }))
      .resolves.toHaveProperty("answer")
      .toEqualTypeOf<{ count: number; labels: string[] }>();
  });

  test("any Standard Schema gives its output type, not its input type", () => {
    const coerced = z.string().transform((text) => text.length);
    expectTypeOf(rlm.complete({ context: "", query: "", schema: coerced }))
      .resolves.toHaveProperty("answer")
      .toEqualTypeOf<number>();
    expectTypeOf(rlm.complete({ context: "", query: "", schema: handWritten }))
      .resolves.toHaveProperty("answer")
      .toEqualTypeOf<{ ok: boolean }>();
  });

  test("a value that is not a Standard Schema is refused", () => {
    // @ts-expect-error a plain object is not a schema
    rlm.complete({ context: "", query: "", schema: { count: "number" } });
  });

  test("the result's summary is the run-end event's, without the trajectory", () => {
    expectTypeOf<Omit<RLMResult<number>, "trajectory">>().toEqualTypeOf<RunSummary<number>>();
  });
});

describe("sessions type each question's answer by its own schema", () => {
  const session = rlm.session({ context: "a b c" });

  test("a question without a schema answers a string", () => {
    expectTypeOf(session.complete({ query: "" }))
      .resolves.toHaveProperty("answer")
      .toEqualTypeOf<string>();
  });

  test("a question with a schema answers its output type", () => {
    expectTypeOf(session.complete({ query: "", schema: incidents }))
      .resolves.toHaveProperty("answer")
      .toEqualTypeOf<{ count: number; labels: string[] }>();
  });
});
