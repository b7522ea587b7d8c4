import type { RLMEvent } from "../events/events.js";
import type { RunSummary } from "./run-summary.js";

export interface RLMResult<Answer = string> extends RunSummary<Answer> {
  /** Every event of the run, in order. */
  trajectory: RLMEvent[];
}
