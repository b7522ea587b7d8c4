import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Context } from "../context/context.js";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import { SessionClosedError } from "../errors/session-closed-error.js";
import type { RLMEvent } from "../events/events.js";
import type { Message } from "../model/message.js";
import { questionMessage } from "../prompt/question-message.js";
import type { SandboxSession, SandboxSessionOptions } from "../sandbox/sandbox.js";
import { describeAnswerSchema } from "../schema/validate-answer.js";
import { totalTokens } from "../usage/usage.js";
import { UsageLedger } from "../usage/usage-ledger.js";
import type { UsageReport } from "../usage/usage-report.js";
import type { AnswerOf } from "./create-rlm.js";
import { LeasedSandboxSession } from "./leased-sandbox-session.js";
import type { NodeContinuation } from "./node-continuation.js";
import {
  hasCallOverrides,
  type ResolvedOptions,
  resolveOptions,
  withCallOverrides,
} from "./resolve-options.js";
import type { CompleteOptions, RLMLimits, RLMOptions } from "./rlm-options.js";
import type { RLMResult } from "./rlm-result.js";
import type { RunState } from "./run-state.js";
import { streamRun } from "./stream-run.js";

export interface RLMSessionOptions {
  /** Loaded once as `context` and kept, with every variable code defines, across questions. */
  context: Context;
  /** Caps that span every question of the session; each question also has the RLM's own limits. */
  limits?: { maxCostUsd?: number; maxTokens?: number };
}

export type SessionCompleteOptions<Schema extends StandardSchemaV1 | undefined = undefined> = Omit<
  CompleteOptions<Schema>,
  "context"
> & {
  /** More context, loaded for this and later questions as `context_1`, `context_2`, ... */
  context?: Context;
  /** This question's limits, over the RLM's own (and within what is left of the session's caps). */
  limits?: RLMLimits;
};

/**
 * Several questions over one context: the root REPL and the root conversation carry over
 * from question to question. Each question is a run of its own (limits, usage, events).
 * Questions asked while one runs wait their turn; they never interleave.
 */
export interface RLMSession {
  complete<Schema extends StandardSchemaV1 | undefined = undefined>(
    options: SessionCompleteOptions<Schema>,
  ): Promise<RLMResult<AnswerOf<Schema>>>;
  /** Like `RLM.stream`, for one question of the session. */
  stream<Schema extends StandardSchemaV1 | undefined = undefined>(
    options: SessionCompleteOptions<Schema>,
  ): AsyncIterable<RLMEvent>;
  /** Usage of every question so far, failed ones included. */
  readonly usage: UsageReport;
  /** Questions started so far. */
  readonly questions: number;
  /**
   * Aborts the question running (queued ones fail with `SessionClosedError`) and ends the
   * sandbox session. A session never closed is reaped by its sandbox when the process exits.
   */
  close(): Promise<void>;
}

/** How a session runs one question: `createRLM`'s run, with the session's extras. */
export type RunQuestion = (
  request: CompleteOptions<StandardSchemaV1 | undefined>,
  listener: ((event: RLMEvent) => void) | undefined,
  extras?: {
    settings: ResolvedOptions;
    continuation: NodeContinuation;
    onRunEnd: (run: RunState) => void;
  },
) => Promise<RLMResult<unknown>>;

