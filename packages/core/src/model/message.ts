/** One turn of a conversation sent to a model. */
export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Why a model stopped producing output. */
export type FinishReason = "stop" | "length" | "content-filter" | "error" | "other";
