import { ProviderError } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { mapGoogleError } from "./map-google-error.js";

function kindOf(error: unknown): ProviderError["kind"] | undefined {
  const mapped = mapGoogleError({
    error,
    provider: "gcp.vertex_ai",
    timedOut: false,
    timeoutMs: 1,
  });
  return ProviderError.isInstance(mapped) ? mapped.kind : undefined;
}

/** Failures before any response: the paths the local server cannot provoke without network. */
describe("mapGoogleError before a response", () => {
  it("maps fetch's network failure to connection", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(kindOf(new TypeError("fetch failed", { cause: refused }))).toBe("connection");
  });

  it("maps credentials that could not be loaded to authentication", () => {
    const error = new Error(
      "Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.",
    );
    expect(kindOf(error)).toBe("authentication");
  });

  it("maps anything else the SDK refused to send to a non-retryable invalid-request", () => {
    const mapped = mapGoogleError({
      error: new Error("Model name must not be empty."),
      provider: "gcp.gemini",
      timedOut: false,
      timeoutMs: 1,
    });
    expect(mapped).toMatchObject({ kind: "invalid-request", isRetryable: false });
  });
});