export function createRLMSession(options: {
  options: RLMOptions;
  resolved: ResolvedOptions;
  session: RLMSessionOptions;
  runQuestion: RunQuestion;
}): RLMSession {
  const { resolved, runQuestion } = options;
  const caps = options.session.limits ?? {};
  // The same checks as the RLM's own limits: numbers that make sense, prices for a cost cap.
  if (caps.maxCostUsd !== undefined || caps.maxTokens !== undefined) {
    resolveOptions({ ...options.options, limits: { ...options.options.limits, ...caps } });
  }
  const sandbox = new LeasedSandboxSession(resolved.sandbox, options.session.context);
  const ledger = new UsageLedger();
  const messages: Message[] = [];
  const closing = new AbortController();
  /** Contexts given with a question, set in the REPL once a question holds the sandbox. */
  let unloaded: { name: string; context: Context }[] = [];
  let addedContexts = 0;
  let questions = 0;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  /** The question's own settings, checked like `createRLM`'s, before it waits its turn. */
  function questionSettings(
    request: SessionCompleteOptions<StandardSchemaV1 | undefined>,
  ): ResolvedOptions {
    if (!hasCallOverrides(request)) return resolved;
    return resolveOptions(withCallOverrides(options.options, request));
  }

  /** Those settings within what is left of the session's caps. */
  function settingsWithin(own: ResolvedOptions): ResolvedOptions {
    const spent = ledger.report().total;
    const limits = { ...own.limits };
    if (caps.maxCostUsd !== undefined) {
      const used = spent.costUsd ?? 0;
      if (used >= caps.maxCostUsd) throw spentCap("maxCostUsd", caps.maxCostUsd, used);
      limits.maxCostUsd = Math.min(
        limits.maxCostUsd ?? Number.POSITIVE_INFINITY,
        caps.maxCostUsd - used,
      );
    }
    if (caps.maxTokens !== undefined) {
      const used = totalTokens(spent);
      if (used >= caps.maxTokens) throw spentCap("maxTokens", caps.maxTokens, used);
      limits.maxTokens = Math.min(
        limits.maxTokens ?? Number.POSITIVE_INFINITY,
        caps.maxTokens - used,
      );
    }
    return { ...own, limits };
  }

  async function openSession(sessionOptions: SandboxSessionOptions): Promise<SandboxSession> {
    const session = await sandbox.lease(sessionOptions);
    for (const added of [...unloaded]) {
      await session.setVariable(added.name, added.context);
      unloaded = unloaded.filter((entry) => entry !== added);
    }
    return session;
  }

  function ask(
    request: SessionCompleteOptions<StandardSchemaV1 | undefined>,
    listener?: (event: RLMEvent) => void,
  ): Promise<RLMResult<unknown>> {
    let own: ResolvedOptions;
    try {
      own = questionSettings(request);
    } catch (error) {
      return Promise.reject(error);
    }
    const turn = queue.then(() => {
      if (closed) throw new SessionClosedError();
      const settings = settingsWithin(own);
      const number = ++questions;
      const added: { name: string; context: Context }[] = [];
      if (request.context !== undefined) {
        added.push({ name: `context_${++addedContexts}`, context: request.context });
        unloaded = [...unloaded, ...added];
      }
      const answerSchema = request.schema ? describeAnswerSchema(request.schema) : undefined;
      // The conversation opens with the context's metadata, also when an earlier question
      // failed before it said anything.
      const opening = messages.length === 0;
      const question = questionMessage({
        query: request.query,
        addedContexts: added,
        ...(opening ? { context: options.session.context } : { number }),
        ...(answerSchema ? { answerSchema } : {}),
      });
      const abortSignal = request.abortSignal
        ? AbortSignal.any([request.abortSignal, closing.signal])
        : closing.signal;
      return runQuestion({ ...request, context: options.session.context, abortSignal }, listener, {
        settings,
        continuation: { openSession, messages, question },
        onRunEnd: (run) => {
          for (const entry of run.ledger.entries) ledger.record(entry);
        },
      });
    });
    queue = turn.catch(() => undefined);
    return turn;
  }

  return {
    complete(request) {
      return ask(request) as Promise<RLMResult<never>>;
    },
    stream(request) {
      return streamRun(request.abortSignal, (abortSignal, listener) =>
        ask({ ...request, abortSignal }, listener),
      );
    },
    get usage() {
      return ledger.report();
    },
    get questions() {
      return questions;
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.abort(new SessionClosedError());
      await queue;
      await sandbox.close();
    },
  };
}

function spentCap(
  limit: "maxCostUsd" | "maxTokens",
  limitValue: number,
  used: number,
): BudgetExceededError {
  return new BudgetExceededError({
    limit,
    limitValue,
    used,
    message: `The session's ${limit} of ${limitValue} is spent (${used} used); no question can start.`,
  });
}
