import type { DatabaseSync } from "node:sqlite";
import { semconv } from "@rlm/otel/spans";
import { isCellSpan } from "./cell-span.ts";
import { answerText, messagesText } from "./message-text.ts";

export interface ModelCallDetail {
  spanId: string;
  model: string | null;
  tier: string | null;
  attempt: number | null;
  durationMs: number;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  failed: boolean;
  /** A sub-call answered from core's memo (`memoize`): no request was sent. */
  cached: boolean;
  errorType: string | null;
  errorMessage: string | null;
  /** The last input message: for a sub-call its prompt. Empty unless content was captured. */
  prompt: string;
  reply: string;
}

export interface ChildNodeCall {
  nodeId: string | null;
  durationMs: number;
  failed: boolean;
  errorType: string | null;
  subtreeCostUsd: number | null;
}

/** A host tool (`createRLM({ tools })`) called from a cell. */
export interface ToolCallDetail {
  spanId: string;
  name: string;
  durationMs: number;
  /** JSON arguments and result; null unless content was captured. */
  args: string | null;
  result: string | null;
  failed: boolean;
  errorType: string | null;
  errorMessage: string | null;
}

export interface CellDetail {
  spanId: string;
  cellId: string | null;
  durationMs: number;
  code: string | null;
  output: string | null;
  failed: boolean;
  errorType: string | null;
  errorMessage: string | null;
  truncated: boolean;
  stateReset: boolean;
  subcalls: ModelCallDetail[];
  /** Sub-calls beyond the ones listed (a fan-out of thousands is summarised). */
  moreSubcalls: number;
  childNodes: ChildNodeCall[];
  failedSubcalls: { callId: string; kind: string; errorType: string }[];
  toolCalls: ToolCallDetail[];
}

/** Older turns of the node's conversation replaced by a summary, before a model turn. */
export interface CompactionDetail {
  spanId: string;
  durationMs: number;
  /** The conversation's estimated prompt tokens before and after. */
  tokensBefore: number | null;
  tokensAfter: number | null;
  contextWindow: number | null;
  /** Messages replaced by the summary. */
  messages: number | null;
  /** Null unless content was captured. */
  summary: string | null;
  failed: boolean;
  errorType: string | null;
}

export interface IterationDetail {
  iteration: number;
  compactions: CompactionDetail[];
  turns: ModelCallDetail[];
  cells: CellDetail[];
}

export interface NodeDetails {
  nodeId: string;
  answer: string | null;
  iterations: IterationDetail[];
}

const MAX_SUBCALLS_PER_CELL = 100;

type CellInProgress = CellDetail & { iteration: number };

interface Row {
  span_id: string;
  parent_span_id: string | null;
  operation: string | null;
  name: string;
  node_id: string | null;
  start_ms: number;
  end_ms: number;
  status_code: number;
  status_message: string | null;
  error_type: string | null;
  iteration: number | null;
  attempt: number | null;
  tier: string | null;
  model: string | null;
  cost_usd: number | null;
  subtree_cost_usd: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  attributes: string;
  events: string | null;
}

/**
 * Everything one RLM node did, iteration by iteration: its model turns (with replies), its
 * cells (code, output, errors) and each cell's sub-calls. Loaded when a node is opened in
 * the tree, so the run page itself stays small however large the run.
 */
