import type { FinishReason } from "@rlm/core";
import type { Response } from "openai/resources/responses/responses";

/** A Chat Completions `finish_reason` in core's terms. */
export function mapChatFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    default:
      // Tool calls and server-specific reasons are not part of an RLM turn.
      return "other";
  }
}

/** A Responses API status (and the reason it is incomplete) in core's terms. */
export function mapResponsesFinishReason(
  response: Pick<Response, "status" | "incomplete_details">,
): FinishReason {
  if (response.status === "completed") return "stop";
  if (response.status === "incomplete") {
    const reason = response.incomplete_details?.reason;
    if (reason === "max_output_tokens") return "length";
    if (reason === "content_filter") return "content-filter";
    return "other";
  }
  if (response.status === "failed") return "error";
  return "other";
}
