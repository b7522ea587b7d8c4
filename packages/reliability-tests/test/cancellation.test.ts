import { createRLM, type RLMEvent, RunAbortedError, type Sandbox } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { type DenoSandbox, denoSandbox } from "@rlm/sandbox-deno";
import { denoChildPids } from "@rlm/sandbox-deno/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  activeResources,
  denoChildrenAfter,
  formatFailures,
  msUntil,
  percentile,
  resourcesAbove,
  runAll,
  runSeeds,
  trackUnhandled,
} from "./support/harness.js";
import {
  modelFor,
  type ProviderServers,
  startProviderServers,
} from "./support/provider-servers.js";
import { createRandom, hashString } from "./support/random.js";

/**
 * 100 runs aborted at a random moment: while the root model answers, while sub-calls and
 * child RLMs fan out, while a sandbox cell computes, while a child's sandbox starts. From
 * `abort()` the suite measures the run's rejection, the servers seeing every in-flight
 * request closed, and (on the Deno sandbox) every sandbox process gone.
 */

const RUNS = 100;
/** One run in three uses the real Deno sandbox. */
const DENO_EVERY = 3;
/** The spec's bound on each of the three latencies. */
const BOUND_MS = 200;
/** The most any single run may take, on a machine busy with other work. */
const OUTLIER_MS = 1_000;
/** How long the suite waits for a latency before calling it a failure outright. */
const GIVE_UP_MS = 5_000;
const TURN = "«turn»";

const latencies = {
  rejection: [] as number[],
  requests: [] as number[],
  /** Runs whose sandboxes were all running (none still starting) at the abort. */
  processes: [] as number[],
  /** Runs in which a sandbox was still starting at the abort. */
  processesStarting: [] as number[],
};
const stats = {
  aborted: 0,
  viaStream: 0,
  finishedFirst: 0,
  denoRuns: 0,
  openAtAbort: 0,
  processesAtAbort: 0,
  rateLimited: 0,
};

let deno: DenoSandbox;
let unhandled: ReturnType<typeof trackUnhandled>;
let baseline: Record<string, number>;
beforeAll(() => {
  baseline = activeResources();
  unhandled = trackUnhandled();
  // No warm processes: every Deno process alive during a run belongs to one of its sessions.
  deno = denoSandbox({ warmSessions: 0 });
});
afterAll(async () => {
  await deno.close();
  unhandled.stop();
});

/** Two fan-out turns (sub-calls, child RLMs, on Deno a busy cell), then FINAL. */
function scriptedText(seed: number, body: string, useDeno: boolean): string {
  const turns = body.split(TURN).length - 1;
  const tag = `R${seed}`;
  const random = createRandom(hashString(body, seed));
  if (body.includes(`Query: Cancel run ${tag}`)) {
    if (turns >= 2) return `${TURN} FINAL(done)`;
    const prompts = Array.from({ length: random.int(2, 8) }, (_, index) => `part-${tag}-${index}`);
    const children = Array.from(
      { length: random.int(1, 3) },
      (_, index) => `child-${tag}-${index}`,
    );
    const busy = useDeno && random.chance(0.5);
    return [
      `${TURN} Fanning out.`,
      "```repl",
      // A cell that computes without awaiting: only killing the process stops it.
      busy ? "const until = Date.now() + 2000; while (Date.now() < until) {}" : "",
      "const answers = await Promise.all([",
      `  llm_query_batched(${JSON.stringify(prompts)}),`,
      `  rlm_query_batched(${JSON.stringify(children)}),`,
      '  llm_query("cheap one", { model: "cheap" }),',
      "]);",
      "console.log(JSON.stringify(answers).length);",
      "```",
    ].join("\n");
  }
  if (body.includes(`Query: child-${tag}`)) {
    if (turns >= 1) return `${TURN} FINAL(child done)`;
    return [
      TURN,
      "```repl",
      `const found = await llm_query_batched(["grandchild-${tag}-a", "grandchild-${tag}-b"]);`,
      "console.log(found.join(' '));",
      "```",
    ].join("\n");
  }
  return `sub answer ${random.int(0, 1_000)}`;
}

