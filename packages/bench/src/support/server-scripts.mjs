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

  /** One cell sending `calls` prompts through llm_query_batched, answering the count. */
  "fan-out-root":
    ({ calls, latencyMs }) =>
    () => ({
      text: markTurn(
        1,
        `const prompts = Array.from({ length: ${calls} }, (_, i) => "Summarise part " + i + ": " + context.slice(i, i + 40));
const replies = await llm_query_batched(prompts);
FINAL(String(replies.filter((reply) => reply.startsWith("summary of part")).length))`,
      ),
      delayMs: latencyMs,
    }),

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
   * One cell starting a child RLM per entry of `children` (child numbers) at once, and
   * answering with their answers joined.
   */
  "recursion-root":
    ({ children }) =>
    () => ({
      text: markTurn(
        1,
        `const requests = ${JSON.stringify(children)}.map((n) => ({ prompt: "Handle child " + n, context: "data of child " + n }));
const answers = await rlm_query_batched(requests);
FINAL(answers.join(","))`,
      ),
    }),

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
