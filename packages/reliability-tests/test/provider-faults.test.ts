import {
  createRLM,
  type ModelCallEndEvent,
  RLMError,
  type RLMEvent,
  type Sandbox,
} from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  activeResources,
  denoChildrenAfter,
  formatFailures,
  msUntil,
  resourcesAbove,
  runAll,
  runSeeds,
  trackUnhandled,
  within,
} from "./support/harness.js";
import {
  type Fault,
  LEDGER_PROVIDER,
  modelFor,
  type ProviderName,
  type RequestInfo,
  type ScriptedAnswer,
  startProviderServers,
} from "./support/provider-servers.js";
import { createRandom, hashString, type Random } from "./support/random.js";

/**
 * 200 whole runs through the real provider SDKs against local servers, with one model
 * request in ten answered by a fault: a 429 with retry-after, a 5xx, a request that never
 * answers (the provider's deadline ends it), a stream cut midway, a stream that reports an
 * error midway, a 200 whose JSON is broken.
 *
 * Ledger rule checked on every run, success or failure: every attempt a server received is
 * in the ledger exactly once, and the ledger never counts fewer tokens than the servers
 * served. An attempt the server answered in full (a 2xx with a complete body) is an `ok`
 * entry carrying exactly the usage the server reported. An attempt the server refused with an
 * error status (429, 5xx) is a `failed` entry with no usage: providers do not bill those. Any
 * other failed attempt (the deadline fired, the stream broke, the body was unreadable) may
 * have been billed, so it is a `failed` entry booked at its reserved worst case and marked
 * `usageEstimated`. A separate test answers requests in full but after the client's deadline
 * (the server did the work and bills it; the client never sees it) and checks that the
 * ledger still counts at least what was served.
 */

const RUNS = 200;
const FAULT_RATE = 0.1;
/** Every tenth run uses the real Deno sandbox; the rest the in-process vm sandbox. */
const DENO_EVERY = 10;
/** The provider deadline that ends a request the server never answers. */
const REQUEST_TIMEOUT_MS = 1_500;
const RUN_TIMEOUT_MS = 45_000;
const TURN = "«turn»";

interface ServerTally {
  requests: number;
  /** Full answers the client received. */
  ok: number;
  /** Full answers sent after the client's deadline: served and billed, never received. */
  late: number;
  faults: Record<Fault, number>;
  /** Usage of the answers the client received. */
  inputTokens: number;
  outputTokens: number;
  /** Usage of every answer served, late ones included. */
  servedInputTokens: number;
  servedOutputTokens: number;
}

const emptyTally = (): ServerTally => ({
  requests: 0,
  ok: 0,
  late: 0,
  faults: {
    "rate-limit": 0,
    "server-error": 0,
    timeout: 0,
    "cut-stream": 0,
    "stream-error": 0,
    "malformed-json": 0,
  },
  inputTokens: 0,
  outputTokens: 0,
  servedInputTokens: 0,
  servedOutputTokens: 0,
});

