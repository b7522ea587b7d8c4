import type { LanguageModel } from "../model/language-model.js";
import { type Message, messageText } from "../model/message.js";
import { truncateOutput } from "../prompt/truncate-output.js";
import { callModel } from "./call-model.js";
import { errorSummary } from "./error-summary.js";
import { estimatePromptTokens } from "./estimate-worst-case.js";
import type { NodeInfo, RunState } from "./run-state.js";

/** Separates the conversation's opening message from the summary merged into it. */
const SUMMARY_MARKER = "\n\n[History compacted]\n";
/** Characters per token when sizing the transcript: the prompt estimate's own ratio. */
const TRANSCRIPT_CHARS_PER_TOKEN = 3;
/** The least of each message the summariser sees, however small the window. */
const MIN_MESSAGE_CHARS = 200;
/**
 * Tokens a summary is assumed to take when deciding whether compacting pays: a compaction
 * that would remove fewer tokens than its note plus this (or `maxOutputTokens`, if lower)
 * is skipped, since it could make the prompt longer rather than shorter.
 */
const SUMMARY_ALLOWANCE_TOKENS = 1_024;

const SUMMARY_INSTRUCTIONS = `You compact the working history of a model that answers a query by writing code in a REPL. The history below is about to be removed from its conversation; your summary replaces it. The REPL itself is kept, so every variable and function the model defined still exists.

Write a summary that lets the model go on without repeating work:
- the query and what the model set out to do;
- what it found, with exact figures, names and partial answers;
- every REPL variable and function it defined that still matters, by name, and what it holds;
- what failed and why, and what remains to do.
Be factual and brief; do not invent anything.`;

/**
 * Compacts a node's conversation in place before a model turn, when its estimated size
 * passes the compaction threshold of the model's window: the turns between the opening
 * message and the latest `keepRecentTurns` are replaced by a summary (merged into the
 * opening, so roles keep alternating). The REPL is untouched; the model is told so.
 */
export async function compactHistory(
  run: RunState,
  options: {
    node: NodeInfo;
    model: LanguageModel;
    messages: Message[];
    /** The question being answered, when it is not the opening message (a session's later one). */
    question?: string;
    abortSignal: AbortSignal;
  },
): Promise<void> {
  const settings = run.options.compaction;
  const { node, model, messages } = options;
  const window = settings?.contextWindowTokens ?? model.contextWindowTokens;
  if (!settings || window === undefined) return;
  const estimatedTokens = estimatePromptTokens(messages);
  if (estimatedTokens <= settings.threshold * window) return;
  // Fewer turns are kept when the kept ones alone are all there is to compact.
  let cut = 2;
  for (let keep = settings.keepRecentTurns; keep >= 0 && cut <= 2; keep--) {
    cut = recentTurnsStart(messages, keep);
  }
  // The newest user message (the latest REPL output, or the request for a final answer) is
  // what the next turn answers: it is never summarised, but carried after the summary.
  const newest = messages.length - 1;
  if (messages[newest]?.role === "user") cut = Math.min(cut, newest);
  if (cut <= 2) return; // only the opening: nothing to compact
  const opening = messages[1] as Message;
  const [openingText, earlierSummary] = messageText(opening).split(SUMMARY_MARKER);
  const older = messages.slice(2, cut);
  const maxOutputTokens = run.options.maxOutputTokens;
  const bareNote = compactionNote(older.length, estimatedTokens, "");
  if (!worthCompacting({ older, earlierSummary, note: bareNote, maxOutputTokens })) return;

  const compactionId = run.newId("compaction");
  const startedAt = performance.now();
  run.emit(node, {
    type: "compaction-start",
    compactionId,
    messageCount: messages.length,
    estimatedTokens,
    contextWindowTokens: window,
    threshold: settings.threshold,
  });
  try {
    const summarizer = settings.model ?? model;
    // The transcript must fit the summariser too, whose window may be the smaller one.
    const summaryWindow = Math.min(window, summarizer.contextWindowTokens ?? window);
    const budgetChars =
      Math.max(0, Math.floor(settings.threshold * summaryWindow) - run.options.maxOutputTokens) *
      TRANSCRIPT_CHARS_PER_TOKEN;
    const result = await callModel(run, {
      node,
      tier: "compaction",
      model: summarizer,
      messages: [
        { role: "system", content: SUMMARY_INSTRUCTIONS },
        { role: "user", content: transcript({ earlierSummary, older, budgetChars }) },
      ],
      abortSignal: options.abortSignal,
    });
    // The question being answered stays word for word: in the opening, in the kept turns,
    // or else after the summary.
    const asked = options.question;
    const question =
      asked !== undefined &&
      asked !== openingText &&
      !messages.slice(cut).some((message) => messageText(message).includes(asked))
        ? `\n\n${asked}`
        : "";
    const note = compactionNote(older.length, estimatedTokens, result.text.trim());
    // A kept part that starts with a user message joins the summary's, so roles alternate.
    const carried =
      messages[cut]?.role === "user" ? `\n\n${messageText(messages[cut] as Message)}` : "";
    messages.splice(1, cut - 1 + (carried ? 1 : 0), {
      role: "user",
      content: `${openingText}${SUMMARY_MARKER}${note}${question}${carried}`,
    });
    run.emit(node, {
      type: "compaction-end",
      compactionId,
      compactedMessages: older.length,
      estimatedTokens: estimatePromptTokens(messages),
      summary: result.text,
      durationMs: performance.now() - startedAt,
    });
  } catch (error) {
    run.emit(node, {
      type: "compaction-end",
      compactionId,
      compactedMessages: 0,
      estimatedTokens,
      durationMs: performance.now() - startedAt,
      error: errorSummary(run.stopReason ?? error),
    });
    throw run.stopReason ?? error;
  }
}

