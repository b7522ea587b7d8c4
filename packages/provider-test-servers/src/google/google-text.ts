import { replyId, type TextReplyUsage, textDeltas } from "../text-reply.js";

/** A `generateContent` body answering with `text`. */
export function generateContentBody(text: string, model: string, usage: TextReplyUsage) {
  return generateChunk({ text, model, usage, responseId: replyId(""), finished: true });
}

/** The `streamGenerateContent?alt=sse` chunks of the same answer, usage in the last one. */
export function generateContentChunks(
  text: string,
  model: string,
  usage: TextReplyUsage,
): string[] {
  const responseId = replyId("");
  const deltas = textDeltas(text);
  return deltas.map((delta, index) =>
    JSON.stringify(
      generateChunk({
        text: delta,
        model,
        usage,
        responseId,
        finished: index === deltas.length - 1,
      }),
    ),
  );
}

function generateChunk(options: {
  text: string;
  model: string;
  usage: TextReplyUsage;
  responseId: string;
  finished: boolean;
}) {
  const { text, model, usage, responseId, finished } = options;
  return {
    candidates: [
      {
        content: { parts: [{ text }], role: "model" },
        ...(finished ? { finishReason: "STOP" } : {}),
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: usage.inputTokens,
      candidatesTokenCount: usage.outputTokens,
      totalTokenCount: usage.inputTokens + usage.outputTokens,
      promptTokensDetails: promptTokensDetails(usage),
    },
    modelVersion: model,
    responseId,
  };
}

/** The prompt's tokens by modality, as Gemini breaks them down. */
function promptTokensDetails(usage: TextReplyUsage) {
  const image = usage.imageInputTokens ?? 0;
  return [
    { modality: "TEXT", tokenCount: Math.max(0, usage.inputTokens - image) },
    ...(image > 0 ? [{ modality: "IMAGE", tokenCount: image }] : []),
  ];
}
