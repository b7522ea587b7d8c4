import type { StandardSchemaV1 } from "@standard-schema/spec";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import type { RLMEvent } from "../events/events.js";
import { checkRunName } from "./check-run-name.js";
import { errorSummary } from "./error-summary.js";
import { hasCallOverrides, resolveOptions, withCallOverrides } from "./resolve-options.js";
import type { CompleteOptions, RLMOptions } from "./rlm-options.js";
import type { RLMResult } from "./rlm-result.js";
import {
  createRLMSession,
  type RLMSession,
  type RLMSessionOptions,
  type RunQuestion,
} from "./rlm-session.js";
import { runNode } from "./run-node.js";
import { RunState } from "./run-state.js";
import { streamRun } from "./stream-run.js";

export type AnswerOf<Schema> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : string;

export interface RLM {
  /** Runs the RLM to its answer. Rejects with a typed error (limit errors carry a partial answer). */
  complete<Schema extends StandardSchemaV1 | undefined = undefined>(
    options: CompleteOptions<Schema>,
  ): Promise<RLMResult<AnswerOf<Schema>>>;
  /**
   * Runs the RLM and yields every event as it happens; the last one is `run-end`, holding
   * the result or the error. Leaving the loop early aborts the run.
   */
  stream<Schema extends StandardSchemaV1 | undefined = undefined>(
    options: CompleteOptions<Schema>,
  ): AsyncIterable<RLMEvent>;
  /**
   * Opens a session for several questions over one context: the root REPL (variables,
   * functions, the context) and the root conversation carry over between questions.
   */
  session(options: RLMSessionOptions): RLMSession;
}

/** Creates a Recursive Language Model. Options are checked here, before anything runs. */
export function createRLM(options: RLMOptions): RLM {
  const resolved = resolveOptions(options);

  const execute: RunQuestion = async (request, listener, extras) => {
    const settings =
      extras?.settings ??
      (hasCallOverrides(request) ? resolveOptions(withCallOverrides(options, request)) : resolved);
    checkRunName(request.name);
    const listeners = resolved.sinks.map((sink) => (event: RLMEvent) => sink.onEvent(event));
    if (listener) listeners.push(listener);
    const run = new RunState(settings, listeners, request.abortSignal);
    const root = { nodeId: run.newId("node"), parentNodeId: undefined, depth: 0 };
    const { maxDepth, maxIterations, limits } = settings;
    run.emit(root, {
      type: "run-start",
      query: request.query,
      ...(request.name !== undefined ? { name: request.name } : {}),
      limits: { maxDepth, maxIterations, ...limits },
    });
    try {
      const answer = await runNode(run, {
        node: root,
        tier: "root",
        model: settings.model,
        context: request.context,
        query: request.query,
        ...(request.schema ? { schema: request.schema } : {}),
        abortSignal: run.abortSignal,
        ...(extras ? { continuation: extras.continuation } : {}),
      });
      await run.end();
      const usage = run.ledger.report();
      const summary = {
        runId: run.runId,
        answer,
        usage,
        ...(usage.total.costUsd !== undefined ? { costUsd: usage.total.costUsd } : {}),
        iterations: countRootIterations(run.events, root.nodeId),
        depthReached: run.depthReached,
        subCalls: run.budget.subCalls,
        durationMs: Date.now() - run.startedAt,
      };
      run.emit(root, { type: "run-end", result: summary });
      return { ...summary, trajectory: run.events };
    } catch (error) {
      const failure = run.stopReason ?? error;
      await run.end();
      run.emit(root, {
        type: "run-end",
        error: {
          ...errorSummary(failure),
          ...(BudgetExceededError.isInstance(failure) ? { limit: failure.limit } : {}),
          ...(hasPartialAnswer(failure) ? { partialAnswer: failure.partialAnswer } : {}),
        },
      });
      throw failure;
    } finally {
      extras?.onRunEnd(run);
      run.dispose();
      await Promise.all(resolved.sinks.map((sink) => sink.flush?.().catch(() => undefined)));
    }
  };

  return {
    complete(request) {
      return execute(request, undefined) as Promise<RLMResult<never>>;
    },
    async *stream(request) {
      // Before any event: a bad name would otherwise end the stream with nothing in it.
      checkRunName(request.name);
      yield* streamRun(request.abortSignal, (abortSignal, listener) =>
        execute({ ...request, abortSignal }, listener),
      );
    },
    session(sessionOptions) {
      return createRLMSession({ options, resolved, session: sessionOptions, runQuestion: execute });
    },
  };
}

function countRootIterations(events: readonly RLMEvent[], rootNodeId: string): number {
  let iterations = 0;
  for (const event of events) {
    if (event.type === "iteration-start" && event.nodeId === rootNodeId) iterations++;
  }
  return iterations;
}

function hasPartialAnswer(error: unknown): error is { partialAnswer: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { partialAnswer?: unknown }).partialAnswer === "string"
  );
}
