import {
  IMAGE_MEDIA_TYPES,
  isImageMediaType,
  sniffImageMediaType,
} from "../model/image-media-type.js";
import type { LanguageModel } from "../model/language-model.js";
import type { ContentPart } from "../model/message.js";
import type { SubCallPrompt } from "../sandbox/sandbox.js";

/** Images one sub-call prompt may hold. */
export const MAX_IMAGES_PER_PROMPT = 16;
/**
 * Bytes of one image of a sub-call prompt (3.75 MiB): its base64, as providers take it, is
 * then at most 5 MiB, the most Anthropic accepts for one image.
 */
export const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;

/**
 * A sub-call prompt checked before anything is counted or sent: its text within
 * `maxPromptChars`, at most 16 images of at most 3.75 MiB each, each of a media type models
 * take (sniffed from the bytes when the part has none). Returns the prompt with every
 * image's media type set; throws an `Error` saying what was wrong and what to do.
 */
export function checkSubCallPrompt(
  prompt: SubCallPrompt,
  options: { maxPromptChars: number; what: string },
): SubCallPrompt {
  if (typeof prompt === "string") {
    checkTextSize(prompt.length, options);
    return prompt;
  }
  if (!Array.isArray(prompt) || prompt.length === 0) {
    throw new Error(
      `${options.what} must be a string or a non-empty list of parts (strings, { type: "text", text }, { type: "image", data }).`,
    );
  }
  let textChars = 0;
  let images = 0;
  const parts = prompt.map((part: unknown, index): ContentPart => {
    const fields = (typeof part === "object" && part !== null ? part : {}) as Record<
      string,
      unknown
    >;
    if (fields.type === "text" && typeof fields.text === "string") {
      textChars += fields.text.length;
      return { type: "text", text: fields.text };
    }
    if (fields.type !== "image") {
      throw new Error(
        `${options.what}'s part ${index} is neither { type: "text", text } nor { type: "image", data }.`,
      );
    }
    images++;
    return checkImage(fields, `${options.what}'s part ${index}`);
  });
  if (images > MAX_IMAGES_PER_PROMPT) {
    throw new Error(
      `${options.what} has ${images} images; at most ${MAX_IMAGES_PER_PROMPT} are allowed in one sub-call. Split the images over several calls.`,
    );
  }
  checkTextSize(textChars, options);
  return parts;
}

/** Refuses an image prompt to a model that does not take images, naming the model. */
export function checkModelTakesImages(prompt: SubCallPrompt, model: LanguageModel): void {
  if (typeof prompt === "string" || model.supportsImages) return;
  if (!prompt.some((part) => part.type === "image")) return;
  throw new Error(
    `The model ${model.provider}:${model.modelId} does not accept images (its supportsImages is not set). Send the images to a model that does, e.g. llm_query(parts, { model: "<name>" }) with one from \`models\`, or describe them in text.`,
  );
}

function checkImage(fields: Record<string, unknown>, where: string): ContentPart {
  const { data } = fields;
  if (!(data instanceof Uint8Array)) {
    throw new Error(`${where} is an image without bytes: its data must be a Uint8Array.`);
  }
  if (data.length > MAX_IMAGE_BYTES) {
    throw new Error(
      `${where} is an image of ${data.length.toLocaleString("en-US")} bytes; at most ${MAX_IMAGE_BYTES.toLocaleString("en-US")} bytes (3.75 MB, 5 MB once base64-encoded as providers take it) are allowed per image. Scale it down or crop it first.`,
    );
  }
  const given = fields.mediaType;
  const mediaType = given === undefined || given === "" ? sniffImageMediaType(data) : given;
  if (!isImageMediaType(mediaType)) {
    throw new Error(
      given === undefined || given === ""
        ? `${where} is an image whose type cannot be told from its bytes (not PNG, JPEG, GIF or WebP). Give its mediaType, one of ${IMAGE_MEDIA_TYPES.join(", ")}.`
        : `${where} has the media type ${JSON.stringify(given)}; images must be one of ${IMAGE_MEDIA_TYPES.join(", ")}.`,
    );
  }
  return { type: "image", data, mediaType };
}

function checkTextSize(chars: number, options: { maxPromptChars: number; what: string }): void {
  if (chars > options.maxPromptChars) {
    throw new Error(
      `${options.what} has ${chars} characters; at most ${options.maxPromptChars} are allowed (maxPromptChars).`,
    );
  }
}
