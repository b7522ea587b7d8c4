/**
 * The simulated sub-model's classifier for label-aggregation tasks: it reads each data
 * point's question and names the kind of answer it asks for, from the question's wording
 * alone, the way a reader would.
 */
const RULES: readonly [RegExp, string][] = [
  [/\bstand for\b|\bfull form\b|\bshort for\b|\babbreviat/i, "abbreviation"],
  [/^who\b/i, "human being"],
  [/^where\b|^in which (country|city|state)\b/i, "location"],
  [/^how (many|much|far|long|old|tall)\b|^when\b|^what year\b/i, "numeric value"],
  [/^why\b|\bmeaning of\b|^how (does|do)\b|^what is\b/i, "description and abstract concept"],
  [/^what (kind|color|breed|sort|type)\b|^which\b/i, "entity"],
];

export function classifyQuestion(question: string): string {
  const text = question.trim();
  for (const [pattern, label] of RULES) if (pattern.test(text)) return label;
  return "entity";
}

/** Marks the prompts the simulated root model sends for classification. */
export const CLASSIFY_INSTRUCTION =
  "Classify the instance of every data point below. Reply with one line per data point: <date> || <user> || <label>.";

/** Classifies every `Date: … || User: … || Instance: …` line of a classification prompt. */
export function classifyDataPoints(prompt: string): string {
  const lines: string[] = [];
  for (const match of prompt.matchAll(/^Date: (.+?) \|\| User: (.+?) \|\| Instance: (.+)$/gm)) {
    const [, date, user, instance] = match;
    lines.push(`${date} || ${user} || ${classifyQuestion(instance ?? "")}`);
  }
  return lines.length ? lines.join("\n") : "NONE";
}
