import { CLASSIFY_INSTRUCTION, classifyDataPoints } from "./label-rules.js";

/**
 * The simulated sub-model: it reads the slice it is given and answers with simple rules.
 * It knows nothing but its prompt — never the generator's answer key.
 */
export function answerFromSlice(prompt: string): string {
  if (prompt.startsWith(CLASSIFY_INSTRUCTION)) return classifyDataPoints(prompt);
  const question = /^Question: (.*)$/m.exec(prompt)?.[1] ?? "";
  const textStart = prompt.search(/^Text( \(chunk [^)]*\))?:$/m);
  const text = textStart >= 0 ? prompt.slice(prompt.indexOf("\n", textStart) + 1) : prompt;

  const magicKey = /magic number for ([\w-]+)/i.exec(question)?.[1];
  if (magicKey) {
    const pattern = new RegExp(`magic numbers? for ${escapeRegExp(magicKey)} is:?\\s*(\\d+)`, "i");
    return pattern.exec(text)?.[1] ?? "NONE";
  }
  return bestMatchingSentence(question, text) ?? "NONE";
}

const STOPWORDS = new Set(
  "a an and are as at be by did do does for from has have how in is it its of on or that the this to was were what when where which who why with mentioned context text".split(
    " ",
  ),
);

function keywords(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((word) => !STOPWORDS.has(word)),
  );
}

/** The sentence sharing the most keywords with the question, if it shares enough of them. */
function bestMatchingSentence(question: string, text: string): string | undefined {
  const wanted = keywords(question);
  if (!wanted.size) return undefined;
  let best: { sentence: string; score: number } | undefined;
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    let score = 0;
    for (const word of keywords(sentence)) if (wanted.has(word)) score++;
    if (score > (best?.score ?? 0)) best = { sentence: sentence.trim(), score };
  }
  const needed = Math.max(2, Math.ceil(wanted.size * 0.6));
  return best && best.score >= needed ? best.sentence : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
