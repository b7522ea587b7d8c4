import { type LanguageModel, messageText } from "@rlm/core";
import { nextRootReply } from "./root-model-rules.js";
import { type SimulatedModelOptions, simulatedModel } from "./simulated-model.js";
import { answerFromSlice } from "./sub-model-rules.js";

/**
 * The offline provider behind `simulated:root` and `simulated:sub`: a root model that
 * writes real REPL code and a sub-model that really reads the slice it is sent. Used when
 * no API key or base URL is configured, so the whole pipeline runs without a network.
 */
export function simulated(
  role: "root" | "sub",
  options: SimulatedModelOptions = {},
): LanguageModel {
  return simulatedModel({
    modelId: `simulated-${role}`,
    reply:
      role === "root"
        ? nextRootReply
        : (request) => {
            const last = request.messages.at(-1);
            return answerFromSlice(last ? messageText(last) : "");
          },
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
}
