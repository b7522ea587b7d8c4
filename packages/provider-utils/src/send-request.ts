import { redactSecret } from "@rlm/core";
import { startRequestDeadline } from "./request-deadline.js";

/** A request's own deadline, body and stream included, unless the model sets one. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** What went wrong with one request, as the provider's error mapping receives it. */
export interface RequestFailure {
  error: unknown;
  provider: string;
  /** The caller's signal: an abort surfaces as its reason, never as a retryable error. */
  abortSignal?: AbortSignal | undefined;
  /** Whether the request's own deadline fired. */
  timedOut: boolean;
  timeoutMs: number;
  /** The HTTP response, when its headers arrived before the failure. */
  response?: Response | undefined;
}

export interface SendRequestOptions<Result> {
  provider: string;
  abortSignal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Sends the request under `signal`, reporting the response once its headers arrive. */
  send: (context: {
    signal: AbortSignal;
    timeoutMs: number;
    onResponse: (response: Response) => void;
  }) => Promise<Result>;
  /** Turns a failure into what `generate` throws (a `ProviderError` or the abort reason). */
  mapError: (failure: RequestFailure) => unknown;
  /** The credential in use, if any: a server or proxy may echo it in its error body. */
  secret?: (() => string | null | undefined) | undefined;
}

/**
 * The body of every provider's `generate`: exactly one HTTP attempt under one deadline (the
 * SDKs' retries are off, core retries), every failure mapped and stripped of the credential.
 */
export async function sendRequest<Result>(options: SendRequestOptions<Result>): Promise<Result> {
  const { provider, abortSignal } = options;
  abortSignal?.throwIfAborted();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startRequestDeadline({ abortSignal, timeoutMs });
  let response: Response | undefined;
  try {
    return await options.send({
      signal: deadline.signal,
      timeoutMs,
      onResponse: (received) => {
        response = received;
      },
    });
  } catch (error) {
    const failure = {
      error,
      provider,
      abortSignal,
      timedOut: deadline.timedOut,
      timeoutMs,
      response,
    };
    throw redactSecret(options.mapError(failure), options.secret?.());
  } finally {
    deadline.dispose();
  }
}
