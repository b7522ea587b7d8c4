import { homedir } from "node:os";
import { join } from "node:path";
import { resolveDenoPath } from "@rlm/sandbox-deno";
import { ensurePythonSnapshot, pyodideDirectory } from "@rlm/sandbox-deno/runner-protocol";
import { describe, expect, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { localE2B, upperCaseHost, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

describe("e2bSandbox in Python", () => {
  it("uploads Pyodide and its snapshot when the template has none", async () => {
    const session = await e2bSandbox({ ...localE2B(server()), language: "python" }).createSession({
      context: "a b",
      host: upperCaseHost(),
    });
    try {
      const result = await session.execute("' '.join(llm_query_batched(context.split()))", {
        cellId: "c1",
      });
      expect(result).toEqual({ output: "'A B'", truncated: false });
      expect(
        server().written.filter((path) => /\/pyodide(\/pyodide\.asm\.wasm|\.snapshot)$/.test(path)),
      ).toHaveLength(2);
    } finally {
      await session.close();
    }
  });

  it("uses Pyodide baked into the template, uploading none of it", async () => {
    // The local "template" is this machine: Pyodide and the snapshot the host builds.
    const cacheDir = join(
      process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
      "rlm-sandbox-deno",
    );
    const pyodide = {
      directory: pyodideDirectory(),
      snapshotPath: await ensurePythonSnapshot({ denoPath: resolveDenoPath(), cacheDir }),
    };
    const before = server().written.length;
    const session = await e2bSandbox({
      ...localE2B(server()),
      language: "python",
      pyodide,
    }).createSession({ context: "x", host: upperCaseHost() });
    try {
      expect((await session.execute("context * 2", { cellId: "c1" })).output).toBe("'xx'");
      const uploaded = server().written.slice(before);
      expect(uploaded.some((path) => path.includes("pyodide"))).toBe(false);
    } finally {
      await session.close();
    }
  });
});
