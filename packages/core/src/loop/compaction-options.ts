import { ConfigurationError } from "../errors/configuration-error.js";
import type { LanguageModel } from "../model/language-model.js";

/**
 * History compaction: when a node's conversation passes `threshold` of its model's context
 * window, older turns are replaced by a summary. The REPL is not touched.
 */
export interface CompactionOptions {
  /** Share of the context window at which to compact. Default 0.75. */
  threshold?: number;
  /**
   * The context window in tokens, for models that do not report `contextWindowTokens`
   * (a custom or self-hosted model). When given, it applies to every node's model.
   */
  contextWindowTokens?: number;
  /** Writes the summary: a `models` key or a model. Default: the node's own model. */
  model?: string | LanguageModel;
  /** The latest turns (model reply + REPL output) kept word for word. Default 2. */
  keepRecentTurns?: number;
}

export interface ResolvedCompaction {
  threshold: number;
  contextWindowTokens: number | undefined;
  model: LanguageModel | undefined;
  keepRecentTurns: number;
}

/**
 * On by default: it acts only when a conversation would otherwise overflow, which fails the
 * run. A model whose window is unknown is not compacted unless the window is given; asking
 * for compaction explicitly without one is an error, since it could never act.
 */
export function resolveCompaction(options: {
  compaction: false | CompactionOptions | undefined;
  rootModel: LanguageModel;
  models: Readonly<Record<string, LanguageModel>>;
}): ResolvedCompaction | undefined {
  const { compaction, rootModel, models } = options;
  if (compaction === false) return undefined;
  const given = compaction ?? {};
  const threshold = given.threshold ?? 0.75;
  if (!(threshold > 0 && threshold < 1)) {
    throw new ConfigurationError({
      message: "`compaction.threshold` must be a share of the context window, between 0 and 1.",
    });
  }
  const window = given.contextWindowTokens;
  if (window !== undefined && !(Number.isInteger(window) && window > 0)) {
    throw new ConfigurationError({
      message: "`compaction.contextWindowTokens` must be a positive integer.",
    });
  }
  if (compaction && window === undefined && rootModel.contextWindowTokens === undefined) {
    throw new ConfigurationError({
      message: `Compaction needs the context window of ${rootModel.provider}:${rootModel.modelId}, which does not report one. Pass \`compaction: { contextWindowTokens }\`, or \`compaction: false\`.`,
    });
  }
  const keepRecentTurns = given.keepRecentTurns ?? 2;
  if (!(Number.isInteger(keepRecentTurns) && keepRecentTurns >= 0)) {
    throw new ConfigurationError({
      message: "`compaction.keepRecentTurns` must be an integer >= 0.",
    });
  }
  let model: LanguageModel | undefined;
  if (typeof given.model === "string") {
    model = models[given.model];
    if (!model) {
      throw new ConfigurationError({
        message: `\`compaction.model\` "${given.model}" is not a key of \`models\` (${Object.keys(models).join(", ") || "none"}).`,
      });
    }
  } else {
    model = given.model;
  }
  return { threshold, contextWindowTokens: window, model, keepRecentTurns };
}
