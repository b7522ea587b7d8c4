import { createHash } from "node:crypto";
import type { GenerateRequest } from "../model/language-model.js";
import type { Message } from "../model/message.js";

/** Bumped whenever what the key covers changes, so old cache entries are never misread. */
const KEY_VERSION = 1;

/** Everything that decides a sub-call's reply, as its memo key covers it. */
export interface SubCallKeyRequest {
  provider: string;
  modelId: string;
  messages: readonly Message[];
  responseFormat?: GenerateRequest["responseFormat"];
  temperature?: number;
  maxOutputTokens?: number;
  providerOptions?: Record<string, unknown>;
}

/**
 * The memo key of a sub-call: the SHA-256 (hex) of its provider, model, messages (each
 * image by the SHA-256 of its bytes), response format, temperature, output cap and provider
 * options (objects' keys in a stable order). Two requests share a key only when all of them
 * are equal.
 */
export function subCallKey(request: SubCallKeyRequest): string {
  const canonical = {
    version: KEY_VERSION,
    provider: request.provider,
    modelId: request.modelId,
    messages: request.messages.map((message) => ({
      role: message.role,
      content:
        typeof message.content === "string"
          ? message.content
          : message.content.map((part) =>
              part.type === "text"
                ? { type: "text", text: part.text }
                : { type: "image", mediaType: part.mediaType, sha256: sha256(part.data) },
            ),
    })),
    responseFormat: request.responseFormat ? sortKeys(request.responseFormat) : null,
    temperature: request.temperature ?? null,
    maxOutputTokens: request.maxOutputTokens ?? null,
    providerOptions: request.providerOptions ? sortKeys(request.providerOptions) : null,
  };
  return sha256(JSON.stringify(canonical));
}

function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The value with every object's keys sorted, so `{a, b}` and `{b, a}` give the same JSON. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}
