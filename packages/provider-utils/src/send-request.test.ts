import { ProviderError } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { mapRequestError } from "./map-request-error.js";
import { type RequestFailure, sendRequest } from "./send-request.js";

/** Resolves never, rejecting with the signal's reason once it aborts. */
function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function mapError(failure: RequestFailure): unknown {
  return mapRequestError({
    ...failure,
    mapApiError: () => undefined,
    isConnectionError: (error) => error instanceof TypeError,
  });
}

/** What a request that must fail rejects with. */
function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the request should fail"),
    (error: unknown) => error,
  );
}

describe("sendRequest", () => {
  it("returns what the request returns", async () => {
    const result = await sendRequest({
      provider: "test",
      send: async () => "answer",
      mapError,
    });
    expect(result).toBe("answer");
  });

  it("ends a request that outlives timeoutMs as a timeout error", async () => {
    const error = await failureOf(
      sendRequest({
        provider: "test",
        timeoutMs: 10,
        send: ({ signal }) => waitForAbort(signal),
        mapError,
      }),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe("timeout");
  });

  it("rejects with the caller's abort reason, not a retryable error", async () => {
    const controller = new AbortController();
    const reason = new Error("stopped by the caller");
    const pending = sendRequest({
      provider: "test",
      abortSignal: controller.signal,
      send: ({ signal }) => waitForAbort(signal),
      mapError,
    });
    controller.abort(reason);
    expect(await failureOf(pending)).toBe(reason);
  });

  it("does not send when the caller has already aborted", async () => {
    let sent = false;
    const error = await failureOf(
      sendRequest({
        provider: "test",
        abortSignal: AbortSignal.abort(new Error("too late")),
        send: async () => {
          sent = true;
        },
        mapError,
      }),
    );
    expect((error as Error).message).toBe("too late");
    expect(sent).toBe(false);
  });

  it("keeps the credential out of the error", async () => {
    const secret = "sk-secret-credential-1234";
    const error = await failureOf(
      sendRequest({
        provider: "test",
        send: async () => {
          throw new Error(`the key ${secret} is not valid`);
        },
        mapError,
        secret: () => secret,
      }),
    );
    expect((error as Error).message).not.toContain(secret);
    expect((error as ProviderError).kind).toBe("authentication");
  });
});

describe("mapRequestError", () => {
  const base = { provider: "test", timedOut: false, timeoutMs: 1000, mapApiError: () => undefined };

  it("maps a body that breaks after the headers arrived to invalid-response", () => {
    const error = mapRequestError({
      ...base,
      error: new TypeError("terminated"),
      response: new Response(null, { status: 200 }),
      isConnectionError: () => true,
    });
    expect(error).toMatchObject({ kind: "invalid-response", status: 200 });
  });

  it("maps a server out of reach to connection, and anything else unsent to invalid-request", () => {
    const unreachable = mapRequestError({
      ...base,
      error: new TypeError("fetch failed"),
      isConnectionError: (error) => error instanceof TypeError,
    });
    expect(unreachable).toMatchObject({ kind: "connection", isRetryable: true });
    const refused = mapRequestError({
      ...base,
      error: new Error("a bad argument"),
      isConnectionError: () => false,
    });
    expect(refused).toMatchObject({ kind: "invalid-request", isRetryable: false });
  });
});
