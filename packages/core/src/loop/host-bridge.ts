import type { StandardSchemaV1 } from "@standard-schema/spec";
import { budgetSnapshot } from "../budget/budget-snapshot.js";
import type { Context } from "../context/context.js";
import { BudgetExceededError } from "../errors/budget-exceeded-error.js";
import { InvalidToolArgumentsError } from "../errors/invalid-tool-arguments-error.js";
import { UnknownModelError } from "../errors/unknown-model-error.js";
import { contentText } from "../model/content-text.js";
import type { LanguageModel } from "../model/language-model.js";
import { toolSignature } from "../prompt/describe-tools.js";
import type { HostBridge, SubCallPrompt } from "../sandbox/sandbox.js";
import { jsonSchemaAsStandardSchema } from "../schema/json-schema-standard.js";
import { assertJsonSchema } from "../schema/json-schema-validator.js";
import { askForJson } from "./ask-for-json.js";
import { callSubModel } from "./call-sub-model.js";
import { checkModelTakesImages, checkSubCallPrompt } from "./check-sub-call-prompt.js";
import { errorSummary } from "./error-summary.js";
import { plainCallPrompt } from "./plain-call-prompt.js";
import type { NodeInfo, RunState } from "./run-state.js";
import { untilAborted } from "./unless-stopped.js";

/** Runs a child RLM; passed in to keep this file free of the node loop. */
export type RunChild = (request: {
  nodeId: string;
  parent: NodeInfo;
  parentCellId: string;
  prompt: string;
  context: Context;
  /** The child's FINAL value is validated against it (`rlm_query(..., { schema })`). */
  schema?: StandardSchemaV1;
  /** Aborts when the cell that started the child ends. */
  abortSignal: AbortSignal;
}) => Promise<unknown>;

/**
 * The host side of `llm_query`, `rlm_query` and user tools for one node. Every sub-call
 * counts against the run's shared sub-call budget, is announced by `subcall-start` /
 * `subcall-end` events, and stops when the run stops or when the cell that made it ends; a
 * tool call is announced by `tool-call-start` / `tool-call-end`, counts against nothing, and
 * stops the same way.
 */