const stats = {
  answered: 0,
  typedErrors: {} as Record<string, number>,
  faults: 0,
  faultKinds: emptyTally().faults,
  requests: 0,
  failedSlots: 0,
  denoRuns: 0,
  late: 0,
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

/** The conversation script: what the root, a child and a sub-call answer. */
function scriptedText(seed: number, body: string): string {
  const turns = body.split(TURN).length - 1;
  const tag = `R${seed}`;
  if (body.includes(`Query: Reliability run ${tag}`)) {
    if (turns === 0) {
      const random = createRandom(seed);
      const width = random.int(2, 6);
      const prompts = Array.from({ length: width }, (_, index) => `part-${tag}-${index}`);
      return [
        `${TURN} I will fan out over the context.`,
        "```repl",
        "const [parts, child, cheap] = await Promise.all([",
        `  llm_query_batched(${JSON.stringify(prompts)}),`,
        `  rlm_query("child-${tag}", context.slice(0, 40)).catch(() => "failed"),`,
        `  llm_query_batched(["cheap-${tag}-0"], { model: "cheap" }).then((all) => all[0]),`,
        "]);",
        "const result = JSON.stringify({ parts, child, cheap });",
        "console.log(result.length);",
        "```",
      ].join("\n");
    }
    if (turns === 1) {
      return createRandom(seed + 1).chance(0.5)
        ? `${TURN} Done.\n\`\`\`repl\nFINAL_VAR("result")\n\`\`\``
        : `${TURN} The answer is in result.\nFINAL_VAR(result)`;
    }
    return `${TURN}\nFINAL(root-fallback)`;
  }
  if (body.includes(`Query: child-${tag}`)) {
    if (turns === 0) {
      return [
        `${TURN}`,
        "```repl",
        `const found = await llm_query("grandchild-${tag}-0 " + context.length);`,
        'FINAL("child:" + found);',
        "```",
      ].join("\n");
    }
    return `${TURN}\nFINAL(child-fallback)`;
  }
  const prompt = /(?:part|cheap|grandchild)-R\d+-\d+/.exec(body)?.[0];
  return `sub:${prompt ?? "unknown"}`;
}

/** Faults an HTTP error status announces: the provider refused the request and bills nothing. */
const REFUSED: ReadonlySet<Fault> = new Set(["rate-limit", "server-error"]);

type FaultChoice = (
  seed: number,
  info: RequestInfo,
  seen: Map<string, number>,
) => { random: Random; fault: Fault | "late" | undefined };

/**
 * Picks the faults. The choice is a function of the seed and of the request's content (and
 * how often that content was seen), not of arrival order, so a replayed seed meets the same
 * faults although requests run concurrently.
 */
const chooseFault: FaultChoice = (seed, info, seen) => {
  const key = `${info.provider}\n${info.body}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  const random = createRandom(hashString(key, seed) + occurrence * 7_919);
  if (!random.chance(FAULT_RATE)) return { random, fault: undefined };
  // A cut stream needs a stream; malformed JSON needs a JSON body.
  const faults: Fault[] = info.streaming
    ? ["rate-limit", "server-error", "timeout", "cut-stream", "stream-error"]
    : ["rate-limit", "server-error", "timeout", "malformed-json"];
  return { random, fault: random.pick(faults) };
};

/** The first time each request is sent, it is answered in full, but after the deadline. */
const lateFirstAnswers: FaultChoice = (seed, info, seen) => {
  const key = `${info.provider}\n${info.body}`;
  const occurrence = (seen.get(key) ?? 0) + 1;
  seen.set(key, occurrence);
  const random = createRandom(hashString(key, seed) + occurrence * 7_919);
  return { random, fault: occurrence === 1 ? "late" : undefined };
};

function settings(random: Random, provider: ProviderName) {
  return {
    stream: random.chance(0.5),
    timeoutMs: REQUEST_TIMEOUT_MS,
    ...(provider === "openai" ? { api: random.pick(["responses", "chat"] as const) } : {}),
  };
}

async function faultRun(seed: number, choose: FaultChoice = chooseFault): Promise<void> {
  const tallies: Record<ProviderName, ServerTally> = {
    anthropic: emptyTally(),
    openai: emptyTally(),
    google: emptyTally(),
  };
  const seen = new Map<string, number>();
  const servers = await startProviderServers((info): ScriptedAnswer => {
    const tally = tallies[info.provider];
    tally.requests++;
    const { random, fault } = choose(seed, info, seen);
    if (fault && fault !== "late") {
      tally.faults[fault]++;
      return {
        kind: "fault",
        fault,
        retryAfterMs: random.pick([0, 5, 20]),
        status: random.pick([500, 502, 503, info.provider === "anthropic" ? 529 : 500]),
        // A stream that stops mid-body: dropped, closed early, or stalled until the deadline.
        ending: random.pick(["destroy", "end", "hang"] as const),
      };
    }
    const inputTokens = 40 + random.int(0, 200);
    const outputTokens = 3 + random.int(0, 60);
    tally.servedInputTokens += inputTokens;
    tally.servedOutputTokens += outputTokens;
    const text = scriptedText(seed, info.body);
    if (fault === "late") {
      tally.late++;
      return { kind: "text", text, inputTokens, outputTokens, delayMs: 3 * REQUEST_TIMEOUT_MS };
    }
    tally.ok++;
    tally.inputTokens += inputTokens;
    tally.outputTokens += outputTokens;
    return { kind: "text", text, inputTokens, outputTokens };
  });
  const events: RLMEvent[] = [];
  try {
    const random = createRandom(seed * 31 + 7);
    const useDeno = seed % DENO_EVERY === 0;
    if (useDeno) stats.denoRuns++;
    const sandbox: Sandbox = useDeno ? deno : vmSandbox();
    const rlm = createRLM({
      model: modelFor(servers, "anthropic", settings(random, "anthropic")),
      subModel: modelFor(servers, "openai", settings(random, "openai")),
      models: { cheap: modelFor(servers, "google", settings(random, "google")) },
      depthModels: [
        (() => {
          const provider = random.pick(["anthropic", "openai", "google"] as const);
          return modelFor(servers, provider, settings(random, provider));
        })(),
      ],
      sandbox,
      maxDepth: 1,
      maxIterations: 4,
      maxOutputTokens: 1_000,
      // Fewer retries in some runs, so that some calls and some runs fail for good.
      retry: { maxRetries: random.pick([0, 1, 3, 3]), initialDelayMs: 2, maxDelayMs: 20 },
      sinks: [{ onEvent: (event) => events.push(event) }],
    });

    let result: { answer: string; usage: { total: Totals } } | undefined;
    let failure: unknown;
    try {
      result = await within(
        rlm.complete({
          context: `document for run ${seed}: ${"lorem ipsum ".repeat(20)}`,
          query: `Reliability run R${seed}`,
        }),
        RUN_TIMEOUT_MS,
        `the run did not end within ${RUN_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      failure = error;
    }
    if (result) {
      checkAnswer(seed, result.answer);
      checkTotals(result.usage.total, tallies, events);
      stats.answered++;
    } else if (RLMError.isInstance(failure)) {
      stats.typedErrors[failure.name] = (stats.typedErrors[failure.name] ?? 0) + 1;
    } else {
      throw new Error(`the run failed with an untyped error: ${String(failure)}`, {
        cause: failure,
      });
    }
    checkLedger(tallies, events);
    // The client can see a dropped connection a moment before the server's side of it closes.
    await msUntil({
      condition: () => servers.openRequests() === 0,
      since: performance.now(),
      timeoutMs: 1_000,
      what: "every request closing after the run ended",
    });
  } finally {
    await servers.close();
    for (const tally of Object.values(tallies)) {
      stats.requests += tally.requests;
      stats.faults += tally.requests - tally.ok;
      stats.late += tally.late;
      for (const [fault, count] of Object.entries(tally.faults) as [Fault, number][]) {
        stats.faultKinds[fault] += count;
      }
    }
  }
}

