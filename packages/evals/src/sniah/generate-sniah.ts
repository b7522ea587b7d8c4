import { createRandom } from "../random.js";
import type { Task, TaskMetaBase, TaskOptions } from "../task.js";
import { ChunkBuilder } from "../text/chunk-builder.js";
import { fillerSentence, sentenceSeparator } from "../text/filler.js";
import { charsForTokens } from "../tokens.js";

export interface SniahOptions extends TaskOptions {
  /** Where the needle goes, 0 (start) to 1 (end); random when omitted. */
  depth?: number;
}

export interface SniahMeta extends TaskMetaBase {
  key: string;
  /** The needle's actual relative position in the context, 0..1. */
  depth: number;
  /** Character offset of the needle sentence. */
  needleOffset: number;
}

export type SniahTask = Task<"sniah", SniahMeta>;

const KEY_ADJECTIVES = [
  "curious",
  "amber",
  "brisk",
  "silent",
  "velvet",
  "hollow",
  "rapid",
  "gentle",
  "crimson",
  "frosty",
  "lucky",
  "mellow",
  "nimble",
  "proud",
  "rustic",
  "sleepy",
  "tidy",
  "wild",
  "zesty",
  "golden",
  "misty",
  "bold",
  "clever",
  "dusty",
];
const KEY_ANIMALS = [
  "otter",
  "falcon",
  "badger",
  "heron",
  "lynx",
  "walrus",
  "gecko",
  "marmot",
  "puffin",
  "ibex",
  "jackal",
  "koala",
  "lemur",
  "narwhal",
  "ocelot",
  "panda",
  "quokka",
  "raven",
  "salmon",
  "tapir",
  "vole",
  "wombat",
  "yak",
  "zebra",
];

/** Needle template, kept as in the RULER/paper S-NIAH tasks. */
export function sniahNeedle(key: string, value: string): string {
  return `One of the special magic numbers for ${key} is: ${value}.`;
}

/**
 * Single needle in a haystack: varied filler with exactly one needle sentence at a
 * sentence boundary. Filler has no digits or hyphens, so the key and the number occur
 * only in the needle.
 */
export function generateSniah(options: SniahOptions): SniahTask {
  const { seed, tokens } = options;
  const targetChars = charsForTokens(tokens);
  const random = createRandom(seed).fork("sniah");
  const keyRandom = random.fork("key");
  const key = `${keyRandom.pick(KEY_ADJECTIVES)}-${keyRandom.pick(KEY_ANIMALS)}`;
  const value = String(keyRandom.between(1_000_000, 9_999_999));
  const needle = `${sniahNeedle(key, value)} `;
  const depth = options.depth ?? random.fork("depth").next();
  if (!(depth >= 0 && depth <= 1)) throw new RangeError(`depth must be within 0..1, got ${depth}`);

  const fillerBudget = Math.max(0, targetChars - needle.length);
  const needleAt = depth * fillerBudget;
  const builder = new ChunkBuilder();
  let budget = fillerBudget;
  let fillerChars = 0;
  let needleOffset = -1;
  let misses = 0;
  // Stop once a few draws in a row no longer fit: the shortfall is then under one short sentence.
  while (misses < 24) {
    if (needleOffset < 0 && needleAt <= fillerChars) {
      needleOffset = builder.length;
      builder.push(needle);
    }
    const piece = fillerSentence(random) + sentenceSeparator(random);
    if (piece.length > budget) {
      misses++;
      continue;
    }
    builder.push(piece);
    budget -= piece.length;
    fillerChars += piece.length;
  }
  if (needleOffset < 0) {
    needleOffset = builder.length;
    builder.push(needle);
  }
  const context = builder.finish().trimEnd();

  return {
    family: "sniah",
    context,
    query: `What is the special magic number for ${key} mentioned in the context?`,
    answer: value,
    meta: {
      seed,
      tokens,
      chars: context.length,
      key,
      depth: context.length === 0 ? 0 : needleOffset / context.length,
      needleOffset,
    },
  };
}
