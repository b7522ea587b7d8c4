/**
 * Epoch nanoseconds (a decimal string, as OTLP/JSON sends 64-bit integers) to epoch
 * milliseconds. Split by digits instead of going through BigInt: ten thousand spans a
 * request make this a hot path, and a double cannot hold the nanoseconds exactly anyway.
 */
export function nanosStringToMs(value: string): number {
  if (!/^\d{1,20}$/.test(value)) return Number.NaN;
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

/**
 * Epoch nanoseconds given as the two 32-bit halves of a fixed64, to epoch milliseconds,
 * rounded exactly as `nanosStringToMs` rounds, so a span reads the same from JSON and
 * protobuf. 2^32 ns = 4294 ms + 967,296 ns; every intermediate stays below 2^53.
 */
export function nanosHalvesToMs(low: number, high: number): number {
  const belowMs = high * 967_296 + low;
  const wholeMs = high * 4294 + Math.floor(belowMs / 1e6);
  return wholeMs + (belowMs % 1e6) / 1e6;
}
