import type { StandardSchemaV1 } from "@standard-schema/spec";
import { truncateOutput } from "../prompt/truncate-output.js";
import type { ParsedReply } from "../protocol/parse-code-blocks.js";
import { parseFinalTag } from "../protocol/parse-final-tag.js";
import { stripTypeScript } from "../protocol/strip-typescript.js";
import type { CellResult, SandboxSession } from "../sandbox/sandbox.js";
import { parseTextAnswer, validateAnswer } from "../schema/validate-answer.js";
import { errorSummary } from "./error-summary.js";
import type { NodeInfo, RunState } from "./run-state.js";

export interface ReplyOutcome {
  /** Set when the reply finished the node (FINAL from code, or a text tag). */
  final?: { value: unknown };
  /** What the model is told next when the node goes on. */
  feedback: string;
}

const NO_CODE_MESSAGE =
  "Your reply contained no code block to run. Write code in a ```repl block to inspect `context`, or finish with FINAL(answer) on a line of its own.";

/** Runs every code block of one reply in order and decides whether the node is done. */
export async function runReplyCells(
  run: RunState,
  options: {
    node: NodeInfo;
    session: SandboxSession;
    iteration: number;
    reply: ParsedReply;
    schema?: StandardSchemaV1;
    /** The node's signal: the run's, and for a child RLM also its parent cell's. */
    abortSignal: AbortSignal;
  },
): Promise<ReplyOutcome> {
  const { node, session, iteration, reply, schema, abortSignal } = options;
  const sections: string[] = [];
  let final: { value: unknown } | undefined;
  let codeCalledFinal = false;
  let cellFailed = false;

  for (const [index, block] of reply.blocks.entries()) {
    run.throwIfStopped();
    abortSignal.throwIfAborted();
    const cellId = run.newId("cell");
    const label = reply.blocks.length > 1 ? `Cell ${index + 1} of ${reply.blocks.length}` : "Cell";
    let code = block.code;
    run.emit(node, { type: "cell-start", cellId, iteration, language: session.language, code });
    const startedAt = performance.now();
    let result: CellResult;
    run.cells.begin(cellId, abortSignal);
    try {
      if (block.typescript) code = stripTypeScript(code);
      result = await session.execute(code, {
        cellId,
        timeoutMs: run.options.cellTimeoutMs,
        abortSignal,
      });
    } catch (error) {
      const { name, message } = errorSummary(run.stopReason ?? error);
      result = { output: "", error: `${name}: ${message}`, truncated: false };
    } finally {
      run.cells.end(cellId);
    }
    if (abortSignal.aborted) {
      // The run (or the cell that started this child) stopped while the cell ran: close the
      // cell in the event stream, then stop.
      emitCellEnd(run, node, { cellId, iteration, result, startedAt, error: result.error });
      throw run.stopReason ?? abortSignal.reason;
    }
    let error = result.error;
    if (error !== undefined) cellFailed = true;
    if (result.final) {
      codeCalledFinal = true;
      const accepted = await acceptFinal(result.final.value, schema);
      if (accepted.ok) final = { value: accepted.value };
      else error = [error, accepted.problem].filter(Boolean).join("\n");
    }
    emitCellEnd(run, node, {
      cellId,
      iteration,
      result,
      startedAt,
      error,
      ...(final ? { final: answerText(final.value) } : {}),
    });
    sections.push(formatCell(label, result, error, run.options.maxOutputChars));
    if (final) return { final, feedback: sections.join("\n\n") };
  }

  const tag = codeCalledFinal ? undefined : parseFinalTag(reply.prose);
  if (tag && cellFailed) {
    // The answer was written before the model saw its code fail: it has to see the error.
    sections.push(
      "The FINAL in your reply's text was not accepted because a cell above failed. Read the error, then finish again.",
    );
  } else if (tag) {
    const read =
      tag.kind === "value" ? { text: tag.text } : await readTaggedVariable(session, tag.name);
    if ("problem" in read) {
      sections.push(
        `FINAL_VAR("${tag.kind === "variable" ? tag.name : ""}") failed: ${read.problem}`,
      );
    } else {
      const { text } = read;
      const accepted = await acceptFinal(schema ? parseTextAnswer(text) : text, schema);
      if (accepted.ok) return { final: { value: accepted.value }, feedback: sections.join("\n\n") };
      sections.push(accepted.problem);
    }
  }

  if (reply.unterminated) {
    sections.push(
      "Your reply ended inside an unclosed code fence; that code was not run. Close every ``` fence.",
    );
  }
  if (reply.skippedTags.length) {
    sections.push(
      `Blocks tagged ${reply.skippedTags.map((tag) => `"${tag}"`).join(", ")} were not run: only \`\`\`repl blocks run in this ${session.language} REPL.`,
    );
  }
  if (!reply.blocks.length && !tag) sections.push(NO_CODE_MESSAGE);
  return { feedback: sections.join("\n\n") };
}

function emitCellEnd(
  run: RunState,
  node: NodeInfo,
  cell: {
    cellId: string;
    iteration: number;
    result: CellResult;
    startedAt: number;
    error: string | undefined;
    final?: string;
  },
): void {
  run.emit(node, {
    type: "cell-end",
    cellId: cell.cellId,
    iteration: cell.iteration,
    output: cell.result.output,
    truncated: cell.result.truncated,
    stateReset: cell.result.stateReset ?? false,
    durationMs: performance.now() - cell.startedAt,
    ...(cell.error !== undefined ? { error: cell.error } : {}),
    ...(cell.final !== undefined ? { final: cell.final } : {}),
    ...(cell.result.lateCallsDropped ? { lateCallsDropped: cell.result.lateCallsDropped } : {}),
  });
}

async function acceptFinal(
  value: unknown,
  schema: StandardSchemaV1 | undefined,
): Promise<{ ok: true; value: unknown } | { ok: false; problem: string }> {
  if (!schema) return { ok: true, value };
  const validation = await validateAnswer(schema, value);
  if (validation.ok) return validation;
  return {
    ok: false,
    problem: `FINAL was rejected: the value does not match the answer schema.\n${validation.issues.map((issue) => `- ${issue}`).join("\n")}\nFix the value and call FINAL again.`,
  };
}

/** The answer as a string: strings as they are, anything else JSON-encoded. */
export function answerText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

function formatCell(
  label: string,
  result: CellResult,
  error: string | undefined,
  maxOutputChars: number,
): string {
  const parts = [
    `${label} output:\n${truncateOutput(result.output, maxOutputChars) || "(no output)"}`,
  ];
  if (error)
    parts.push(`${label} error:\n${truncateOutput(error, Math.min(maxOutputChars, 4000))}`);
  if (result.stateReset) {
    parts.push(
      "Note: the sandbox was restarted, so every variable except `context` was lost. Define what you need again.",
    );
  }
  return parts.join("\n");
}

/** A text-tag FINAL_VAR's value, or why it cannot be the answer (in words for the model). */
async function readTaggedVariable(
  session: SandboxSession,
  name: string,
): Promise<{ text: string } | { problem: string }> {
  try {
    const text = await session.readVariable(name);
    return text === undefined ? { problem: "no such variable." } : { text };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
