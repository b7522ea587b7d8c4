import { anthropic } from "@rlm/anthropic";
import {
  BudgetExceededError,
  type BudgetLimit,
  createRLM,
  type GenerateRequest,
  type ModelCallEndEvent,
  messageText,
  type RLMEvent,
  type RLMLimits,
  type Sandbox,
} from "@rlm/core";
import { type ScriptedReply, scriptedModel, vmSandbox } from "@rlm/core/testing";
import { google } from "@rlm/google";
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
import { startProviderServers } from "./support/provider-servers.js";
import { createRandom, hashString } from "./support/random.js";

/**
 * Randomized runs that fan out in parallel (`llm_query_batched` next to `rlm_query_batched`
 * children that fan out again) under `maxCostUsd`, `maxTokens` and `maxSubCalls`, with priced
 * models, random latencies and `maxConcurrency` from 2 to 12. Each limit is set to a random
 * fraction of what the same run uses without limits, so most runs hit it mid-flight.
 *
 * The bounds asserted, which are what core guarantees:
 * - `maxSubCalls` is never exceeded: a sub-call is counted before it starts.
 * - `maxConcurrency` model requests at most are ever in flight.
 * - `maxCostUsd` / `maxTokens`: every request reserves its worst case (prompt at 3 characters a
 *   token plus framing, plus the full `maxOutputTokens`) before it is sent, and is refused when
 *   spent + reserved would pass the cap. So when every model reports usage within its request's
 *   own worst case, the cap is never exceeded at all. When a model reports more (here: dense
 *   text at 1.5 tokens a character), the overshoot is at most the real usage of the requests
 *   that were in flight when the last request was admitted; nothing is admitted after that.
 */

const RUNS = 150;
const DENO_EVERY = 10;
const MAX_OUTPUT_TOKENS = 200;
const ROOT_PRICE = { inputPerMillionUsd: 3, outputPerMillionUsd: 15 };
const SUB_PRICE = { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 };
const TURN = "«turn»";

const stats = {
  answered: 0,
  stoppedBy: {} as Partial<Record<BudgetLimit, number>>,
  overReporting: 0,
  maxInFlight: 0,
  largestOvershoot: { tokens: 0, costUsd: 0 },
};

let deno: DenoSandbox;
let unhandled: ReturnType<typeof trackUnhandled>;
let baseline: Record<string, number>;
beforeAll(() => {
  baseline = activeResources();
  unhandled = trackUnhandled();
  deno = denoSandbox({ warmSessions: 1 });
});
afterAll(async () => {
  await deno.close();
  unhandled.stop();
});

interface Plan {
  seed: number;
  subPrompts: string[];
  children: string[];
  grandchildren: number;
  /** Models report 1.5 tokens per prompt character: more than core can foresee. */
  overReport: boolean;
}

function makePlan(seed: number): Plan {
  const random = createRandom(seed);
  const overReport = random.chance(0.3);
  const filler = (index: number) =>
    overReport ? "界".repeat(random.int(200, 2_000)) : `item ${index}`;
  return {
    seed,
    subPrompts: Array.from(
      { length: random.int(8, 40) },
      (_, index) => `sub-${index} ${filler(index)}`,
    ),
    children: Array.from({ length: random.int(1, 4) }, (_, index) => `child-R${seed}-${index}`),
    grandchildren: random.int(2, 10),
    overReport,
  };
}

function promptChars(request: GenerateRequest): number {
  return request.messages.reduce((total, message) => total + message.content.length, 0);
}

/** Usage within the request's worst case, or (over-reporting) beyond what core estimates. */
function usageFor(plan: Plan, request: GenerateRequest, text: string) {
  const chars = promptChars(request);
  const inputTokens = plan.overReport ? Math.ceil(chars * 1.5) : Math.ceil(chars / 4);
  return { inputTokens, outputTokens: Math.min(MAX_OUTPUT_TOKENS, Math.ceil(text.length / 4)) };
}

function rootReply(plan: Plan, request: GenerateRequest): ScriptedReply {
  const random = createRandom(hashString(JSON.stringify(request.messages), plan.seed));
  const turns = request.messages.filter((message) => message.role === "assistant").length;
  const opening = request.messages[1];
  const query = opening ? messageText(opening) : "";
  let text: string;
  if (query.includes("Query: child-")) {
    const prompts = Array.from({ length: plan.grandchildren }, (_, index) => `grand-${index}`);
    text =
      turns === 0
        ? `${TURN}\n\`\`\`repl\nconst found = await llm_query_batched(${JSON.stringify(prompts)});\n\`\`\``
        : `${TURN}\nFINAL(child done)`;
  } else {
    text =
      turns === 0
        ? [
            `${TURN} Fanning out.`,
            "```repl",
            "const [subs, kids] = await Promise.all([",
            `  llm_query_batched(${JSON.stringify(plan.subPrompts)}),`,
            `  rlm_query_batched(${JSON.stringify(plan.children)}),`,
            "]);",
            "```",
          ].join("\n")
        : `${TURN}\nFINAL(done)`;
  }
  return { text, usage: usageFor(plan, request, text), delayMs: random.int(0, 8) };
}

