// What the scripted servers answer, by script name. They run on the servers' thread
// (see server-thread.mjs), so each is a plain function of the request body and the
// parameters the benchmark passed; nothing is shared with the benchmark's thread.

const TURN_MARKER = "// bench turn";

/**
 * A root model's reply for its `turn`-th request, marked so the next request shows how
 * many turns came before: the scripts stay stateless, and overlapping runs do not mix.
 */
function markTurn(turn, code) {
  return `\`\`\`repl\n${TURN_MARKER} ${turn}\n${code}\n\`\`\``;
}

/** Which turn a root request is: one more than the marked replies already in it. */
function turnOf(body) {
  return body.split(TURN_MARKER).length;
}

export const scripts = {
  /** `iterations` turns of a small cell each, the last one answering. */
  "loop-root":
    ({ iterations, latencyMs }) =>
    (body) => {
      const turn = turnOf(body);
      const code =
        turn < iterations
          ? `const v${turn} = context.length + ${turn};\nconsole.log("step", v${turn});`
          : `FINAL("done after " + v${iterations - 1})`;
      return { text: markTurn(turn, code), delayMs: latencyMs };
    },

  /**
   * One cell sending `calls` prompts through llm_query_batched and printing how many came
   * back, then a turn answering with that count: the server sees the cell end when the
   * second request arrives.
   */
  "fan-out-root":
    ({ calls, latencyMs }) =>
    (body) => {
      const code =
        turnOf(body) === 1
          ? `const prompts = Array.from({ length: ${calls} }, (_, i) => "Summarise part " + i + ": " + context.slice(i, i + 40));
const replies = await llm_query_batched(prompts);
globalThis.answered = replies.filter((reply) => reply.startsWith("summary of part")).length;
console.log("answered", answered);`
          : "FINAL(String(answered))";
      return { text: markTurn(turnOf(body), code), delayMs: latencyMs };
    },

  /**
   * `iterations` turns spreading `calls` prompts over their cells (llm_query_batched),
   * the last one answering with the number of replies.
   */
  "batched-root":
    ({ iterations, calls }) =>
    (body) => {
      const turn = turnOf(body);
      const size = Math.floor(calls / iterations) + (turn <= calls % iterations ? 1 : 0);
      const finish = turn === iterations ? "\nFINAL(String(globalThis.replies))" : "";
      return {
        text: markTurn(
          turn,
          `globalThis.replies = (globalThis.replies ?? 0) + (await llm_query_batched(Array.from({ length: ${size} }, (_, i) => "Summarise part " + i))).length;${finish}`,
        ),
      };
    },

  /** Names the part it was asked about, after the latency. */
  "sub-summary":
    ({ latencyMs }) =>
    (body) => ({
      text: `summary of part ${/Summarise part (\d+)/.exec(body)?.[1] ?? "?"}`,
      delayMs: latencyMs,
    }),

  /**
   * One cell starting a child RLM per entry of `children` (child numbers) at once, then a
   * turn answering with their answers joined: the server sees the cell end when the second
   * request arrives.
   */
  "recursion-root":
    ({ children }) =>
    (body) => {
      const turn = turnOf(body);
      const code =
        turn === 1
          ? `const requests = ${JSON.stringify(children)}.map((n) => ({ prompt: "Handle child " + n, context: "data of child " + n }));
globalThis.answers = await rlm_query_batched(requests);
console.log(answers.length, "answers");`
          : 'FINAL(answers.join(","))';
      return { text: markTurn(turn, code) };
    },

  /** A child RLM: one turn whose cell asks the sub-model about its context and answers. */
  "recursion-child":
    ({ latencyMs }) =>
    (body) => {
      const child = /Handle child (\d+)/.exec(body)?.[1] ?? "?";
      return {
        text: markTurn(1, `FINAL(await llm_query("Summarise part ${child}: " + context))`),
        delayMs: latencyMs,
      };
    },

  /** Like `sub-summary`, but part n answers after `latencyMs + n * stepMs`. */
  "sub-summary-staggered":
    ({ latencyMs, stepMs }) =>
    (body) => {
      const part = Number(/Summarise part (\d+)/.exec(body)?.[1] ?? 0);
      return { text: `summary of part ${part}`, delayMs: latencyMs + part * stepMs };
    },
};
