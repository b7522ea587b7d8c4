/** What a script from `oneCellScript()` prints. */
export type OneCellOutcome =
  | { output: string; deno: string }
  | { error: { name: string; message: string } };

/**
 * The source of a script that runs one cell in a `denoSandbox()` session over the context
 * "hello", whose `llm_query` answers in upper case, and prints a `OneCellOutcome` as JSON:
 * the cell's output and the Deno binary used, or the error `denoSandbox()` threw.
 */
export function oneCellScript(options: {
  language: "javascript" | "python";
  code: string;
}): string {
  return `
import { denoSandbox, resolveDenoPath } from "@rlm/sandbox-deno";
let sandbox;
try {
  // A relative cacheDir, as a user may write it.
  sandbox = denoSandbox({ language: ${JSON.stringify(options.language)}, warmSessions: 0, cacheDir: "./rlm-cache" });
} catch (error) {
  console.log(JSON.stringify({ error: { name: error.name, message: error.message } }));
  process.exit(0);
}
const session = await sandbox.createSession({
  context: "hello",
  host: {
    llmQuery: async ({ prompt }) => prompt.toUpperCase(),
    rlmQuery: async () => "",
    tool: async () => null,
  },
});
const result = await session.execute(${JSON.stringify(options.code)}, { cellId: "c1" });
await session.close();
await sandbox.close();
console.log(JSON.stringify({ output: result.output, deno: resolveDenoPath() }));
`;
}
