import { getStringFromEnv } from "@opentelemetry/core";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace";
import { TelemetryConfigurationError } from "./telemetry-configuration-error.js";

/**
 * The sampler named by `OTEL_TRACES_SAMPLER` (with `OTEL_TRACES_SAMPLER_ARG` for the ratio
 * samplers), built from the SDK's own samplers; undefined when the variable is unset, so the
 * SDK's default (parent-based, always on) applies. sdk-trace 3 no longer reads these variables
 * itself, and its node SDK keeps its reader private.
 */
export function samplerFromEnv(): Sampler | undefined {
  const name = getStringFromEnv("OTEL_TRACES_SAMPLER");
  switch (name) {
    case undefined:
      return undefined;
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratioFromEnv());
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv()) });
    default:
      throw new TelemetryConfigurationError(
        `OTEL_TRACES_SAMPLER="${name}" is not a sampler @rlm/otel knows: use always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or parentbased_traceidratio.`,
      );
  }
}

/** The specification's default ratio is 1 when the argument is unset. */
function ratioFromEnv(): number {
  const text = getStringFromEnv("OTEL_TRACES_SAMPLER_ARG");
  if (text === undefined) return 1;
  const ratio = Number(text);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    throw new TelemetryConfigurationError(
      `OTEL_TRACES_SAMPLER_ARG="${text}" is not a ratio between 0 and 1.`,
    );
  }
  return ratio;
}