function subReply(plan: Plan, request: GenerateRequest): ScriptedReply {
  const random = createRandom(hashString(JSON.stringify(request.messages), plan.seed + 1));
  const text = `answer ${"x".repeat(random.int(1, 600))}`;
  return { text, usage: usageFor(plan, request, text), delayMs: random.int(0, 8) };
}

interface Spend {
  tokens: number;
  costUsd: number;
  subCalls: number;
  maxInFlight: number;
  /** Real usage of the requests in flight when the last request was admitted. */
  inFlightAtLastAdmission: { tokens: number; costUsd: number };
}

/** What a run spent, read from its events (the ledger's view, one entry per attempt). */
function spendOf(events: readonly RLMEvent[]): Spend {
  const ends = new Map<string, ModelCallEndEvent>();
  for (const event of events) if (event.type === "model-call-end") ends.set(event.callId, event);
  let inFlight = 0;
  let maxInFlight = 0;
  let open = new Set<string>();
  let lastAdmission = new Set<string>();
  for (const event of events) {
    if (event.type === "model-call-start") {
      open.add(event.callId);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      lastAdmission = new Set(open);
    } else if (event.type === "model-call-end") {
      open.delete(event.callId);
      inFlight--;
    }
  }
  open = new Set();
  const tokensOf = (end: ModelCallEndEvent | undefined) =>
    (end?.usage.inputTokens ?? 0) + (end?.usage.outputTokens ?? 0);
  let tokens = 0;
  let costUsd = 0;
  for (const end of ends.values()) {
    tokens += tokensOf(end);
    costUsd += end.costUsd ?? 0;
  }
  const inFlightAtLastAdmission = { tokens: 0, costUsd: 0 };
  for (const callId of lastAdmission) {
    const end = ends.get(callId);
    inFlightAtLastAdmission.tokens += tokensOf(end);
    inFlightAtLastAdmission.costUsd += end?.costUsd ?? 0;
  }
  return {
    tokens,
    costUsd,
    subCalls: events.filter((event) => event.type === "subcall-start").length,
    maxInFlight,
    inFlightAtLastAdmission,
  };
}

async function execute(plan: Plan, options: { limits: RLMLimits; sandbox: Sandbox }) {
  const events: RLMEvent[] = [];
  const rlm = createRLM({
    model: scriptedModel({
      pricing: ROOT_PRICE,
      respond: (request) => rootReply(plan, request),
      modelId: "root",
    }),
    subModel: scriptedModel({
      pricing: SUB_PRICE,
      respond: (request) => subReply(plan, request),
      modelId: "sub",
    }),
    sandbox: options.sandbox,
    maxDepth: 1,
    maxIterations: 3,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    limits: options.limits,
    sinks: [{ onEvent: (event) => events.push(event) }],
  });
  let failure: unknown;
  try {
    await within(
      rlm.complete({ context: `context ${plan.seed}`, query: `Budget run R${plan.seed}` }),
      30_000,
      "the run did not end within 30 s",
    );
  } catch (error) {
    failure = error;
  }
  return { events, failure };
}

async function budgetRun(seed: number): Promise<void> {
  const plan = makePlan(seed);
  const random = createRandom(seed * 13 + 5);
  const sandbox = seed % DENO_EVERY === 0 ? deno : vmSandbox();
  const maxConcurrency = random.int(2, 12);

  // What the run uses with no limit, so that the limits can be set to cut it mid-flight.
  const free = await execute(plan, { limits: { maxConcurrency }, sandbox });
  if (free.failure) throw new Error(`the run failed without limits: ${String(free.failure)}`);
  const full = spendOf(free.events);

  const kinds: BudgetLimit[] = random.chance(0.25)
    ? ["maxCostUsd", "maxTokens", "maxSubCalls"]
    : [random.pick(["maxCostUsd", "maxTokens", "maxSubCalls"] as const)];
  const fraction = () => 0.05 + random.next() * 1.1;
  const limits: RLMLimits = { maxConcurrency };
  if (kinds.includes("maxCostUsd")) limits.maxCostUsd = full.costUsd * fraction();
  if (kinds.includes("maxTokens")) limits.maxTokens = Math.ceil(full.tokens * fraction());
  if (kinds.includes("maxSubCalls")) limits.maxSubCalls = Math.floor(full.subCalls * fraction());

  const { events, failure } = await execute(plan, { limits, sandbox });
  if (failure !== undefined) {
    if (!BudgetExceededError.isInstance(failure)) {
      throw new Error(`the run failed with ${String(failure)}, not a BudgetExceededError`);
    }
    if (!kinds.includes(failure.limit)) throw new Error(`stopped by ${failure.limit}, not set`);
    stats.stoppedBy[failure.limit] = (stats.stoppedBy[failure.limit] ?? 0) + 1;
  } else {
    stats.answered++;
  }
  if (plan.overReport) stats.overReporting++;

  const spend = spendOf(events);
  stats.maxInFlight = Math.max(stats.maxInFlight, spend.maxInFlight);
  const problems: string[] = [];
  if (spend.maxInFlight > maxConcurrency) {
    problems.push(`${spend.maxInFlight} requests in flight, maxConcurrency ${maxConcurrency}`);
  }
  if (limits.maxSubCalls !== undefined && spend.subCalls > limits.maxSubCalls) {
    problems.push(`${spend.subCalls} sub-calls, maxSubCalls ${limits.maxSubCalls}`);
  }
  // Zero when every model reports usage within its request's worst case.
  const allowance = plan.overReport ? spend.inFlightAtLastAdmission : { tokens: 0, costUsd: 0 };
  if (limits.maxTokens !== undefined) {
    const overshoot = spend.tokens - limits.maxTokens;
    stats.largestOvershoot.tokens = Math.max(stats.largestOvershoot.tokens, overshoot);
    if (overshoot > allowance.tokens) {
      problems.push(
        `${spend.tokens} tokens, maxTokens ${limits.maxTokens}, allowance ${allowance.tokens}`,
      );
    }
  }
  if (limits.maxCostUsd !== undefined) {
    const overshoot = spend.costUsd - limits.maxCostUsd;
    stats.largestOvershoot.costUsd = Math.max(stats.largestOvershoot.costUsd, overshoot);
    if (overshoot > allowance.costUsd + 1e-12) {
      problems.push(
        `$${spend.costUsd}, maxCostUsd ${limits.maxCostUsd}, allowance $${allowance.costUsd}`,
      );
    }
  }
  if (problems.length) {
    throw new Error(
      `${problems.join("; ")} (limits ${JSON.stringify(limits)}, over-reporting ${plan.overReport})`,
    );
  }
}