function checkAnswer(seed: number, answer: string): void {
  const tag = `R${seed}`;
  if (answer === "root-fallback") throw new Error("the root never saw its result variable");
  const parsed = JSON.parse(answer) as { parts: string[]; child: string; cheap: string };
  const isFailedSlot = (value: string) => value.startsWith("Error: ");
  parsed.parts.forEach((part, index) => {
    if (isFailedSlot(part)) stats.failedSlots++;
    else if (part !== `sub:part-${tag}-${index}`) throw new Error(`slot ${index} holds "${part}"`);
  });
  if (isFailedSlot(parsed.cheap)) stats.failedSlots++;
  else if (parsed.cheap !== `sub:cheap-${tag}-0`)
    throw new Error(`the cheap slot holds "${parsed.cheap}"`);
  const childAnswers = [`child:sub:grandchild-${tag}-0`, "child-fallback", "failed"];
  if (!childAnswers.includes(parsed.child)) throw new Error(`the child answered "${parsed.child}"`);
}

function ledgerEntries(events: readonly RLMEvent[]): ModelCallEndEvent[] {
  return events.filter((event): event is ModelCallEndEvent => event.type === "model-call-end");
}

/** Every attempt a server saw is booked exactly once, with the usage the server reported. */
function checkLedger(tallies: Record<ProviderName, ServerTally>, events: readonly RLMEvent[]) {
  const entries = ledgerEntries(events);
  const starts = events.filter((event) => event.type === "model-call-start").length;
  if (starts !== entries.length) {
    throw new Error(`${starts} model-call-start events but ${entries.length} ledger entries`);
  }
  for (const [provider, tally] of Object.entries(tallies) as [ProviderName, ServerTally][]) {
    const own = entries.filter((entry) => entry.provider === LEDGER_PROVIDER[provider]);
    const ok = own.filter((entry) => entry.error === undefined);
    const failed = own.filter((entry) => entry.error !== undefined);
    const estimated = failed.filter((entry) => entry.usageEstimated);
    const unbilled = failed.filter((entry) => !entry.usageEstimated);
    const faults = tally.requests - tally.ok;
    const refused = Object.entries(tally.faults)
      .filter(([fault]) => REFUSED.has(fault as Fault))
      .reduce((count, [, n]) => count + n, 0);
    const booked = sum(own, "inputTokens") + sum(own, "outputTokens");
    const served = tally.servedInputTokens + tally.servedOutputTokens;
    const problems = [
      own.length !== tally.requests && `${own.length} entries for ${tally.requests} requests`,
      ok.length !== tally.ok && `${ok.length} ok entries for ${tally.ok} full answers`,
      failed.length !== faults && `${failed.length} failed entries for ${faults} faults`,
      unbilled.length !== refused &&
        `${unbilled.length} failed entries booked nothing, but ${refused} requests were refused with an error status`,
      sum(ok, "inputTokens") !== tally.inputTokens &&
        `${sum(ok, "inputTokens")} input tokens booked, ${tally.inputTokens} reported`,
      sum(ok, "outputTokens") !== tally.outputTokens &&
        `${sum(ok, "outputTokens")} output tokens booked, ${tally.outputTokens} reported`,
      // What the servers served, late answers included, is never more than the ledger holds.
      // Compared as input + output (what `maxTokens` limits): these servers make up their
      // input counts, which need not follow the prompt's length as a real provider's do.
      booked < served && `${booked} tokens in the ledger, ${served} served`,
      failed.some((entry) => entry.error?.name !== "ProviderError") &&
        `a failed attempt is not a ProviderError: ${JSON.stringify(failed.map((entry) => entry.error))}`,
      unbilled.some((entry) => Object.keys(entry.usage).length > 0) &&
        "a refused attempt has usage",
      estimated.some((entry) => !entry.usage.inputTokens || !entry.usage.outputTokens) &&
        "an attempt that may have been billed has no estimate",
    ].filter(Boolean);
    if (problems.length) throw new Error(`${provider}: ${problems.join("; ")}`);
  }
}

