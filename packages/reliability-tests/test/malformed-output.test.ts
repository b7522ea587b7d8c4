import { createRLM, RLMError, type Sandbox } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  activeResources,
  denoChildrenAfter,
  formatFailures,
  resourcesAbove,
  runAll,
  runSeeds,
  trackUnhandled,
  within,
} from "./support/harness.js";
import {
  DENO_CATEGORIES,
  finalDecoy,
  generateReply,
  type ReplyCategory,
  VM_CATEGORIES,
  validReplies,
} from "./support/malformed-replies.js";
import {
  modelFor,
  type ProviderName,
  type ProviderServers,
  type RequestInfo,
  startProviderServers,
} from "./support/provider-servers.js";
import { createRandom } from "./support/random.js";

/**
 * 1,000 runs whose root model answers with generated replies: seeded mutations of valid
 * replies, broken and nested fences, FINAL inside strings, comments and skipped blocks,
 * megabyte replies, binary junk (control characters, lone surrogates, BOMs, bidi overrides),
 * prompt injections, and on the Deno sandbox code that tries to escape, hang or exhaust it.
 * Each run must end, within its time limit, with an answer or a typed `RLMError`; never an
 * untyped error, a hang or an unhandled rejection. Two kinds of run also check the answer:
 * valid replies must give the expected answer, and a FINAL that does not count (printed,
 * commented, in a skipped block) must not end the run before the real one. Some generated
 * runs carry an answer schema, and an answer they return must match it.
 */

const RUNS = 1_000;
/** Every 25th run uses the real Deno sandbox (with hostile code among its categories). */
const DENO_EVERY = 25;
const RUN_TIMEOUT_MS = 30_000;

/** A Standard Schema for a short string: junk FINAL values are fed back, then refused. */
const shortAnswer = {
  "~standard": {
    version: 1 as const,
    vendor: "reliability-tests",
    validate: (value: unknown) =>
      typeof value === "string" && value.length <= 64
        ? { value }
        : { issues: [{ message: "Expected a string of at most 64 characters." }] },
  },
};

interface Plan {
  kind: "generated" | "valid" | "decoy";
  /** Generated runs only: the answer must match `shortAnswer`. */
  withSchema: boolean;
  categories: ReplyCategory[];
  replies: string[];
  expected: string;
}

const plans = new Map<number, Plan>();
const stats = {
  runs: 0,
  answered: 0,
  typedErrors: {} as Record<string, number>,
  replies: 0,
  /** Generated replies the model actually answered with. */
  served: 0,
  byCategory: {} as Record<string, number>,
  megabyteReplies: 0,
  oracleRuns: 0,
  schemaRuns: 0,
  denoRuns: 0,
};

let servers: ProviderServers;
let deno: DenoSandbox;
let unhandled: ReturnType<typeof trackUnhandled>;
let baseline: Record<string, number>;
beforeAll(async () => {
  baseline = activeResources();
  unhandled = trackUnhandled();
  servers = await startProviderServers(answer);
  deno = denoSandbox({ warmSessions: 2, heapMb: 256, maxRssMb: 768 });
});
afterAll(async () => {
  await servers?.close();
  await deno?.close();
  unhandled.stop();
});

/** Earlier model turns in a request, read from each wire format. */
function assistantTurns(info: RequestInfo): number {
  const body = info.request.json as Record<string, unknown> | undefined;
  const list = (body?.messages ?? body?.input ?? body?.contents ?? []) as { role?: string }[];
  if (!Array.isArray(list)) return 0;
  return list.filter((item) => item.role === "assistant" || item.role === "model").length;
}

function answer(info: RequestInfo) {
  const seed = Number(/Query: Malformed run R(\d+)/.exec(info.body)?.[1]);
  const plan = plans.get(seed);
  // Requests of sub-calls and child RLMs carry no run's query: they get a plain answer.
  if (!plan)
    return { kind: "text" as const, text: "sub-answer", inputTokens: 100, outputTokens: 50 };
  const reply = plan.replies[assistantTurns(info)];
  if (reply !== undefined) stats.served++;
  const text = reply ?? "FINAL(out of script)";
  return { kind: "text" as const, text, inputTokens: 100, outputTokens: 50 };
}

