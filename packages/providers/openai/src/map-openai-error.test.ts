import { ProviderError } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { mapOpenAIError } from "./map-openai-error.js";

function mapped(error: unknown): ProviderError {
  const result = mapOpenAIError({ error, provider: "openai", timedOut: false, timeoutMs: 1000 });
  if (!ProviderError.isInstance(result)) throw new Error("Expected a ProviderError.");
  return result;
}

// Network failures arrive as the SDK's APIConnectionError (tested against the server); these
// are failures before anything was sent, which a retry cannot fix.
describe("mapOpenAIError before a request is sent", () => {
  it("maps a missing key to a non-retryable authentication error", () => {
    const error = mapped(new Error("The OPENAI_API_KEY environment variable is missing or empty."));
    expect(error.kind).toBe("authentication");
    expect(error.isRetryable).toBe(false);
  });

  it("maps a request the SDK refuses to a non-retryable invalid-request error", () => {
    const error = mapped(new TypeError("Invalid URL"));
    expect(error.kind).toBe("invalid-request");
    expect(error.isRetryable).toBe(false);
  });

  it("returns the abort reason when the caller aborted", () => {
    const reason = new Error("cancelled");
    const signal = AbortSignal.abort(reason);
    const result = mapOpenAIError({
      error: new Error("aborted"),
      provider: "openai",
      abortSignal: signal,
      timedOut: false,
      timeoutMs: 1000,
    });
    expect(result).toBe(reason);
  });
});
