/**
 * A small seeded PRNG (mulberry32) so every task is a pure function of its seed, the same
 * on every machine and Node version: `Math.random` cannot be seeded.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** An index drawn with probability proportional to `cumulative[i] - cumulative[i - 1]`. */
  weightedIndex(cumulative: readonly number[] | Float64Array): number;
  shuffle<T>(items: T[]): T[];
  /**
   * An independent stream named `name`. Forks depend on the seed only, not on how many
   * numbers were drawn before, so one part of a task can change without shifting another.
   */
  fork(name: string): Random;
}

export type Seed = number | string;

export function createRandom(seed: Seed): Random {
  return new Mulberry32(hashSeed(seed));
}

/** Running sums of `weights`, for `Random.weightedIndex`. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let index = 0; index < weights.length; index++) {
    total += weights[index]!;
    cumulative[index] = total;
  }
  return cumulative;
}

class Mulberry32 implements Random {
  private state: number;

  constructor(private readonly origin: number) {
    this.state = origin;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  weightedIndex(cumulative: readonly number[] | Float64Array): number {
    const target = this.next() * cumulative[cumulative.length - 1]!;
    for (let index = 0; index < cumulative.length; index++) {
      if (target < cumulative[index]!) return index;
    }
    return cumulative.length - 1;
  }

  shuffle<T>(items: T[]): T[] {
    for (let index = items.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      [items[index], items[other]] = [items[other]!, items[index]!];
    }
    return items;
  }

  fork(name: string): Random {
    return new Mulberry32(mix(this.origin ^ hashString(name)));
  }
}

function hashSeed(seed: Seed): number {
  return typeof seed === "number"
    ? mix((seed >>> 0) ^ Math.floor(seed / 4294967296))
    : hashString(seed);
}

/** FNV-1a, then a final mix so similar names give unrelated streams. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return mix(hash);
}

/** The splitmix32 finaliser. */
function mix(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}
