import { randomUUID } from "node:crypto";
import { type Reservation, RunBudget } from "../budget/run-budget.js";
import { Semaphore } from "../budget/semaphore.js";
import { SessionSlots } from "../budget/session-slots.js";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import { RunAbortedError } from "../errors/run-aborted-error.js";
import { capEventText } from "../events/cap-event-text.js";
import type { EventBase, RLMEvent } from "../events/events.js";
import { SubCallMemo } from "../memo/sub-call-memo.js";
import type { RetryPolicy } from "../retry/with-retries.js";
import { UsageLedger } from "../usage/usage-ledger.js";
import { CellScopes } from "./cell-scopes.js";
import type { ResolvedOptions } from "./resolve-options.js";

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
export type EventPayload = DistributiveOmit<RLMEvent, keyof EventBase>;

/** Where an event comes from: one RLM node. */
export interface NodeInfo {
  nodeId: string;
  parentNodeId: string | undefined;
  depth: number;
}

/**
 * Everything one run shares across its nodes: the budget pool, the ledger, the concurrency
 * slots, the event stream and the signal that stops it all.
 *
 * Stopping is one concept: `stop` is the only place that records why the run stopped (the
 * caller aborted, the time limit, a budget limit), `stopReason` is how code checks it, and
 * a step that fails rethrows `stopReason ?? error`, so every node ends with the same error.
 */
export class RunState {
  readonly runId = randomUUID();
  readonly startedAt = Date.now();
  readonly budget: RunBudget;
  readonly ledger = new UsageLedger();
  readonly semaphore: Semaphore;
  readonly sessionSlots: SessionSlots;
  readonly events: RLMEvent[] = [];
  readonly retryPolicy: RetryPolicy;
  readonly cells = new CellScopes();
  /** Replies of identical sub-calls, when `memoize` is on. */
  readonly memo: SubCallMemo | undefined;
  depthReached = 0;
  private readonly controller = new AbortController();
  private readonly childrenOf = new Map<string, string[]>();
  private reason: Error | undefined;
  /** The root model's latest reply: the best partial answer if the run is cut short. */
  private partialAnswer: string | undefined;
  private seq = 0;
  private idCounter = 0;
  private readonly cleanup: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly options: ResolvedOptions,
    private readonly listeners: readonly ((event: RLMEvent) => void)[],
    userSignal: AbortSignal | undefined,
  ) {
    this.budget = new RunBudget(options.limits);
    this.semaphore = new Semaphore(options.limits.maxConcurrency);
    this.sessionSlots = new SessionSlots(options.limits.maxLiveSessions, options.maxDepth);
    this.retryPolicy = options.retry;
    this.memo = options.memoize ? new SubCallMemo(options.memoize) : undefined;
    if (userSignal) {
      const onAbort = () => this.stop(new RunAbortedError({ reason: userSignal.reason }));
      if (userSignal.aborted) onAbort();
      userSignal.addEventListener("abort", onAbort, { once: true });
      this.cleanup.push(() => userSignal.removeEventListener("abort", onAbort));
    }
    const { timeoutMs } = options.limits;
    if (timeoutMs !== undefined) {
      const timer = setTimeout(
        () =>
          this.stop(
            new BudgetExceededError({
              limit: "timeoutMs",
              limitValue: timeoutMs,
              used: Date.now() - this.startedAt,
              message: `Run time limit of ${timeoutMs} ms reached.`,
            }),
          ),
        timeoutMs,
      );
      this.cleanup.push(() => clearTimeout(timer));
    }
  }

  /** Aborts when the run must stop: the caller aborted, or a limit was reached. */
  get abortSignal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run stopped, once it has: the first reason given to `stop`. */
  get stopReason(): Error | undefined {
    return this.reason;
  }

  /**
   * Stops the whole run with `reason` unless it has already stopped, and returns the reason
   * it stopped with (the first one), for the caller to throw.
   */
  stop(reason: Error): Error {
    if (!this.reason) {
      this.reason = reason;
      this.attachPartialAnswer();
      this.controller.abort(reason);
    }
    return this.reason;
  }

  throwIfStopped(): void {
    if (this.reason) throw this.reason;
  }

  /** Reserves a model request's worst case from the run's pool; a limit it would pass stops the run. */
  reserve(request: Reservation): void {
    const exceeded = this.budget.reserve(request);
    if (exceeded) throw this.stop(exceeded);
  }

  /** Counts one `llm_query` / `rlm_query` against `maxSubCalls`; the call over it stops the run. */
  countSubCall(): void {
    const exceeded = this.budget.countSubCall();
    if (exceeded) throw this.stop(exceeded);
  }

  /** Records the root model's latest reply, the partial answer a limit or an abort carries. */
  recordPartialAnswer(text: string): void {
    this.partialAnswer = text;
    this.attachPartialAnswer();
  }

  private attachPartialAnswer(): void {
    const reason = this.reason;
    if (BudgetExceededError.isInstance(reason) || RunAbortedError.isInstance(reason)) {
      reason.partialAnswer ??= this.partialAnswer;
    }
  }

  /** Keeps track of work that may outlive the code that started it, e.g. a sub-call nobody awaited. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }

  /**
   * Ends the run: whatever is still in flight (sub-calls the model's code started but never
   * awaited) is aborted, and settles before the run reports its usage, so nothing of the run
   * keeps running, spending or emitting events after it has ended.
   */
  async end(): Promise<void> {
    if (!this.controller.signal.aborted) {
      this.controller.abort(new DOMException("The run has ended.", "AbortError"));
    }
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  newId(prefix: string): string {
    this.idCounter++;
    return `${prefix}-${this.idCounter}`;
  }

  registerNode(node: NodeInfo): void {
    this.depthReached = Math.max(this.depthReached, node.depth);
    if (node.parentNodeId) {
      const siblings = this.childrenOf.get(node.parentNodeId) ?? [];
      siblings.push(node.nodeId);
      this.childrenOf.set(node.parentNodeId, siblings);
    }
  }

  /** The node and all of its descendants. */
  subtree(nodeId: string): Set<string> {
    const nodes = new Set<string>([nodeId]);
    for (const id of nodes) for (const child of this.childrenOf.get(id) ?? []) nodes.add(child);
    return nodes;
  }

  emit(node: NodeInfo, payload: EventPayload): void {
    const event = {
      runId: this.runId,
      nodeId: node.nodeId,
      parentNodeId: node.parentNodeId,
      depth: node.depth,
      seq: this.seq++,
      time: performance.timeOrigin + performance.now(),
      ...capEventText(payload, this.options.maxEventTextChars),
    } as RLMEvent;
    this.events.push(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing observer must not break the run it observes.
      }
    }
  }

  dispose(): void {
    for (const release of this.cleanup) release();
  }
}
