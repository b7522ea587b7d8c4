import type { DatabaseSync } from "node:sqlite";
import { semconv } from "@rlm/otel/spans";
import { ROOT_SPAN_WHERE } from "../store/root-span.ts";
import { answerText } from "./message-text.ts";

/**
 * The run's final answer, from its root span's `gen_ai.output.messages`: present only when
 * the exporter captured content and the run ended with an answer.
 */
export function runAnswer(database: DatabaseSync, runId: string): string | undefined {
  const row = database
    .prepare(
      `SELECT json_extract(attributes, '$."${semconv.ATTR_GEN_AI_OUTPUT_MESSAGES}"') AS output
      FROM spans WHERE ${ROOT_SPAN_WHERE} ORDER BY start_ms LIMIT 1`,
    )
    .get(runId) as { output: unknown } | undefined;
  return answerText(row?.output);
}
