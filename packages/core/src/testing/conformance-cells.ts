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
}

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
};

export function conformanceCells(language: SandboxLanguage): ConformanceCells {
  return language === "python" ? python : javascript;
}