interface Totals {
  calls: number;
  failedCalls: number;
  estimatedCalls: number;
  inputTokens?: number;
  costUsd?: number;
}

function checkTotals(
  total: Totals,
  tallies: Record<ProviderName, ServerTally>,
  events: readonly RLMEvent[],
): void {
  const all = Object.values(tallies);
  const ok = all.reduce((count, tally) => count + tally.ok, 0);
  const failed = all.reduce((count, tally) => count + tally.requests - tally.ok, 0);
  const entries = ledgerEntries(events);
  const estimated = entries.filter((entry) => entry.usageEstimated).length;
  const input = sum(entries, "inputTokens");
  if (
    total.calls !== ok ||
    total.failedCalls !== failed ||
    total.estimatedCalls !== estimated ||
    total.inputTokens !== input
  ) {
    throw new Error(
      `usage report ${JSON.stringify(total)} does not match the servers and the ledger: ${ok} ok, ${failed} failed, ${estimated} estimated, ${input} input tokens`,
    );
  }
  const cost = ledgerEntries(events).reduce((usd, entry) => usd + (entry.costUsd ?? 0), 0);
  if (total.costUsd === undefined || Math.abs(total.costUsd - cost) > 1e-12) {
    throw new Error(`the run's cost ${total.costUsd} is not the sum of its attempts ${cost}`);
  }
}

function sum(entries: readonly ModelCallEndEvent[], field: "inputTokens" | "outputTokens") {
  return entries.reduce((total, entry) => total + (entry.usage[field] ?? 0), 0);
}

it(`${RUNS} runs with ${FAULT_RATE * 100}% of model requests failing end in an answer or a typed error, with the ledger matching the servers`, async ({
  signal,
}) => {
  const failures = await runAll({
    seeds: runSeeds(RUNS, 0),
    concurrency: 8,
    run: faultRun,
    abortSignal: signal,
  });
  console.log("provider faults:", JSON.stringify(stats));
  expect(formatFailures(failures)).toBe("no failures");
  expect(unhandled.problems).toEqual([]);
  // Sanity: the suite really injected faults and really reached answers.
  if (runSeeds(RUNS, 0).length === RUNS) {
    expect(stats.faults).toBeGreaterThan(stats.requests * 0.05);
    expect(stats.answered).toBeGreaterThan(RUNS * 0.8);
    for (const count of Object.values(stats.faultKinds)) expect(count).toBeGreaterThan(5);
  }
});

it("answers served after the client's deadline are in the ledger: it never counts less than the servers served", async ({
  signal,
}) => {
  const seeds = [1, 2, 3, 4];
  const lateBefore = stats.late;
  const failures = await runAll({
    seeds,
    concurrency: 4,
    run: (seed) => faultRun(seed, lateFirstAnswers),
    abortSignal: signal,
  });
  expect(formatFailures(failures)).toBe("no failures");
  // Every run really met late answers: at least its root's first turn.
  expect(stats.late - lateBefore).toBeGreaterThanOrEqual(seeds.length);
});

it("leaves no Deno process and no open handle behind", async () => {
  await deno.close();
  expect(await denoChildrenAfter()).toEqual([]);
  expect(await resourcesAbove(baseline)).toEqual({});
});
