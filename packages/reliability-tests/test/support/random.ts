/**
 * A small seeded PRNG (mulberry32), so every generated run can be replayed from the seed
 * printed with its failure.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error("Nothing to pick from.");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
  };
}

/** FNV-1a of a string, mixed with a seed: a stable number for a request's content. */
export function hashString(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The base seed: `RLM_RELIABILITY_SEED` to replay a failure, otherwise fixed so CI is stable. */
export function baseSeed(): number {
  const fromEnvironment = Number.parseInt(process.env.RLM_RELIABILITY_SEED ?? "", 10);
  return Number.isFinite(fromEnvironment) ? fromEnvironment : 20_251_231;
}
