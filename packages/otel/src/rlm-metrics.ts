import type { Attributes, Counter, Histogram, Meter } from "@opentelemetry/api";
import type { ModelCallEndEvent } from "@rlm/core";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_RLM_DEPTH,
  ATTR_RLM_TIER,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_TOKEN_TYPE_INPUT,
  GEN_AI_TOKEN_TYPE_OUTPUT,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_RLM_COST,
  OPERATION_DURATION_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from "./semconv.js";

/** The instruments of one sink: created once, recorded on every model call attempt. */
export class RLMMetrics {
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly cost: Counter;

  constructor(meter: Meter) {
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: "Number of input and output tokens used per model call attempt.",
      unit: "{token}",
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    });
    this.duration = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
      description: "Duration of each model call attempt.",
      unit: "s",
      advice: { explicitBucketBoundaries: OPERATION_DURATION_BUCKETS },
    });
    this.cost = meter.createCounter(METRIC_RLM_COST, {
      description: "Cost of model calls in US dollars, from the providers' price tables.",
      unit: "USD",
    });
  }

  recordModelCall(event: ModelCallEndEvent): void {
    // Low-cardinality attributes only: model, provider, depth and tier.
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
      [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
      [ATTR_GEN_AI_REQUEST_MODEL]: event.modelId,
      [ATTR_RLM_DEPTH]: event.depth,
      [ATTR_RLM_TIER]: event.tier,
    };
    if (event.responseModel) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = event.responseModel;
    this.duration.record(
      event.durationMs / 1000,
      event.error ? { ...attributes, [ATTR_ERROR_TYPE]: event.error.name } : attributes,
    );
    const { inputTokens, outputTokens } = event.usage;
    if (inputTokens !== undefined) {
      this.tokenUsage.record(inputTokens, {
        ...attributes,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_INPUT,
      });
    }
    if (outputTokens !== undefined) {
      this.tokenUsage.record(outputTokens, {
        ...attributes,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_OUTPUT,
      });
    }
    if (event.costUsd !== undefined) this.cost.add(event.costUsd, attributes);
  }
}
