// Words models wrap answers in ("Answer: the label 'entity'") that carry no content.
const FILLER_WORDS = new Set(["answer", "final", "label", "the", "is", "a", "an"]);

/** Lower case, punctuation and quotes to spaces, wrapper words dropped, spaces collapsed. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((word) => word !== "" && !FILLER_WORDS.has(word))
    .join(" ");
}

/**
 * 1 when `answer` normalises to `expected`, or names `expected` and no other of
 * `candidates` ("'entity' is the most common label."); otherwise 0.
 */
export function scoreExactChoice(
  answer: string,
  expected: string,
  candidates: readonly string[],
): number {
  const normalised = normaliseAnswer(answer);
  const target = normaliseAnswer(expected);
  if (normalised === target) return 1;
  const padded = ` ${normalised} `;
  const named = candidates.filter((candidate) =>
    padded.includes(` ${normaliseAnswer(candidate)} `),
  );
  return named.length === 1 && normaliseAnswer(named[0]!) === target ? 1 : 0;
}