async function cancelRun(seed: number): Promise<void> {
  const useDeno = seed % DENO_EVERY === 0;
  const random = createRandom(seed * 17 + 3);
  const events: RLMEvent[] = [];
  const seen = new Map<string, number>();
  const servers: ProviderServers = await startProviderServers((info) => {
    const occurrence = (seen.get(info.body) ?? 0) + 1;
    seen.set(info.body, occurrence);
    const replyRandom = createRandom(hashString(info.body, seed) + occurrence);
    if (replyRandom.chance(0.1)) {
      // A long retry-after, so that some aborts land while core waits to retry.
      stats.rateLimited++;
      return { kind: "fault", fault: "rate-limit", retryAfterMs: 1_000 };
    }
    return {
      kind: "text",
      text: scriptedText(seed, info.body, useDeno),
      inputTokens: 100,
      outputTokens: 20,
      // One reply in five is a long generation, so that a request the abort failed to stop
      // would stay open for seconds, far past the bound.
      delayMs: replyRandom.chance(0.2) ? 3_000 : replyRandom.int(10, 120),
    };
  });
  try {
    if (useDeno) stats.denoRuns++;
    const sandbox: Sandbox = useDeno ? deno : vmSandbox();
    const settings = () => ({ stream: random.chance(0.5), timeoutMs: 10_000 });
    const rlm = createRLM({
      model: modelFor(servers, "anthropic", settings()),
      subModel: modelFor(servers, "openai", {
        ...settings(),
        api: random.pick(["chat", "responses"]),
      }),
      models: { cheap: modelFor(servers, "google", settings()) },
      sandbox,
      maxDepth: 1,
      maxIterations: 4,
      maxOutputTokens: 1_000,
      retry: { maxRetries: 3, initialDelayMs: 10, maxDelayMs: 2_000 },
      sinks: [{ onEvent: (event) => events.push(event) }],
    });
    const context = `context of run ${seed}`;
    const query = `Cancel run R${seed}`;
    const waitMs = random.int(0, useDeno ? 700 : 450);
    // Most runs are stopped by their AbortSignal; one in five by leaving `stream()` early.
    const viaStream = random.chance(0.2);
    let stoppedAt: number | undefined;
    let endedAt: number | undefined;
    let finished = false;
    let outcome: Promise<unknown>;
    let stopRequested = false;
    /** Whether a sandbox was still starting when the run was stopped. */
    let startingAtStop = false;
    const controller = new AbortController();
    if (viaStream) {
      outcome = (async () => {
        for await (const event of rlm.stream({ context, query })) {
          if (event.type === "run-end") finished = true;
          if (stopRequested) {
            startingAtStop = sandboxStarting(events);
            stoppedAt = performance.now();
            break;
          }
        }
        endedAt = performance.now();
      })();
    } else {
      outcome = rlm.complete({ context, query, abortSignal: controller.signal }).then(
        () => {
          finished = true;
        },
        (error: unknown) => {
          endedAt = performance.now();
          return error;
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (finished) {
      stats.finishedFirst++;
      await outcome;
      return;
    }
    stats.openAtAbort += servers.openRequests();
    if (useDeno) stats.processesAtAbort += denoChildPids().length;
    if (viaStream) {
      stats.viaStream++;
      stopRequested = true;
      // The loop can only be left between events; the stop counts from there.
      await msUntil({
        condition: () => stoppedAt !== undefined || finished,
        since: performance.now(),
        timeoutMs: GIVE_UP_MS,
        what: "the next event",
      });
      if (stoppedAt === undefined) {
        stats.finishedFirst++;
        await outcome;
        return;
      }
    } else {
      startingAtStop = sandboxStarting(events);
      stoppedAt = performance.now();
      controller.abort(new Error("the user cancelled"));
    }
    const abortedAt = stoppedAt as number;

    const requests = await msUntil({
      condition: () => servers.openRequests() === 0,
      since: abortedAt,
      timeoutMs: GIVE_UP_MS,
      what: "every request closing",
    });
    const processes = useDeno
      ? await msUntil({
          condition: () => denoChildPids().length === 0,
          since: abortedAt,
          timeoutMs: GIVE_UP_MS,
          what: "every Deno process exiting",
        })
      : undefined;
    const error = await outcome;
    if (endedAt === undefined) throw new Error("the run did not end when it was stopped");
    const runEnd = events.at(-1);
    if (runEnd?.type !== "run-end" || runEnd.error?.name !== "RunAbortedError") {
      throw new Error(`the run did not end with RunAbortedError: ${JSON.stringify(runEnd)}`);
    }
    if (!viaStream) {
      if (!RunAbortedError.isInstance(error)) {
        throw new Error(`the run rejected with ${String(error)}, not a RunAbortedError`);
      }
      if (!(error.cause instanceof Error) || error.cause.message !== "the user cancelled") {
        throw new Error("the RunAbortedError does not carry the abort reason");
      }
    }
    // Nothing new is sent once the run has stopped: no model call starts after the abort, and
    // the servers (given a moment to read a request sent just before it) saw none that core
    // did not start.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const starts = events.filter((event) => event.type === "model-call-start").length;
    if (totalRequests(servers) > starts) {
      throw new Error(`the servers saw ${totalRequests(servers)} requests, core started ${starts}`);
    }
    // Leaving `stream()` aborts the run in the generator's `finally`, a few microtask hops
    // after `break`, in which calls the cell was already launching may still start; with
    // `abort()` the run stops in the same tick.
    const stoppedBy = viaStream ? endedAt : abortedAt;
    const lateStarts = events.filter(
      (event) =>
        event.type === "model-call-start" && event.time > performance.timeOrigin + stoppedBy,
    );
    if (lateStarts.length) {
      throw new Error(`${lateStarts.length} model call(s) started after the run was stopped`);
    }

    stats.aborted++;
    latencies.rejection.push(endedAt - abortedAt);
    latencies.requests.push(requests);
    if (processes !== undefined) {
      (startingAtStop ? latencies.processesStarting : latencies.processes).push(processes);
    }
  } finally {
    await servers.close();
  }
}

/** Whether a node has started but its sandbox session is not ready yet (no iteration began). */
function sandboxStarting(events: readonly RLMEvent[]): boolean {
  const starting = new Set<string>();
  for (const event of events) {
    if (event.type === "node-start") starting.add(event.nodeId);
    if (event.type === "iteration-start" || event.type === "node-end")
      starting.delete(event.nodeId);
  }
  return starting.size > 0;
}

function totalRequests(servers: ProviderServers): number {
  return (
    servers.anthropic.requests.length +
    servers.openai.requests.length +
    servers.google.requests.length
  );
}

function distribution(values: readonly number[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}

it(`${RUNS} runs aborted at a random moment stop their requests and sandboxes within ${BOUND_MS} ms`, async () => {
  // One run at a time, so the processes and requests alive after an abort are that run's.
  const failures = await runAll({ seeds: runSeeds(RUNS, 10_000), concurrency: 1, run: cancelRun });
  const figures = {
    rejection: distribution(latencies.rejection),
    requests: distribution(latencies.requests),
    processes: distribution(latencies.processes),
    processesStarting: distribution(latencies.processesStarting),
  };
  console.log("cancellation:", JSON.stringify(stats), JSON.stringify(figures));
  expect(formatFailures(failures)).toBe("no failures");
  expect(unhandled.problems).toEqual([]);
  // The spec's bound holds for 95 % of runs; a single run may take longer on a loaded
  // machine, but not the seconds that a missed abort would take (replies that take 3 s,
  // cells that compute for 2 s).
  for (const measured of [figures.rejection, figures.requests, figures.processes]) {
    if (measured.count === 0) continue;
    expect(measured.p95).toBeLessThanOrEqual(BOUND_MS);
    expect(measured.max).toBeLessThanOrEqual(OUTLIER_MS);
  }
  // A Deno process that is still starting when the run is aborted is only killed once it has
  // started (@rlm/sandbox-deno does not cancel a start), so these runs only get the bound that
  // msUntil already enforced; their distribution is reported above.
  if (runSeeds(RUNS, 10_000).length === RUNS) {
    // Most runs were really cut short, with requests and processes in flight.
    expect(stats.aborted).toBeGreaterThanOrEqual(RUNS * 0.9);
    expect(stats.openAtAbort).toBeGreaterThan(RUNS);
    expect(stats.processesAtAbort).toBeGreaterThan(RUNS / DENO_EVERY);
  }
});

it("leaves no Deno process and no open handle behind", async () => {
  await deno.close();
  expect(await denoChildrenAfter(3_000)).toEqual([]);
  expect(await resourcesAbove(baseline)).toEqual({});
});