function makePlan(seed: number, useDeno: boolean): Plan {
  const random = createRandom(seed);
  const expected = `answer-R${seed}`;
  const roll = random.next();
  if (roll < 0.05) {
    return {
      kind: "valid",
      withSchema: false,
      categories: ["valid"],
      replies: [random.pick(validReplies(expected))],
      expected,
    };
  }
  if (roll < 0.1) {
    return {
      kind: "decoy",
      withSchema: false,
      categories: ["final-in-string"],
      replies: [finalDecoy(random), `\`\`\`repl\nFINAL(${JSON.stringify(expected)})\n\`\`\``],
      expected,
    };
  }
  const categories = Array.from({ length: 3 }, () =>
    random.pick(useDeno ? DENO_CATEGORIES : VM_CATEGORIES),
  );
  return {
    kind: "generated",
    withSchema: random.chance(0.15),
    categories,
    replies: categories.map((category) => generateReply(random, category, expected)),
    expected,
  };
}

async function malformedRun(seed: number): Promise<void> {
  const useDeno = seed % DENO_EVERY === 0;
  const plan = makePlan(seed, useDeno);
  plans.set(seed, plan);
  stats.runs++;
  if (useDeno) stats.denoRuns++;
  if (plan.kind !== "generated") stats.oracleRuns++;
  if (plan.withSchema) stats.schemaRuns++;
  for (const [index, category] of plan.categories.entries()) {
    stats.byCategory[category] = (stats.byCategory[category] ?? 0) + 1;
    if ((plan.replies[index]?.length ?? 0) >= 1_000_000) stats.megabyteReplies++;
  }
  stats.replies += plan.replies.length;
  try {
    const random = createRandom(seed * 7 + 1);
    const provider = random.pick<ProviderName>(["anthropic", "openai", "google"]);
    const sandbox: Sandbox = useDeno ? deno : vmSandbox();
    const rlm = createRLM({
      model: modelFor(servers, provider, {
        stream: random.chance(0.5),
        timeoutMs: 20_000,
        api: random.pick(["responses", "chat"]),
      }),
      subModel: modelFor(servers, "openai", { stream: false, timeoutMs: 20_000 }),
      sandbox,
      maxDepth: 1,
      maxIterations: 2,
      // Short in the vm, where a `while (true) {}` blocks the whole test process until the
      // limit; the valid and decoy runs, which wait on sub-calls, get time for them.
      cellTimeoutMs: useDeno ? 1_500 : plan.kind === "generated" ? 300 : 5_000,
    });
    let result: { answer: unknown } | undefined;
    let failure: unknown;
    try {
      result = await within(
        rlm.complete({
          context: `context of run ${seed}`,
          query: `Malformed run R${seed}`,
          ...(plan.withSchema ? { schema: shortAnswer } : {}),
        }),
        RUN_TIMEOUT_MS,
        `the run did not end within ${RUN_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      failure = error;
    }
    if (result) {
      if (typeof result.answer !== "string") {
        throw new Error(`the answer is a ${typeof result.answer}, not a string`);
      }
      if (plan.withSchema && result.answer.length > 64) {
        throw new Error("an answer that does not match the schema was accepted");
      }
      if (plan.kind !== "generated" && result.answer !== plan.expected) {
        throw new Error(
          `a ${plan.kind} run answered ${JSON.stringify(result.answer.slice(0, 200))}`,
        );
      }
      stats.answered++;
    } else if (RLMError.isInstance(failure) && plan.kind === "generated") {
      stats.typedErrors[failure.name] = (stats.typedErrors[failure.name] ?? 0) + 1;
    } else {
      throw new Error(`a ${plan.kind} run failed with ${String(failure).slice(0, 500)}`, {
        cause: failure,
      });
    }
  } finally {
    plans.delete(seed);
  }
}

it(`${RUNS} runs fed generated and mutated replies end with an answer or a typed error`, async ({
  signal,
}) => {
  const failures = await runAll({
    seeds: runSeeds(RUNS, 30_000),
    concurrency: 8,
    run: malformedRun,
    abortSignal: signal,
  });
  console.log("malformed output:", JSON.stringify(stats));
  expect(formatFailures(failures)).toBe("no failures");
  expect(unhandled.problems).toEqual([]);
  if (runSeeds(RUNS, 30_000).length === RUNS) {
    expect(stats.served).toBeGreaterThanOrEqual(1_000);
    expect(stats.megabyteReplies).toBeGreaterThan(10);
    expect(stats.denoRuns).toBeGreaterThanOrEqual(RUNS / DENO_EVERY);
  }
});

it("leaves no Deno process and no open handle behind", async () => {
  await deno.close();
  await servers.close();
  expect(await denoChildrenAfter()).toEqual([]);
  expect(await resourcesAbove(baseline)).toEqual({});
});
