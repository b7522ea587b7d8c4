export { bytesToBase64, type ImagePart, imageDataUrl } from "./image-data.js";
export { IncompleteStreamError } from "./incomplete-stream-error.js";
export { LazyClient } from "./lazy-client.js";
export {
  apiRequestError,
  type MapRequestErrorOptions,
  mapRequestError,
} from "./map-request-error.js";
export { mapStainlessSdkError } from "./map-stainless-sdk-error.js";
export { type ObjectRootSchema, toObjectRootSchema } from "./object-root-schema.js";
export { providerOptionsFor } from "./provider-options-for.js";
export { retryableByHeader } from "./retryable-by-header.js";
export {
  DEFAULT_TIMEOUT_MS,
  type RequestFailure,
  type SendRequestOptions,
  sendRequest,
} from "./send-request.js";
export { DEFAULT_STREAM_ABOVE_MAX_OUTPUT_TOKENS, shouldStream } from "./should-stream.js";
export { UnexpectedResponseError } from "./unexpected-response-error.js";
export { warnOnce } from "./warn-once.js";
export { withCostUsd } from "./with-cost-usd.js";
