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
} from "./spans/semconv.js";

/** The instruments of one sink: created once, recorded on every model call attempt. */
export class RLMMetrics {
  private readonly tokenUsage: Histogram;
  private readonly duration: Histogram;
  private readonly cost: Counter;
  private readonly cache = new Map<string, AttributeSets>();

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
    const sets = this.attributeSets(event);
    this.duration.record(
      event.durationMs / 1000,
      event.error ? { ...sets.base, [ATTR_ERROR_TYPE]: event.error.name } : sets.base,
    );
    const { inputTokens, outputTokens } = event.usage;
    if (inputTokens !== undefined) this.tokenUsage.record(inputTokens, sets.input);
    if (outputTokens !== undefined) this.tokenUsage.record(outputTokens, sets.output);
    if (event.costUsd !== undefined) this.cost.add(event.costUsd, sets.base);
  }

  /**
   * Attribute sets are few (models × depths × tiers) and calls are many: build each set
   * once, since a fan-out of a thousand sub-calls records four values per call.
   */
  private attributeSets(event: ModelCallEndEvent): AttributeSets {
    const key = `${event.provider}\u0000${event.modelId}\u0000${event.depth}\u0000${event.tier}\u0000${event.responseModel ?? ""}`;
    let sets = this.cache.get(key);
    if (!sets) {
      // Low-cardinality attributes only: model, provider, depth and tier.
      const base: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_CHAT,
        [ATTR_GEN_AI_PROVIDER_NAME]: event.provider,
        [ATTR_GEN_AI_REQUEST_MODEL]: event.modelId,
        [ATTR_RLM_DEPTH]: event.depth,
        [ATTR_RLM_TIER]: event.tier,
      };
      if (event.responseModel) base[ATTR_GEN_AI_RESPONSE_MODEL] = event.responseModel;
      sets = {
        base,
        input: { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_INPUT },
        output: { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_OUTPUT },
      };
      this.cache.set(key, sets);
    }
    return sets;
  }
}

interface AttributeSets {
  base: Attributes;
  input: Attributes;
  output: Attributes;
}
