import type { SandboxLanguage } from "../sandbox/sandbox.js";

/** The code each conformance check runs, in each sandbox language. */
export interface ConformanceCells {
  define: string;
  useDefined: string;
  printAndShow: string;
  finalTwice: string;
  defineAnswer: string;
  finalVarAnswer: string;
  finalVarMissing: string;
  defineOverCap: string;
  finalOverCap: string;
  readQuery: string;
  batchedFive: string;
  endlessLoop: string;
  readAfterTimeout: string;
  printLong: (chars: number) => string;
  raise: string;
  syntaxError: string;
  awaitSubCall: string;
  armLate: string;
  waitForLate: string;
  /** Typed `llm_query`, its batched form and typed `rlm_query` (batched too); FINALs the values. */
  typedCalls: string;
  /** A typed call the host rejects, caught in the cell; prints "caught" and the message. */
  typedFailure: string;
  /** `llm_query` with text, bytes and a data URL image part. */
  imageParts: string;
  /** FINALs what the code sees of a context of [PNG bytes, "text", bytes 1 2 3]. */
  readBinaryContext: string;
  /** Sends the context's first item (bytes) as a sub-context to `rlm_query`. */
  binarySubContext: string;
  /** FINALs what `budget()` returns. */
  readBudget: string;
}

/** The JSON Schema the typed-call cells pass. */
export const CONFORMANCE_SCHEMA = {
  type: "object",
  properties: { n: { type: "number" } },
  required: ["n"],
};
const SCHEMA_JSON = JSON.stringify(CONFORMANCE_SCHEMA);
/** The first bytes of a PNG file: enough for a sandbox or core to tell the type. */
export const PNG_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
/** A data URL whose bytes are "GIF89a" (and whose media type it names). */
export const GIF_DATA_URL = "data:image/gif;base64,R0lGODlh";

/** Just over the FINAL cap, in characters of a string. */
const OVER_CAP = 68_000_000;

const javascript: ConformanceCells = {
  define: "let x = 41; function inc(v) { return v + 1 }",
  useDefined: "inc(x)",
  printAndShow: 'console.log("hi"); "a" + "b"',
  finalTwice: 'FINAL({ n: 1 }); FINAL("second")',
  defineAnswer: 'var answer = ["a", "b"]; var text = "plain"',
  finalVarAnswer: 'FINAL_VAR("answer")',
  finalVarMissing: 'FINAL_VAR("missing")',
  defineOverCap: `var big = "x".repeat(${OVER_CAP}); 0`,
  finalOverCap: "FINAL(big)",
  readQuery: "query",
  batchedFive: 'await llm_query_batched(["a", "b", "c", "d", "e"])',
  endlessLoop: "for (;;) {}",
  readAfterTimeout: "x",
  printLong: (chars) => `print("y".repeat(${chars}))`,
  raise: 'throw new Error("boom")',
  syntaxError: "let = ;",
  awaitSubCall: 'await llm_query("wait")',
  armLate: `var fired = false;
Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200).value.then(() => {
  FINAL("stale");
  print("stale output");
  llm_query("late").catch(() => {});
  fired = true;
});
"armed"`,
  waitForLate: 'while (!fired) await new Promise((resolve) => setTimeout(resolve, 20)); "later"',
  typedCalls: `const S = ${SCHEMA_JSON};
const one = await llm_query("abc", { schema: S });
const many = await llm_query_batched(["a", "bb"], { schema: S });
const child = await rlm_query("four", "ctx", { schema: S });
const children = await rlm_query_batched([{ prompt: "fives", context: "c", schema: S }]);
FINAL({ one, many, child, children })`,
  typedFailure: `try { await llm_query("bad", { schema: ${SCHEMA_JSON} }) } catch (error) { print("caught " + error.message) }`,
  imageParts: `const png = new Uint8Array(${JSON.stringify(PNG_BYTES)});
await llm_query(["look", { type: "image", data: png }, { type: "text", text: "end" }, { type: "image", data: "${GIF_DATA_URL}" }])`,
  readBinaryContext:
    "FINAL([context.length, context[0] instanceof Uint8Array, context[0].length, context[0][0], context[1], Array.from(context[2])])",
  binarySubContext: 'await rlm_query("look", [context[0]])',
  readBudget: "FINAL(await budget())",
};

const python: ConformanceCells = {
  define: "x = 41\ndef inc(v):\n    return v + 1",
  useDefined: "inc(x)",
  printAndShow: 'print("hi")\n"a" + "b"',
  finalTwice: 'FINAL({"n": 1})\nFINAL("second")',
  defineAnswer: 'answer = ["a", "b"]\ntext = "plain"',
  finalVarAnswer: 'FINAL_VAR("answer")',
  finalVarMissing: 'FINAL_VAR("missing")',
  defineOverCap: `big = "x" * ${OVER_CAP}\n0`,
  finalOverCap: "FINAL(big)",
  readQuery: "query",
  batchedFive: 'llm_query_batched(["a", "b", "c", "d", "e"])',
  endlessLoop: "while True:\n    pass",
  readAfterTimeout: "x",
  printLong: (chars) => `print("y" * ${chars})`,
  raise: 'raise ValueError("boom")',
  syntaxError: "x = = 1",
  awaitSubCall: 'llm_query("wait")',
  armLate: `import asyncio
fired = False
async def late():
    global fired
    await asyncio.sleep(0.2)
    FINAL("stale")
    print("stale output")
    fired = True
task = asyncio.ensure_future(late())
"armed"`,
  waitForLate: 'while not fired:\n    await asyncio.sleep(0.02)\n"later"',
  typedCalls: `S = ${SCHEMA_JSON}
one = llm_query("abc", schema=S)
many = llm_query_batched(["a", "bb"], schema=S)
child = rlm_query("four", "ctx", schema=S)
children = rlm_query_batched([{"prompt": "fives", "context": "c", "schema": S}])
FINAL({"one": one, "many": many, "child": child, "children": children})`,
  typedFailure: `try:\n    llm_query("bad", schema=${SCHEMA_JSON})\nexcept Exception as error:\n    print("caught " + str(error))`,
  imageParts: `png = bytes(${JSON.stringify(PNG_BYTES)})
llm_query(["look", {"type": "image", "data": png}, {"type": "text", "text": "end"}, {"type": "image", "data": "${GIF_DATA_URL}"}])`,
  readBinaryContext:
    "FINAL([len(context), isinstance(context[0], bytes), len(context[0]), context[0][0], context[1], list(context[2])])",
  binarySubContext: 'rlm_query("look", [context[0]])',
  readBudget: "FINAL(budget())",
};

export function conformanceCells(language: SandboxLanguage): ConformanceCells {
  return language === "python" ? python : javascript;
}
