// Lets a plain Node process run the workspace's TypeScript sources without a build, so a
// test can see exactly what a user's script sees (an event loop that may empty, exit codes):
//
//   node --import ./scripts/testing/typescript-source-hooks.mjs --conditions=@rlm/source entry.ts
//
// `@rlm/source` makes workspace packages resolve to their `src/index.ts`; these hooks map the
// sources' `./file.js` specifiers to `./file.ts` and compile each file with TypeScript alone
// (no type check: `pnpm check` does that).
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import ts from "typescript";

const RELATIVE_JS = /^\.{1,2}\/.*\.js$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (error?.code !== "ERR_MODULE_NOT_FOUND" || !RELATIVE_JS.test(specifier)) throw error;
      return nextResolve(specifier.replace(/\.js$/, ".ts"), context);
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
    const { outputText } = ts.transpileModule(readFileSync(new URL(url), "utf8"), {
      fileName: url,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
    });
    return { format: "module", source: outputText, shortCircuit: true };
  },
});
