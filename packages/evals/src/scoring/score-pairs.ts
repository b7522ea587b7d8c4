/**
 * Pairs named in free text: "(12345, 23456)", "12345-23456", "12345 and 23456", one per
 * line or comma separated. Each pair is returned lower ID first, as "lower,higher".
 */
export function parsePairs(text: string): Set<string> {
  const pairs = new Set<string>();
  const pattern = /(\d+)\s*(?:,|-|–|—|\/|&|\band\b|\s)\s*(\d+)/g;
  for (const match of text.matchAll(pattern)) {
    pairs.add(pairKey(match[1]!, match[2]!));
  }
  return pairs;
}

export function pairKey(left: string, right: string): string {
  return Number(left) <= Number(right)
    ? `${Number(left)},${Number(right)}`
    : `${Number(right)},${Number(left)}`;
}

/** F1 between the pairs listed in `answer` and `expected`; 1 when both are empty. */
export function scorePairs(
  answer: string,
  expected: readonly (readonly [string, string])[],
): number {
  const predicted = parsePairs(answer);
  const truth = new Set(expected.map(([left, right]) => pairKey(left, right)));
  if (truth.size === 0) return predicted.size === 0 ? 1 : 0;
  let hits = 0;
  for (const pair of predicted) if (truth.has(pair)) hits++;
  if (hits === 0) return 0;
  const precision = hits / predicted.size;
  const recall = hits / truth.size;
  return (2 * precision * recall) / (precision + recall);
}