it(`${RUNS} concurrent runs never pass maxSubCalls, and pass maxCostUsd / maxTokens only by the in-flight requests' excess`, async ({
  signal,
}) => {
  const failures = await runAll({
    seeds: runSeeds(RUNS, 20_000),
    concurrency: 4,
    run: budgetRun,
    abortSignal: signal,
  });
  console.log("budgets:", JSON.stringify(stats));
  expect(formatFailures(failures)).toBe("no failures");
  expect(unhandled.problems).toEqual([]);
  if (runSeeds(RUNS, 20_000).length === RUNS) {
    // Every limit really stopped runs, under real parallelism.
    expect(stats.stoppedBy.maxCostUsd ?? 0).toBeGreaterThan(10);
    expect(stats.stoppedBy.maxTokens ?? 0).toBeGreaterThan(10);
    expect(stats.stoppedBy.maxSubCalls ?? 0).toBeGreaterThan(10);
    expect(stats.maxInFlight).toBeGreaterThan(4);
  }
});

it("leaves no Deno process and no open handle behind", async () => {
  await deno.close();
  expect(await denoChildrenAfter()).toEqual([]);
  expect(await resourcesAbove(baseline)).toEqual({});
});

/**
 * A 1.2 MB prompt reserves ~400k tokens (3 characters a token) plus 1,000 output tokens; the
 * server bills 300k (4 characters a token), past the 200k-token threshold above which every
 * token of the request costs the long-context price. The cap sits between the reservation
 * at the base price and the real cost, so only a reservation at the long-context price holds.
 */
it.each([
  // $3 / $15 per million ($3.75 cache writes, which the reservation takes for input), $6 /
  // $22.5 above 200k: base reservation $1.515, real cost $1.80.
  ["anthropic", "claude-sonnet-4-5", 1.7],
  // $1.25 / $10 per million, $2.5 / $15 above 200k: base reservation $0.51, real cost $0.75.
  ["google", "gemini-2.5-pro", 0.6],
] as const)(
  "a %s model's long-context prices are in the reservation, so maxCostUsd holds for a 1 MB sub-call",
  async (provider, modelId, maxCostUsd) => {
    // The server reports one token per four characters of the request body, within core's
    // estimate of one per three: honest usage, past the 200k-token long-context threshold.
    const servers = await startProviderServers((info) => ({
      kind: "text",
      text: "summary",
      inputTokens: Math.ceil(info.body.length / 4),
      outputTokens: 5,
    }));
    try {
      const common = { baseURL: servers[provider].baseURL, apiKey: "k", stream: false };
      const sub = provider === "anthropic" ? anthropic(modelId, common) : google(modelId, common);
      const events: RLMEvent[] = [];
      const rlm = createRLM({
        model: scriptedModel({
          pricing: ROOT_PRICE,
          replies: ["```repl\nFINAL(await llm_query(context))\n```"],
        }),
        subModel: sub,
        sandbox: vmSandbox(),
        maxOutputTokens: 1_000,
        limits: { maxCostUsd },
        sinks: [{ onEvent: (event) => events.push(event) }],
      });
      const outcome = await rlm
        .complete({ context: "a".repeat(1_200_000), query: "Summarise." })
        .then(
          () => "answered",
          (error: unknown) => error,
        );
      const spent = spendOf(events).costUsd;
      expect(spent).toBeLessThanOrEqual(maxCostUsd);
      expect(BudgetExceededError.isInstance(outcome)).toBe(true);
    } finally {
      await servers.close();
    }
  },
);