/**
 * Whether replacing `older` (and an earlier summary) by a note and a new summary can shorten
 * the prompt: what goes must outweigh the note and a summary of at most
 * `SUMMARY_ALLOWANCE_TOKENS` (or `maxOutputTokens`, the summary's own cap, if lower).
 */
function worthCompacting(options: {
  older: readonly Message[];
  earlierSummary: string | undefined;
  /** The note that will introduce the summary, without it. */
  note: string;
  maxOutputTokens: number;
}): boolean {
  const removed = estimatePromptTokens([
    ...options.older,
    ...(options.earlierSummary !== undefined
      ? [{ role: "user" as const, content: options.earlierSummary }]
      : []),
  ]);
  const added =
    estimatePromptTokens([{ role: "user", content: options.note }]) +
    Math.min(SUMMARY_ALLOWANCE_TOKENS, options.maxOutputTokens);
  return removed > added;
}

/** What replaces the compacted turns: a note that the REPL is intact, then the summary. */
function compactionNote(messages: number, tokens: number, summary: string): string {
  return `${messages} earlier messages of this conversation (about ${tokens.toLocaleString("en-US")} tokens with the rest) were replaced by the summary below to stay within the context window. The REPL was not touched: every variable and function you defined still holds its data, so read them instead of recomputing.\n\n${summary}`;
}

/** Index of the first kept message: the `keep`-th model reply from the end (or the end). */
function recentTurnsStart(messages: readonly Message[], keep: number): number {
  let index = messages.length;
  for (let kept = 0; kept < keep; kept++) {
    let previous = index - 1;
    while (previous > 1 && messages[previous]?.role !== "assistant") previous--;
    if (previous <= 1) break;
    index = previous;
  }
  return index;
}

/** The removed turns as text for the summariser, each cut (head and tail) to fit its window. */
function transcript(options: {
  earlierSummary: string | undefined;
  older: readonly Message[];
  budgetChars: number;
}): string {
  const { earlierSummary, older, budgetChars } = options;
  const parts = [
    ...(earlierSummary !== undefined
      ? [{ label: "Summary of still earlier turns", text: earlierSummary }]
      : []),
    ...older.map((message) => ({
      label: message.role === "assistant" ? "Model reply" : "REPL output and notes",
      text: messageText(message),
    })),
  ];
  const eachChars = Math.max(MIN_MESSAGE_CHARS, Math.floor(budgetChars / parts.length));
  return parts
    .map((part) => `### ${part.label}\n${truncateOutput(part.text, eachChars)}`)
    .join("\n\n");
}
