import { createRLM, type RLMEvent, RunAbortedError, type Sandbox } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import type { DenoSandbox } from "@rlm/sandbox-deno";
import { denoChildPids, denoChildPidsSince } from "@rlm/sandbox-deno/testing";
import { msUntil, percentile, within } from "./harness.js";
import { modelFor, type ProviderServers, startProviderServers } from "./provider-servers.js";
import { createRandom, hashString } from "./random.js";

/**
 * Runs aborted at a random point: while the root model answers, while sub-calls and child
 * RLMs fan out, while a sandbox cell computes, while a child's sandbox starts. Each run
 * checks that the abort stopped everything: the run rejects with the abort reason, every
 * request in flight is closed by the client, every sandbox process exits, and nothing
 * starts afterwards. Replies that never end (and requests that never time out) make a
 * missed abort a hang, not a slow run, so the checks need no time bound; how long each stop
 * took is recorded for the benchmark (`pnpm --filter @rlm/reliability-tests bench`).
 */

/** One run in three uses the real Deno sandbox. */
export const DENO_EVERY = 3;
/**
 * How long a run waits for a stop before calling it a hang: only a missed abort gets near
 * it (replies that never end, cells that never stop), however busy the machine.
 */
const HANG_MS = 60_000;
const TURN = "«turn»";

/** How long each stop took, in milliseconds from `abort()` (or from leaving `stream()`). */
export interface CancellationLatencies {
  rejection: number[];
  requests: number[];
  /** Runs whose sandboxes were all running (none still starting) at the abort. */
  processes: number[];
  /** Runs in which a sandbox was still starting at the abort. */
  processesStarting: number[];
}

export interface CancellationStats {
  aborted: number;
  viaStream: number;
  finishedFirst: number;
  denoRuns: number;
  /** Model calls started and not ended when the runs were stopped. */
  callsInFlightAtStop: number;
  processesAtAbort: number;
  rateLimited: number;
}

/** What a series of cancelled runs recorded. */
export interface CancellationRecord {
  latencies: CancellationLatencies;
  stats: CancellationStats;
}

export function emptyCancellationRecord(): CancellationRecord {
  return {
    latencies: { rejection: [], requests: [], processes: [], processesStarting: [] },
    stats: {
      aborted: 0,
      viaStream: 0,
      finishedFirst: 0,
      denoRuns: 0,
      callsInFlightAtStop: 0,
      processesAtAbort: 0,
      rateLimited: 0,
    },
  };
}

