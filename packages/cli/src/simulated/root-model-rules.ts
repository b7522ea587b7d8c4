import { type GenerateRequest, type Message, messageText } from "@rlm/core";
import {
  answerLabelQuestionJavaScript,
  classifyAllJavaScript,
  isLabelQuestion,
} from "./label-aggregation-code.js";

/**
 * The simulated root model: a fixed but real strategy written as code for the REPL —
 * look at the context, split it into overlapping chunks, ask sub-models about every chunk
 * concurrently, then combine their answers and call FINAL. Each reply depends only on the
 * conversation so far, as a real model's would.
 */
export function nextRootReply(request: GenerateRequest): string {
  const messages = request.messages;
  const text = (message: Message | undefined) => (message ? messageText(message) : "");
  const system = text(messages[0]);
  const firstUser = text(messages.find((message) => message.role === "user"));
  const lastUser = text(messages.findLast((message) => message.role === "user"));
  const query = /\nQuery: ([\s\S]*)$/.exec(firstUser)?.[1]?.trim() ?? "";
  const turn = messages.filter((message) => message.role === "assistant").length;
  const python = system.includes("Python REPL");
  const chunkChars =
    Number(/reads about ([\d,]+) characters/.exec(system)?.[1]?.replaceAll(",", "")) || 100_000;

  if (lastUser.includes("You have used all your turns")) return "FINAL_VAR(answer)";
  if (turn === 0) {
    return `I will look at the context before anything else.\n${fence(python ? PROBE_PYTHON : PROBE_JAVASCRIPT)}`;
  }
  if (isLabelQuestion(query) && !python) {
    if (turn === 1) {
      return `Every data point must be classified before any counting. I will send the data points to sub-models in batches, in parallel, and tally their labels.\n${fence(classifyAllJavaScript())}`;
    }
    if (turn === 2 && !/error:/i.test(lastUser)) {
      return `Now I compute the answer from the classified data points.\n${fence(answerLabelQuestionJavaScript(query))}`;
    }
  }
  if (turn === 1) {
    const code = python ? fanOutPython(query, chunkChars) : fanOutJavaScript(query, chunkChars);
    return `The context is too long to read at once. I will split it into overlapping chunks and ask a sub-model about each chunk in parallel.\n${fence(code)}`;
  }
  if (turn === 2 && !/error:/i.test(lastUser)) {
    return `Now I combine the sub-models' answers: the most frequent relevant answer wins.\n${fence(python ? COMBINE_PYTHON : COMBINE_JAVASCRIPT)}`;
  }
  return `The previous step failed, so I answer with what I have.\nFINAL(I could not answer: the analysis of the context failed.)`;
}

function fence(code: string): string {
  return `\`\`\`repl\n${code}\n\`\`\``;
}

const PROBE_JAVASCRIPT = `const kind = Array.isArray(context) ? "array" : typeof context;
const size = Array.isArray(context) ? context.length : String(context).length;
console.log(kind, size);
console.log(String(Array.isArray(context) ? context[0] : context).slice(0, 300));`;

const PROBE_PYTHON = `kind = type(context).__name__
print(kind, len(context))
print(str(context[0] if isinstance(context, list) else context)[:300])`;

function instruction(query: string): string {
  return `Question: ${query}\nAnswer only from the text below, as briefly as possible. Reply NONE if it does not contain the answer.`;
}

function fanOutJavaScript(query: string, chunkChars: number): string {
  return `const text = Array.isArray(context) ? context.join("\\n") : typeof context === "string" ? context : JSON.stringify(context);
const chunkChars = ${chunkChars};
const overlap = 1000;
const chunks = [];
for (let start = 0; start < text.length; start += chunkChars - overlap) {
  chunks.push(text.slice(start, start + chunkChars));
  if (start + chunkChars >= text.length) break;
}
const instruction = ${JSON.stringify(instruction(query))};
const findings = await llm_query_batched(
  chunks.map((chunk, index) => \`\${instruction}\\nText (chunk \${index + 1} of \${chunks.length}):\\n\${chunk}\`),
);
const relevant = findings.map((finding) => finding.trim()).filter((finding) => finding && !/^NONE\\b/.test(finding) && !finding.startsWith("Error:"));
console.log(\`\${chunks.length} chunks, \${relevant.length} with an answer\`);
console.log(relevant.slice(0, 10).join("\\n"));`;
}

function fanOutPython(query: string, chunkChars: number): string {
  return `import json
text = "\\n".join(context) if isinstance(context, list) else context if isinstance(context, str) else json.dumps(context)
chunk_chars = ${chunkChars}
overlap = 1000
chunks = []
start = 0
while True:
    chunks.append(text[start:start + chunk_chars])
    if start + chunk_chars >= len(text):
        break
    start += chunk_chars - overlap
instruction = ${JSON.stringify(instruction(query))}
findings = llm_query_batched([f"{instruction}\\nText (chunk {i + 1} of {len(chunks)}):\\n{chunk}" for i, chunk in enumerate(chunks)])
relevant = [f.strip() for f in findings if f.strip() and not f.strip().startswith("NONE") and not f.startswith("Error:")]
print(f"{len(chunks)} chunks, {len(relevant)} with an answer")
print("\\n".join(relevant[:10]))`;
}

const COMBINE_JAVASCRIPT = `const votes = new Map();
for (const finding of relevant) votes.set(finding, (votes.get(finding) ?? 0) + 1);
const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
const answer = ranked.length ? ranked[0][0] : "The context does not contain the answer.";
console.log(ranked.slice(0, 3));
FINAL_VAR("answer");`;

const COMBINE_PYTHON = `from collections import Counter
ranked = Counter(relevant).most_common()
answer = ranked[0][0] if ranked else "The context does not contain the answer."
print(ranked[:3])
FINAL_VAR("answer")`;
