import { CLASSIFY_INSTRUCTION } from "./label-rules.js";

/** True for a question about labels the context's data points carry only implicitly. */
export function isLabelQuestion(query: string): boolean {
  return /classify each instance yourself/i.test(query);
}

/** Turn 2: classify every data point through parallel sub-calls and tally the labels. */
export function classifyAllJavaScript(): string {
  return `const lines = (Array.isArray(context) ? context.join("\\n") : String(context)).split("\\n").filter((line) => line.includes("|| Instance:"));
const perChunk = 400;
const chunks = [];
for (let start = 0; start < lines.length; start += perChunk) chunks.push(lines.slice(start, start + perChunk).join("\\n"));
const replies = await llm_query_batched(chunks.map((chunk) => ${JSON.stringify(`${CLASSIFY_INSTRUCTION}\n`)} + chunk));
const points = [];
for (const reply of replies) {
  for (const line of reply.split("\\n")) {
    const match = /^(.+?) \\|\\| (.+?) \\|\\| (.+)$/.exec(line.trim());
    if (match) points.push({ date: match[1], user: match[2], label: match[3] });
  }
}
const counts = {};
for (const point of points) counts[point.label] = (counts[point.label] ?? 0) + 1;
console.log(\`\${lines.length} data points, \${points.length} classified\`);
console.log(counts);`;
}

/** Turn 3: the answer the question asks for, computed from the classified points. */
export function answerLabelQuestionJavaScript(query: string): string {
  const label = (text: string | undefined) => JSON.stringify(text ?? "");
  let match = /How many data points from user (\S+) should be classified as label '([^']+)'/.exec(
    query,
  );
  if (match) {
    return `FINAL(String(points.filter((p) => p.user === ${label(match[1])} && p.label === ${label(match[2])}).length));`;
  }
  match = /How many data points should be classified as label '([^']+)'/.exec(query);
  if (match) return `FINAL(String(counts[${label(match[1])}] ?? 0));`;
  match =
    /Is label '([^']+)' more common than, less common than, or the same frequency as label '([^']+)'/.exec(
      query,
    );
  if (match) {
    return `const a = counts[${label(match[1])}] ?? 0, b = counts[${label(match[2])}] ?? 0;
FINAL(a > b ? "more common than" : a < b ? "less common than" : "same frequency as");`;
  }
  if (/Which label is the most common/.test(query)) {
    return `FINAL(Object.entries(counts).sort((x, y) => y[1] - x[1])[0]?.[0] ?? "unknown");`;
  }
  match =
    /List all pairs of user IDs .* where both users have at least (one|two) instances? labelled '([^']+)'(?: and at least one instance labelled '([^']+)')?/.exec(
      query,
    );
  if (match) {
    const needed = match[1] === "two" ? 2 : 1;
    return `const perUser = new Map();
for (const p of points) {
  const c = perUser.get(p.user) ?? {};
  c[p.label] = (c[p.label] ?? 0) + 1;
  perUser.set(p.user, c);
}
const qualifying = [...perUser.entries()]
  .filter(([, c]) => (c[${label(match[2])}] ?? 0) >= ${needed}${match[3] ? ` && (c[${label(match[3])}] ?? 0) >= 1` : ""})
  .map(([user]) => user)
  .sort((x, y) => Number(x) - Number(y) || x.localeCompare(y));
const pairs = [];
for (let i = 0; i < qualifying.length; i++) for (let j = i + 1; j < qualifying.length; j++) pairs.push(\`(\${qualifying[i]}, \${qualifying[j]})\`);
FINAL(pairs.join("\\n"));`;
  }
  return `FINAL(JSON.stringify(counts));`;
}
