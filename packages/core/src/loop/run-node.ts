import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Context } from "../context/context.js";
import type { LanguageModel } from "../model/language-model.js";
import { type Message, messageText } from "../model/message.js";
import { questionMessage } from "../prompt/question-message.js";
import { parseCodeBlocks } from "../protocol/parse-code-blocks.js";
import type { SandboxSession, SandboxSessionOptions } from "../sandbox/sandbox.js";
import { describeAnswerSchema } from "../schema/validate-answer.js";
import { callModel } from "./call-model.js";
import { compactHistory } from "./compact-history.js";
import { errorSummary } from "./error-summary.js";
import { FORCE_FINAL_MESSAGE, forcedFinalAnswer } from "./forced-final-answer.js";
import { createHostBridge } from "./host-bridge.js";
import type { NodeContinuation } from "./node-continuation.js";
import { answerText, runReplyCells } from "./run-reply-cells.js";
import type { NodeInfo, RunState } from "./run-state.js";
import { StartingSession } from "./starting-session.js";
import { withSessionSlot } from "./with-session-slot.js";

export interface RunNodeOptions {
  node: NodeInfo;
  tier: string;
  model: LanguageModel;
  context: Context;
  query: string;
  schema?: StandardSchemaV1;
  /** Stops this node; a child RLM's is its parent cell's, which ends with that cell. */
  abortSignal: AbortSignal;
  /** A session's root node: the REPL and the conversation of its earlier questions. */
  continuation?: NodeContinuation;
}

/**
 * One RLM node: a sandbox session holding the context, and a conversation in which the
 * model writes code until it calls FINAL or runs out of iterations. Returns the answer
 * (validated against the schema when there is one).
 */
export async function runNode(run: RunState, options: RunNodeOptions): Promise<unknown> {
  const { node, tier, model, schema } = options;
  const { options: settings } = run;
  run.registerNode(node);
  run.emit(node, {
    type: "node-start",
    tier,
    provider: model.provider,
    model: model.modelId,
    query: options.query,
  });
  let iterations = 0;
  let starting: StartingSession | undefined;
  const openSession = withSessionSlot(
    run,
    node,
    options.continuation?.openSession ??
      ((sessionOptions: SandboxSessionOptions) => settings.sandbox.createSession(sessionOptions)),
  );
  try {
    starting = new StartingSession(
      run,
      openSession({
        context: options.context,
        host: createHostBridge(
          run,
          node,
          (child) =>
            runNode(run, {
              node: {
                nodeId: child.nodeId,
                parentNodeId: child.parent.nodeId,
                depth: node.depth + 1,
              },
              tier: `depth-${node.depth + 1}`,
              model: settings.depthModels[node.depth] ?? settings.model,
              context: child.context,
              query: child.prompt,
              ...(child.schema ? { schema: child.schema } : {}),
              abortSignal: child.abortSignal,
            }),
          () => iterations,
        ),
        toolNames: Object.keys(settings.tools),
        // No per-cell cap: the bridge counts every sub-call against the run's `maxSubCalls`,
        // so the call over the limit stops the run instead of failing inside the cell.
        subCallLimits: {
          maxInFlight: settings.limits.maxConcurrency,
          maxPromptChars: settings.maxPromptChars,
        },
        abortSignal: options.abortSignal,
      }),
    );
    let session: SandboxSession | undefined;

    const answerSchema = schema ? describeAnswerSchema(schema) : undefined;
    const messages = options.continuation?.messages ?? [];
    if (messages.length === 0) {
      messages.push({
        role: "system",
        content: settings.systemPrompt({
          language: settings.sandbox.language,
          depth: node.depth,
          maxDepth: settings.maxDepth,
          maxIterations: settings.maxIterations,
          maxOutputChars: settings.maxOutputChars,
          subCallChars: settings.subCallChars,
          modelNames: Object.keys(settings.models),
          toolNames: Object.keys(settings.tools),
          tools: Object.values(settings.tools).map((tool) => tool.info),
          ...(answerSchema ? { answerSchema } : {}),
        }),
      });
    }
    const question =
      options.continuation?.question ??
      questionMessage({ context: options.context, query: options.query });
    const last = messages.at(-1);
    // A question after one that failed mid-turn: one user message, not two in a row.
    if (last?.role === "user")
      messages[messages.length - 1] = { ...last, content: `${messageText(last)}\n\n${question}` };
    else messages.push({ role: "user", content: question });

    while (iterations < settings.maxIterations) {
      run.throwIfStopped();
      options.abortSignal.throwIfAborted();
      iterations++;
      run.emit(node, { type: "iteration-start", iteration: iterations });
      const reply = session
        ? await modelTurn(run, options, messages)
        : await firstTurn(run, options, messages, starting);
      if (!session) {
        session = await starting.ready();
        await session.setVariable("query", options.query);
      }
      run.throwIfStopped();
      const outcome = await runReplyCells(run, {
        node,
        session,
        iteration: iterations,
        reply: parseCodeBlocks(reply, session.language),
        ...(schema ? { schema } : {}),
        abortSignal: options.abortSignal,
      });
      run.throwIfStopped();
      if (outcome.final) return finish(run, node, iterations, outcome.final.value, schema);
      messages.push({ role: "user", content: outcome.feedback });
    }

    messages.push({ role: "user", content: FORCE_FINAL_MESSAGE });
    const reply = await modelTurn(run, options, messages);
    session ??= await starting.ready();
    const answer = await forcedFinalAnswer({ reply, session, ...(schema ? { schema } : {}) });
    return finish(run, node, iterations, answer, schema);
  } catch (error) {
    const failure = run.stopReason ?? error;
    run.emit(node, {
      type: "node-end",
      status: "error",
      iterations,
      ...nodeCosts(run, node),
      error: errorSummary(failure),
    });
    throw failure;
  } finally {
    // The answer need not wait for the process to be reaped: the run's end waits for it.
    if (starting) run.track(starting.close());
  }
}