/** Two fan-out turns (sub-calls, child RLMs, on Deno a busy cell), then FINAL. */
function scriptedText(seed: number, body: string, useDeno: boolean): string {
  const turns = body.split(TURN).length - 1;
  const tag = `R${seed}`;
  const random = createRandom(hashString(body, seed));
  if (body.includes(`Query: Cancel run ${tag}`)) {
    if (turns >= 2) return `${TURN}\nFINAL(done)`;
    const prompts = Array.from({ length: random.int(2, 8) }, (_, index) => `part-${tag}-${index}`);
    const children = Array.from(
      { length: random.int(1, 3) },
      (_, index) => `child-${tag}-${index}`,
    );
    const busy = useDeno && random.chance(0.5);
    return [
      `${TURN} Fanning out.`,
      "```repl",
      // A cell that computes without awaiting: only killing the process stops it early. It
      // ends after 2 s, so a run stopped by leaving `stream()` gets its next event.
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
    if (turns >= 1) return `${TURN}\nFINAL(child done)`;
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

/** Runs the run of `seed`, stops it at a random moment and checks that everything stopped. */
export async function cancelRun(options: {
  seed: number;
  deno: DenoSandbox;
  record: CancellationRecord;
}): Promise<void> {
  const { seed, deno } = options;
  const { latencies, stats } = options.record;
  const useDeno = seed % DENO_EVERY === 0;
  const random = createRandom(seed * 17 + 3);
  const events: RLMEvent[] = [];
  const seen = new Map<string, number>();
  // Processes an earlier run is still reaping are not this run's.
  const processesBefore = denoChildPids();
  const ownProcesses = () => denoChildPidsSince(processesBefore);
  // The moment of the stop: just after a random one of the events at which work is in
  // flight (a request sent, a cell begun, a child's sandbox starting), or once a reply that
  // never comes is due, after which the run can make no progress. Counted in events, not
  // milliseconds, so that a machine busy with other work stops the runs at the same points
  // as a quiet one.
  const stopAfter = random.int(1, useDeno ? 12 : 10);
  let stopPoints = 0;
  let reachStop = () => {};
  const stopMoment = new Promise<void>((resolve) => {
    reachStop = resolve;
  });
  // Most runs are stopped by their AbortSignal; one in five by leaving `stream()` early.
  const viaStream = random.chance(0.2);
  const long = () => {
    reachStop();
    // A stream is left between events only: its long replies end (after 3 s) so that one
    // more event comes.
    return viaStream ? 3_000 : Number.POSITIVE_INFINITY;
  };
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
      // One reply in five is long: only the client closing the request ends it.
      delayMs: replyRandom.chance(0.2) ? long() : replyRandom.int(10, 120),
    };
  });
  try {
    if (useDeno) stats.denoRuns++;
    const sandbox: Sandbox = useDeno ? deno : vmSandbox();
    // A request timeout past the hang ceiling: a request left open is the abort's doing.
    const settings = () => ({ stream: random.chance(0.5), timeoutMs: 10 * HANG_MS });
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
      sinks: [
        {
          onEvent: (event) => {
            events.push(event);
            if (isStopPoint(event) && ++stopPoints === stopAfter) reachStop();
          },
        },
      ],
    });
    const context = `context of run ${seed}`;
    const query = `Cancel run R${seed}`;
    let stoppedAt: number | undefined;
    let endedAt: number | undefined;
    let finished = false;
    let outcome: Promise<unknown>;
    let stopRequested = false;
    /** How many events there were when the run was stopped: no model call may start after. */
    let eventsAtStop = 0;
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
        eventsAtStop = events.length;
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
    await Promise.race([stopMoment, outcome]);
    // Stopped from a task of its own, as a user's click or timer would: the calls the run
    // launched in the same tick as the event are counted as started before the stop.
    await new Promise((resolve) => setImmediate(resolve));
    if (finished) {
      stats.finishedFirst++;
      await outcome;
      return;
    }
    stats.callsInFlightAtStop += callsInFlight(events);
    if (useDeno) stats.processesAtAbort += ownProcesses().length;
    if (viaStream) {
      stats.viaStream++;
      stopRequested = true;
      // The loop can only be left between events; the stop counts from there.
      await msUntil({
        condition: () => stoppedAt !== undefined || finished,
        since: performance.now(),
        timeoutMs: HANG_MS,
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
      eventsAtStop = events.length;
      controller.abort(new Error("the user cancelled"));
    }
    const abortedAt = stoppedAt as number;

    const requests = await msUntil({
      condition: () => servers.openRequests() === 0,
      since: abortedAt,
      timeoutMs: HANG_MS,
      what: "every request closing",
    });
    const processes = useDeno
      ? await msUntil({
          condition: () => ownProcesses().length === 0,
          since: abortedAt,
          timeoutMs: HANG_MS,
          what: "every Deno process exiting",
        })
      : undefined;
    const error = await within(outcome, HANG_MS, "the run did not end when it was stopped");
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
    // the servers saw none that core did not start. A request sent just before the abort is
    // already counted: every request the servers received has closed (waited for above).
    const starts = events.filter((event) => event.type === "model-call-start").length;
    if (totalRequests(servers) > starts) {
      throw new Error(`the servers saw ${totalRequests(servers)} requests, core started ${starts}`);
    }
    // Leaving `stream()` aborts the run in the generator's `finally`, a few microtask hops
    // after `break`, in which calls the cell was already launching may still start; with
    // `abort()` the run stops in the same tick.
    const lateStarts = events
      .slice(eventsAtStop)
      .filter((event) => event.type === "model-call-start");
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

function callsInFlight(events: readonly RLMEvent[]): number {
  let open = 0;
  for (const event of events) {
    if (event.type === "model-call-start") open++;
    if (event.type === "model-call-end") open--;
  }
  return open;
}

function isStopPoint(event: RLMEvent): boolean {
  return (
    event.type === "model-call-start" ||
    event.type === "cell-start" ||
    (event.type === "node-start" && event.depth > 0)
  );
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

/** Count, median, 95th percentile and maximum of a list of latencies, to 0.1 ms. */
export function distribution(values: readonly number[]) {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: values.length,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    max: round(Math.max(...values)),
  };
}
