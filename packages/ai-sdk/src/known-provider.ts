import {
  type AnthropicPricing,
  computeAnthropicCostUsd,
  findAnthropicContextWindow,
  findAnthropicPricing,
} from "@rlm/anthropic/prices";
import { computeCostUsd, type ModelPricing, type Usage } from "@rlm/core";
import {
  computeGoogleCostUsd,
  findGoogleContextWindow,
  findGooglePricing,
  type GooglePricing,
} from "@rlm/google/prices";
import { findOpenAIContextWindow, findOpenAIPricing } from "@rlm/openai/prices";

/** What @rlm knows about a provider the AI SDK wraps: its name, prices and windows. */
export interface KnownProvider {
  /** The GenAI semantic-convention name (`"openai"`, `"anthropic"`, `"gcp.gemini"`, ...). */
  name: string;
  findPricing(modelId: string): ModelPricing | undefined;
  findContextWindow(modelId: string): number | undefined;
  /** The call's cost as the provider bills it; `raw` is the provider's own usage object. */
  computeCostUsd(options: {
    pricing: ModelPricing;
    usage: Usage;
    raw: Record<string, unknown> | undefined;
  }): number | undefined;
}

const openai: KnownProvider = {
  name: "openai",
  findPricing: (modelId) => findOpenAIPricing(modelId),
  findContextWindow: findOpenAIContextWindow,
  computeCostUsd: ({ pricing, usage }) => computeCostUsd(pricing, usage),
};

const anthropic: KnownProvider = {
  name: "anthropic",
  findPricing: (modelId) => findAnthropicPricing(modelId),
  findContextWindow: findAnthropicContextWindow,
  computeCostUsd: ({ pricing, usage, raw }) =>
    computeAnthropicCostUsd({
      pricing: pricing as AnthropicPricing,
      usage,
      cacheWrite1hInputTokens: oneHourCacheWrites(raw),
    }),
};

function google(name: string): KnownProvider {
  return {
    name,
    findPricing: (modelId) => findGooglePricing(modelId),
    findContextWindow: findGoogleContextWindow,
    computeCostUsd: ({ pricing, usage }) =>
      computeGoogleCostUsd({ pricing: pricing as GooglePricing, usage }),
  };
}

/**
 * AI SDK provider ids are `<provider>.<api>` (`openai.responses`, `anthropic.messages`,
 * `google.generative-ai`, `google.vertex.chat`); the prefix decides whose price table applies.
 * Azure, Bedrock and gateways bill by their own lists, so they are not matched here.
 */
export function knownProvider(aiSdkProvider: string): KnownProvider | undefined {
  const [family, api] = aiSdkProvider.split(".");
  if (family === "openai") return openai;
  if (family === "anthropic") return anthropic;
  if (family === "google") return google(api === "vertex" ? "gcp.vertex_ai" : "gcp.gemini");
  return undefined;
}

/** `cache_creation.ephemeral_1h_input_tokens` of an Anthropic usage object, if any. */
function oneHourCacheWrites(raw: Record<string, unknown> | undefined): number | undefined {
  const creation = raw?.cache_creation;
  if (typeof creation !== "object" || creation === null) return undefined;
  const tokens = (creation as { ephemeral_1h_input_tokens?: unknown }).ephemeral_1h_input_tokens;
  return typeof tokens === "number" ? tokens : undefined;
}