export function createHostBridge(
  run: RunState,
  node: NodeInfo,
  runChild: RunChild,
  /** The node's current iteration (1-based), for `budget()`. */
  currentIteration: () => number,
): HostBridge {
  const { options } = run;

  function resolveSubModel(name: string | undefined): { model: LanguageModel; tier: string } {
    if (name === undefined) return { model: options.subModel, tier: "sub" };
    const model = options.models[name];
    if (!model)
      throw new UnknownModelError({ modelName: name, allowed: Object.keys(options.models) });
    return { model, tier: name };
  }

  /**
   * Refuses a sub-model prompt over `maxPromptChars` or the image caps, before anything is
   * counted or sent; returns it with every image's media type known.
   */
  function checkPrompt<Prompt extends SubCallPrompt>(prompt: Prompt, what: string): Prompt {
    return checkSubCallPrompt(prompt, { maxPromptChars: options.maxPromptChars, what }) as Prompt;
  }

  /** Refuses a schema that is not a JSON Schema, before anything is counted or sent. */
  function checkSchema(schema: unknown): void {
    if (schema !== undefined) assertJsonSchema(schema);
  }

  /** The signal of the last sub-call that had one of its own, and its cell's (see `callSignal`). */
  let lastSignals: { cell: AbortSignal; caller: AbortSignal; both: AbortSignal } | undefined;

  /**
   * What stops a sub-call: its cell's end, or the caller's own signal (the sandbox's, per cell)
   * if it passed one. The calls of one cell share one combined signal.
   */
  function callSignal(cellSignal: AbortSignal, abortSignal: AbortSignal | undefined): AbortSignal {
    if (!abortSignal) return cellSignal;
    if (lastSignals?.cell !== cellSignal || lastSignals.caller !== abortSignal) {
      const both = AbortSignal.any([cellSignal, abortSignal]);
      lastSignals = { cell: cellSignal, caller: abortSignal, both };
    }
    return lastSignals.both;
  }

  function subcall(
    request: { kind: "llm" | "rlm"; prompt: string; cellId: string; childNodeId?: string },
    work: (abortSignal: AbortSignal, callId: string) => Promise<unknown>,
    abortSignal?: AbortSignal,
  ): Promise<unknown> {
    // Tracked, so that a sub-call the code never awaited is stopped when the run ends.
    return run.track(runSubcall(request, work, abortSignal));
  }

  async function runSubcall(
    request: { kind: "llm" | "rlm"; prompt: string; cellId: string; childNodeId?: string },
    work: (abortSignal: AbortSignal, callId: string) => Promise<unknown>,
    abortSignal?: AbortSignal,
  ): Promise<unknown> {
    run.throwIfStopped();
    const cellSignal = run.cells.signalOf(request.cellId);
    run.countSubCall();
    const callId = run.newId("sub");
    const { kind, prompt, cellId, childNodeId } = request;
    const ids = { callId, cellId, kind, ...(childNodeId ? { childNodeId } : {}) };
    run.emit(node, { type: "subcall-start", ...ids, prompt });
    const startedAt = performance.now();
    const signal = callSignal(cellSignal, abortSignal);
    try {
      const result = await work(signal, callId);
      run.emit(node, {
        type: "subcall-end",
        ...ids,
        durationMs: performance.now() - startedAt,
        // A typed sub-call's value is shown as its JSON.
        result: typeof result === "string" ? result : (JSON.stringify(result) ?? "null"),
        ...(run.memo?.takeAnsweredFromMemo(callId) ? { cached: true as const } : {}),
      });
      return result;
    } catch (error) {
      run.emit(node, {
        type: "subcall-end",
        ...ids,
        durationMs: performance.now() - startedAt,
        error: errorSummary(error),
      });
      throw BudgetExceededError.isInstance(error) ? run.stop(error) : (run.stopReason ?? error);
    }
  }

  /** A plain sub-model call: `llm_query`, and `rlm_query` at `maxDepth` (`call` names it in errors). */
  const plainCall = async (
    request: Parameters<HostBridge["llmQuery"]>[0],
    call: "llm_query" | "rlm_query",
  ): Promise<unknown> => {
    const prompt = checkPrompt(request.prompt, "The prompt");
    checkSchema(request.schema);
    // A model that does not take images is refused before the call is counted; an unknown
    // model name is refused inside the sub-call, so that it is in the trace.
    const known = request.model === undefined || options.models[request.model] !== undefined;
    if (known) checkModelTakesImages(prompt, resolveSubModel(request.model).model);
    return subcall(
      { kind: "llm", prompt: contentText(prompt), cellId: request.cellId },
      async (abortSignal, subcallId) => {
        const { model, tier } = resolveSubModel(request.model);
        const target = { node, tier, model, cellId: request.cellId, subcallId, abortSignal };
        if (request.schema) {
          return askForJson(run, { ...target, prompt, schema: request.schema, call });
        }
        const result = await callSubModel(run, {
          ...target,
          messages: [{ role: "user", content: prompt }],
        });
        return result.text;
      },
      request.abortSignal,
    );
  };

  return {
    llmQuery: (request) => plainCall(request, "llm_query"),
    budget: () =>
      budgetSnapshot({
        budget: run.budget,
        limits: options.limits,
        maxDepth: options.maxDepth,
        maxIterations: options.maxIterations,
        elapsedMs: Date.now() - run.startedAt,
        depth: node.depth,
        iteration: currentIteration(),
      }),
    async rlmQuery(request) {
      if (node.depth >= options.maxDepth) {
        // At the depth limit a child RLM would exceed maxDepth: answer with a plain call.
        if (request.context === undefined) return plainCall(request, "rlm_query");
        const prompt = checkPrompt(
          plainCallPrompt(request.prompt, request.context),
          "At maxDepth rlm_query is a plain call, and its prompt with the context appended",
        );
        return plainCall({ ...request, prompt }, "rlm_query");
      }
      checkPrompt(request.prompt, "The prompt");
      checkSchema(request.schema);
      const childNodeId = run.newId("node");
      return subcall(
        { kind: "rlm", prompt: request.prompt, cellId: request.cellId, childNodeId },
        (abortSignal) =>
          runChild({
            nodeId: childNodeId,
            parent: node,
            parentCellId: request.cellId,
            prompt: request.prompt,
            context: request.context ?? request.prompt,
            ...(request.schema ? { schema: jsonSchemaAsStandardSchema(request.schema) } : {}),
            abortSignal,
          }),
        request.abortSignal,
      );
    },
    async tool(request) {
      run.throwIfStopped();
      const cellSignal = run.cells.signalOf(request.cellId);
      const callId = run.newId("tool");
      const ids = { callId, cellId: request.cellId, name: request.name };
      run.emit(node, { type: "tool-call-start", ...ids, args: jsonText(request.args) });
      const startedAt = performance.now();
      try {
        const tool = options.tools[request.name];
        if (!tool) {
          const allowed = Object.keys(options.tools).join(", ") || "(none)";
          throw new Error(`Unknown tool "${request.name}". Available tools: ${allowed}.`);
        }
        const args = await tool.validate(request.args);
        if (!args.ok) {
          throw new InvalidToolArgumentsError({
            toolName: request.name,
            issues: args.errors,
            signature: toolSignature(options.sandbox.language, tool.info),
          });
        }
        // A tool that ignores the signal is not waited for once its cell has ended.
        const result = await untilAborted(
          Promise.resolve(tool.execute(args.value, { abortSignal: cellSignal })),
          cellSignal,
        );
        run.emit(node, {
          type: "tool-call-end",
          ...ids,
          durationMs: performance.now() - startedAt,
          result: jsonText(result),
        });
        return result;
      } catch (error) {
        run.emit(node, {
          type: "tool-call-end",
          ...ids,
          durationMs: performance.now() - startedAt,
          error: errorSummary(error),
        });
        throw error;
      }
    },
  };
}

/** Characters of a tool's arguments or result kept in its events. */
const MAX_TOOL_JSON_CHARS = 16_384;

/** A value as JSON for an event, capped; a value JSON cannot hold is shown as a string. */
function jsonText(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_TOOL_JSON_CHARS ? `${text.slice(0, MAX_TOOL_JSON_CHARS)}…` : text;
}
