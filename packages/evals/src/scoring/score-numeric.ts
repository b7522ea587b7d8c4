/** OOLONG's numeric score: 0.75^|error| on the first number in the answer, 0 if none. */
export function scoreNumeric(answer: string, expected: number): number {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(answer);
  if (!match) return 0;
  const value = Number(match[0].replace(/,/g, ""));
  if (!Number.isFinite(value)) return 0;
  return 0.75 ** Math.abs(value - expected);
}