export function loadNodeDetails(
  database: DatabaseSync,
  runId: string,
  nodeId: string,
): NodeDetails | undefined {
  const rows = database
    .prepare(
      `SELECT span_id, parent_span_id, operation, name, node_id, start_ms, end_ms, status_code,
        status_message, error_type, iteration, attempt, tier, model, cost_usd, subtree_cost_usd,
        input_tokens, output_tokens, cache_read_tokens, attributes, events
      FROM spans WHERE run_id = ? AND node_id = ? ORDER BY start_ms`,
    )
    .all(runId, nodeId) as unknown as Row[];
  if (rows.length === 0) return undefined;
  const agent = rows.find((row) => row.operation === "invoke_agent");
  const cellRows = rows.filter(isCellSpan);
  const cellIds = new Set(cellRows.map((row) => row.span_id));
  // Child RLMs started by this node's cells carry their own node id.
  const childRows =
    cellRows.length === 0
      ? []
      : (
          database
            .prepare(
              `SELECT span_id, parent_span_id, node_id, start_ms, end_ms, status_code, error_type,
              subtree_cost_usd
            FROM spans WHERE run_id = ? AND operation = 'invoke_agent' AND node_id != ?`,
            )
            .all(runId, nodeId) as unknown as Row[]
        ).filter((row) => row.parent_span_id !== null && cellIds.has(row.parent_span_id));

  const cells = new Map<string, CellInProgress>();
  for (const row of cellRows) {
    const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
    const events = row.events
      ? (JSON.parse(row.events) as { name: string; attributes: Record<string, unknown> }[])
      : [];
    cells.set(row.span_id, {
      iteration: row.iteration ?? 0,
      spanId: row.span_id,
      cellId: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_CALL_ID]),
      durationMs: row.end_ms - row.start_ms,
      code: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]),
      output: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_CALL_RESULT]),
      failed: row.status_code === 2,
      errorType: row.error_type,
      errorMessage: row.status_message,
      truncated: attributes[semconv.ATTR_RLM_CELL_TRUNCATED] === true,
      stateReset: attributes[semconv.ATTR_RLM_CELL_STATE_RESET] === true,
      subcalls: [],
      moreSubcalls: 0,
      childNodes: [],
      toolCalls: [],
      failedSubcalls: events
        .filter((event) => event.name === "rlm.subcall.failed")
        .map((event) => ({
          callId: String(event.attributes[semconv.ATTR_RLM_SUBCALL_ID] ?? ""),
          kind: String(event.attributes[semconv.ATTR_RLM_SUBCALL_KIND] ?? ""),
          errorType: String(event.attributes[semconv.ATTR_ERROR_TYPE] ?? ""),
        })),
    });
  }
  for (const row of rows) {
    if (row.operation !== "execute_tool" || isCellSpan(row) || row.parent_span_id === null)
      continue;
    const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
    cells.get(row.parent_span_id)?.toolCalls.push({
      spanId: row.span_id,
      name: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_NAME]) ?? row.name,
      durationMs: row.end_ms - row.start_ms,
      args: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]),
      result: stringOr(attributes[semconv.ATTR_GEN_AI_TOOL_CALL_RESULT]),
      failed: row.status_code === 2,
      errorType: row.error_type,
      errorMessage: row.status_message,
    });
  }
  for (const row of childRows) {
    cells.get(row.parent_span_id!)?.childNodes.push({
      nodeId: row.node_id,
      durationMs: row.end_ms - row.start_ms,
      failed: row.status_code === 2,
      errorType: row.error_type,
      subtreeCostUsd: row.subtree_cost_usd,
    });
  }

  const iterations = new Map<
    number,
    {
      iteration: number;
      compactions: CompactionDetail[];
      turns: ModelCallDetail[];
      cells: CellInProgress[];
    }
  >();
  const iterationOf = (number: number) => {
    let iteration = iterations.get(number);
    if (!iteration) {
      iteration = { iteration: number, compactions: [], turns: [], cells: [] };
      iterations.set(number, iteration);
    }
    return iteration;
  };
  for (const cell of cells.values()) iterationOf(cell.iteration).cells.push(cell);
  for (const row of rows) {
    if (row.name === semconv.RLM_COMPACTION_SPAN_NAME)
      iterationOf(row.iteration ?? 0).compactions.push(compaction(row));
  }
  for (const row of rows) {
    if (row.operation !== "chat") continue;
    const cell = row.parent_span_id !== null ? cells.get(row.parent_span_id) : undefined;
    if (cell) {
      if (cell.subcalls.length < MAX_SUBCALLS_PER_CELL) cell.subcalls.push(modelCall(row));
      else cell.moreSubcalls++;
    } else iterationOf(row.iteration ?? 0).turns.push(modelCall(row));
  }
  const agentAttributes = agent ? (JSON.parse(agent.attributes) as Record<string, unknown>) : {};
  return {
    nodeId,
    answer: answerText(agentAttributes[semconv.ATTR_GEN_AI_OUTPUT_MESSAGES]) ?? null,
    iterations: [...iterations.values()]
      .sort((a, b) => a.iteration - b.iteration)
      .map(({ iteration, compactions, turns, cells: list }) => ({
        iteration,
        compactions,
        turns,
        cells: list.map(({ iteration: _, ...cell }) => cell),
      })),
  };
}

function modelCall(row: Row): ModelCallDetail {
  const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  const input = messagesText(attributes[semconv.ATTR_GEN_AI_INPUT_MESSAGES]);
  return {
    spanId: row.span_id,
    model: row.model,
    tier: row.tier,
    attempt: row.attempt,
    durationMs: row.end_ms - row.start_ms,
    costUsd: row.cost_usd,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheReadTokens: row.cache_read_tokens,
    failed: row.status_code === 2,
    cached: attributes[semconv.ATTR_RLM_CACHE_HIT] === true,
    errorType: row.error_type,
    errorMessage: row.status_message,
    prompt: input.at(-1)?.text ?? "",
    reply: messagesText(attributes[semconv.ATTR_GEN_AI_OUTPUT_MESSAGES])
      .map((message) => message.text)
      .join("\n"),
  };
}

function compaction(row: Row): CompactionDetail {
  const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  return {
    spanId: row.span_id,
    durationMs: row.end_ms - row.start_ms,
    tokensBefore: numberOr(attributes[semconv.ATTR_RLM_COMPACTION_TOKENS_BEFORE]),
    tokensAfter: numberOr(attributes[semconv.ATTR_RLM_COMPACTION_TOKENS_AFTER]),
    contextWindow: numberOr(attributes[semconv.ATTR_RLM_COMPACTION_CONTEXT_WINDOW]),
    messages: numberOr(attributes[semconv.ATTR_RLM_COMPACTION_MESSAGES]),
    summary: stringOr(attributes[semconv.ATTR_RLM_COMPACTION_SUMMARY]),
    failed: row.status_code === 2,
    errorType: row.error_type,
  };
}

function numberOr(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

function stringOr(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