/**
 * The node's first turn, asked while its session starts. If the start fails first, the
 * turn is aborted and the start's error is what the node fails with.
 */
async function firstTurn(
  run: RunState,
  options: RunNodeOptions,
  messages: Message[],
  starting: StartingSession,
): Promise<string> {
  try {
    return await modelTurn(run, options, messages, starting.failedSignal);
  } catch (error) {
    throw starting.startError ?? error;
  }
}

async function modelTurn(
  run: RunState,
  options: RunNodeOptions,
  messages: Message[],
  alsoAbortOn?: AbortSignal,
): Promise<string> {
  const abortSignal = alsoAbortOn
    ? AbortSignal.any([options.abortSignal, alsoAbortOn])
    : options.abortSignal;
  await compactHistory(run, {
    node: options.node,
    model: options.model,
    messages,
    ...(options.continuation ? { question: options.continuation.question } : {}),
    abortSignal,
  });
  const result = await callModel(run, {
    node: options.node,
    tier: options.tier,
    model: options.model,
    messages: [...messages],
    abortSignal,
  });
  messages.push({ role: "assistant", content: result.text });
  if (options.node.depth === 0) run.recordPartialAnswer(result.text);
  return result.text;
}

function finish(
  run: RunState,
  node: NodeInfo,
  iterations: number,
  value: unknown,
  schema: StandardSchemaV1 | undefined,
): unknown {
  const answer = schema ? value : answerText(value);
  run.emit(node, {
    type: "node-end",
    status: "ok",
    answer: answerText(answer),
    iterations,
    ...nodeCosts(run, node),
  });
  return answer;
}

function nodeCosts(
  run: RunState,
  node: NodeInfo,
): { ownCostUsd?: number; subtreeCostUsd?: number } {
  const own = run.ledger.costOf(new Set([node.nodeId]));
  const subtree = run.ledger.costOf(run.subtree(node.nodeId));
  return {
    ...(own !== undefined ? { ownCostUsd: own } : {}),
    ...(subtree !== undefined ? { subtreeCostUsd: subtree } : {}),
  };
}
