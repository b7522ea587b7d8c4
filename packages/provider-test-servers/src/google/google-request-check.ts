import { checkBase64Image, type RecordedImage, type RequestCheck } from "../request-images.js";

/**
 * Checks what Gemini checks about `inlineData` parts and the JSON-output fields of
 * `generationConfig` in a `generateContent` request; other fields pass unchecked.
 */
export function checkGoogleRequest(json: unknown): RequestCheck {
  const body = (json ?? {}) as Record<string, unknown>;
  const images: RecordedImage[] = [];
  const contents = Array.isArray(body.contents) ? body.contents : [];
  for (const [index, content] of contents.entries()) {
    const parts = (content as { parts?: unknown } | null)?.parts;
    for (const [partIndex, part] of (Array.isArray(parts) ? parts : []).entries()) {
      const inlineData = (part as { inlineData?: unknown } | null)?.inlineData;
      if (inlineData === undefined) continue;
      const { mimeType, data } = (inlineData ?? {}) as { mimeType?: unknown; data?: unknown };
      const field = `contents[${index}].parts[${partIndex}].inline_data`;
      if (typeof mimeType !== "string" || !mimeType.startsWith("image/")) continue;
      const checked = checkBase64Image(mimeType, data);
      if ("error" in checked) return { error: `Invalid value at '${field}': ${checked.error}.` };
      images.push(checked.image);
    }
  }
  const config = (body.generationConfig ?? {}) as Record<string, unknown>;
  const jsonSchema = config.responseJsonSchema;
  const schema = config.responseSchema;
  if (jsonSchema === undefined && schema === undefined) return { images };
  if (jsonSchema !== undefined && schema !== undefined) {
    return {
      error: "generation_config: only one of response_schema and response_json_schema may be set.",
    };
  }
  if (config.responseMimeType !== "application/json") {
    return {
      error: `generation_config.response_mime_type: a response schema needs response_mime_type 'application/json', got '${String(config.responseMimeType ?? "text/plain")}'.`,
    };
  }
  return { images, structuredOutput: { schema: jsonSchema ?? schema } };
}
