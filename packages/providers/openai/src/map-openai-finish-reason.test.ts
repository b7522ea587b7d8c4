import { describe, expect, it } from "vitest";
import { mapChatFinishReason, mapResponsesFinishReason } from "./map-openai-finish-reason.js";

describe("finish reasons", () => {
  it("maps Chat Completions reasons", () => {
    expect(mapChatFinishReason("stop")).toBe("stop");
    expect(mapChatFinishReason("length")).toBe("length");
    expect(mapChatFinishReason("content_filter")).toBe("content-filter");
    expect(mapChatFinishReason("tool_calls")).toBe("other");
    expect(mapChatFinishReason(null)).toBe("other");
  });

  it("maps Responses API statuses", () => {
    const incomplete = (reason: "max_output_tokens" | "content_filter") =>
      mapResponsesFinishReason({ status: "incomplete", incomplete_details: { reason } });
    expect(mapResponsesFinishReason({ status: "completed", incomplete_details: null })).toBe(
      "stop",
    );
    expect(incomplete("max_output_tokens")).toBe("length");
    expect(incomplete("content_filter")).toBe("content-filter");
    expect(mapResponsesFinishReason({ status: "failed", incomplete_details: null })).toBe("error");
  });
});
