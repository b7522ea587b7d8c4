import type { ProviderError } from "@rlm/core";
import { type MapRequestErrorOptions, mapRequestError } from "./map-request-error.js";

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * `mapRequestError` for the SDKs that share one generated error hierarchy (`openai`,
 * `@anthropic-ai/sdk`): `APIError` for a server's reply, `APIConnectionError` and its
 * `APIConnectionTimeoutError` subclass for a server out of reach.
 */
export function mapStainlessSdkError<ApiErrorClass extends ErrorClass>(
  options: Omit<MapRequestErrorOptions, "isTimeoutError" | "isConnectionError" | "mapApiError"> & {
    sdk: {
      APIError: ApiErrorClass;
      APIConnectionError: ErrorClass;
      APIConnectionTimeoutError: ErrorClass;
    };
    mapApiError: (error: InstanceType<ApiErrorClass>) => ProviderError;
  },
): unknown {
  const { sdk, mapApiError, ...failure } = options;
  return mapRequestError({
    ...failure,
    isTimeoutError: (error) => error instanceof sdk.APIConnectionTimeoutError,
    isConnectionError: (error) => error instanceof sdk.APIConnectionError,
    // The connection errors are API errors too, without a reply to read.
    mapApiError: (error) =>
      error instanceof sdk.APIError && !(error instanceof sdk.APIConnectionError)
        ? mapApiError(error as InstanceType<ApiErrorClass>)
        : undefined,
  });
}
