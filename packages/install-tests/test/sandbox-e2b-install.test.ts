import { resolveDenoPath } from "@rlm/sandbox-deno";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2BTestServer, startE2BTestServer } from "../../sandbox-e2b/test/e2b-test-server.js";
import { installBeforeAll } from "./support/pack-and-install.js";

/** The root model's one reply in each language: a cell that asks `llm_query` and ends with FINAL. */
const REPLIES = {
  javascript: "```repl\nconst loud = await llm_query(context)\nFINAL(loud + '!')\n```",
  python: "```repl\nloud = llm_query(context)\nFINAL(loud + '!')\n```",
};

/**
 * An RLM run on `e2bSandbox` pointed at a local E2B, in the language LANGUAGE names: the
 * root's cell asks `llm_query`, whose sub-model shouts the prompt. Prints the answer.
 */
const RUN_ON_E2B = `
import { createRLM, messageText } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { e2bSandbox } from "@rlm/sandbox-e2b";

const env = process.env;
const replies = ${JSON.stringify(REPLIES)};
// The API key comes from E2B_API_KEY, as for a user.
const sandbox = e2bSandbox({
  apiUrl: env.E2B_URL,
  sandboxUrl: env.E2B_URL,
  denoPath: env.DENO_PATH,
  language: env.LANGUAGE,
  // Python: the Pyodide snapshot the host builds, in a relative folder as a user may write it.
  cacheDir: "./rlm-cache",
});
const model = scriptedModel({ replies: [replies[env.LANGUAGE]] });
const subModel = scriptedModel({
  modelId: "sub",
  respond: (request) => messageText(request.messages.at(-1)).toUpperCase(),
});
const result = await createRLM({ model, subModel, sandbox }).complete({
  context: "hello from e2b",
  query: "Shout the context.",
});
console.log(JSON.stringify({ answer: result.answer }));
`;

let server: E2BTestServer;
beforeAll(async () => {
  server = await startE2BTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each([
  { manager: "npm" as const, layout: "flat node_modules" },
  { manager: "pnpm" as const, layout: "isolated node_modules, pnpm 10's defaults" },
])("@rlm/sandbox-e2b installed with $manager ($layout)", ({ manager }) => {
  // As the README installs it, with pyodide for Python: @rlm/sandbox-deno, whose runner files
  // are uploaded, comes from its tarball as a dependency of @rlm/sandbox-e2b.
  const project = installBeforeAll({
    manager,
    packages: ["@rlm/core", "@rlm/sandbox-e2b"],
    dependencies: { pyodide: "314.0.7" },
  });

  /**
   * Runs the script in `language`, expects the shouted answer and no sandbox left running
   * (the session's sandbox is killed when the run ends), and gives the names of the files
   * uploaded during the run.
   */
  async function answerOnE2B(language: keyof typeof REPLIES): Promise<string[]> {
    const uploadedBefore = server.written.length;
    const result = await project().runScript(RUN_ON_E2B, {
      env: {
        E2B_API_KEY: server.apiKey,
        E2B_URL: server.url,
        DENO_PATH: resolveDenoPath(),
        LANGUAGE: language,
      },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ answer: "HELLO FROM E2B!" });
    expect(server.live).toEqual(new Set());
    return server.written.slice(uploadedBefore).map((path) => path.split("/").at(-1) ?? path);
  }

  it("JavaScript: uploads the installed runner and answers through llm_query", async () => {
    const uploaded = await answerOnE2B("javascript");
    // The runner of @rlm/sandbox-deno and this package's stdio entry went up with the context.
    expect(uploaded).toEqual(
      expect.arrayContaining(["main.js", "worker-realm.js", "stdio-main.js", "stdio-channel.js"]),
    );
    expect(server.requests).toContain("POST /process.Process/SendInput");
  });

  it("Python: uploads the installed pyodide and its snapshot, and answers", async () => {
    const uploaded = await answerOnE2B("python");
    expect(uploaded).toEqual(
      expect.arrayContaining(["python-worker.js", "pyodide.asm.wasm", "pyodide.snapshot"]),
    );
  });
});
