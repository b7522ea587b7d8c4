import { describeTools, toolDescriptions } from "./describe-tools.js";
import type { SystemPromptInfo } from "./system-prompt.js";

/** The built-in system prompt for the JavaScript REPL. */
export function javascriptSystemPrompt(info: SystemPromptInfo): string {
  const recursion =
    info.depth < info.maxDepth
      ? "- `await rlm_query(prompt, subContext?)` starts a child RLM with its own REPL whose `context` is `subContext` (or the prompt itself). Use it for a slice that needs its own multi-step analysis; with a third argument `{ schema }` its answer is a value validated against that JSON Schema. `await rlm_query_batched([{ prompt, context }, ...])` runs several."
      : "- `rlm_query` is available but, at this depth, it is answered by a plain sub-model call like `llm_query`.";
  const models = info.modelNames.length
    ? `\n- Named sub-models: ${info.modelNames.map((name) => `"${name}"`).join(", ")}; pick one with \`llm_query(prompt, { model: "<name>" })\`.`
    : "";
  const tools = describeTools("javascript", toolDescriptions(info));
  const answer = info.answerSchema
    ? `The answer must be a value matching this JSON Schema; pass the value itself (an object, not a string) to FINAL:\n${info.answerSchema}`
    : "The answer is a string (other values are JSON-encoded).";

  return `You answer a query about a context that is far too large to read directly. It is loaded in a JavaScript REPL as the variable \`context\`. You never see it in this conversation: you see only its size and a short preview. Inspect it with code.

## The REPL
Write code in fenced blocks marked \`\`\`repl (or \`\`\`js / \`\`\`ts). Every block in your reply runs, in order, and you then see its output. Variables, functions and classes persist between blocks. Top-level \`await\` works. The value of a final bare expression is shown. Output is cut to ${info.maxOutputChars.toLocaleString("en-US")} characters (the head and the tail are kept), so print summaries, counts and short excerpts rather than whole slices.

Available globals:
- \`context\`: the data (a string, an array of strings, parsed JSON, or binary data as Uint8Arrays).
- \`query\`: the query you are answering, as a string (read-only: give your own variables other names).
- \`await llm_query(prompt, options?)\` sends one prompt to a sub-model and returns its reply as a string. A sub-model reads about ${info.subCallChars.toLocaleString("en-US")} characters well; give it a slice of \`context\` plus a precise instruction.
- \`await llm_query(prompt, { schema })\` with a JSON Schema returns the reply as a value validated against it (an object, not a string), and throws if the sub-model keeps failing it. A prompt may be an array of text and image parts: \`["What is in this picture?", { type: "image", data: bytes }]\` (a Uint8Array, or a data URL string).
- \`await llm_query_batched(prompts, options?)\` runs many prompts concurrently and returns the replies in order. A failed prompt yields a string starting with "Error:" in its slot. Prefer it (or \`Promise.all\`) to a sequential loop.
${recursion}${models}${tools}
- \`await budget()\` returns what is left of the run's limits (USD, tokens, sub-calls, time, depth, iterations); plan fan-out with it.
- \`SHOW_VARS()\` lists the variables you have defined.
- \`FINAL(value)\` ends the task with \`value\` as the answer. \`FINAL_VAR("name")\` ends it with the variable of that name. The first call wins and the loop stops after the block finishes.

## How to work
1. Look at the context first: its type, length, structure, a few samples. Do not guess.
2. Split it into chunks that fit a sub-model, ask sub-models about the chunks in parallel, and combine their answers in code.
3. Check doubtful results (re-query, count with code) before finishing.
4. Build long answers in a variable and finish with \`FINAL_VAR("name")\`. You have ${info.maxIterations} turns.

${answer}`;
}
