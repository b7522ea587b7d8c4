export type {
  AnthropicErrorType,
  AnthropicFixtureName,
  AnthropicReply,
  AnthropicSseEvent,
} from "./anthropic/anthropic-reply.js";
export { anthropicErrorBody } from "./anthropic/anthropic-reply.js";
export type { AnthropicServer } from "./anthropic/anthropic-server.js";
export { startAnthropicServer } from "./anthropic/anthropic-server.js";
export type { GoogleFixtureName, GoogleReply } from "./google/google-reply.js";
export { googleErrorBody, googleQuotaFailure, googleRetryInfo } from "./google/google-reply.js";
export type { GoogleServer } from "./google/google-server.js";
export { startGoogleServer } from "./google/google-server.js";
export type { OpenAIFixtureName, SseEvent } from "./openai/openai-fixtures.js";
export { parseSse } from "./openai/openai-fixtures.js";
export type { OpenAIReply } from "./openai/openai-reply.js";
export { openaiErrorBody } from "./openai/openai-reply.js";
export type { OpenAIServer } from "./openai/openai-server.js";
export { startOpenAIServer } from "./openai/openai-server.js";
export type {
  RecordedRequest,
  RecordingServer,
  RequestHandler,
  Responder,
} from "./recording-server.js";
export { startRecordingServer, writeSse } from "./recording-server.js";
export type { RecordedImage } from "./request-images.js";
export {
  checkBase64Image,
  checkImageDataUrl,
  decodeBase64,
  IMAGE_MEDIA_TYPES,
  sniffImageMediaType,
} from "./request-images.js";
export {
  SAMPLE_IMAGE_TURN,
  SAMPLE_JPEG,
  SAMPLE_PNG,
  SAMPLE_RECEIPT_SCHEMA,
} from "./sample-images.js";
export type { RecordedStructuredOutput, StructuredReply } from "./structured-output.js";
export type { TextReply } from "./text-reply.js";
