import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";

/** Runs one Python cell that calls back to the host; prints its result or the error. */
const RUN_A_PYTHON_CELL = `
import { denoSandbox } from "@rlm/sandbox-deno";
let sandbox;
try {
  // A relative cacheDir, as a user may write it.
  sandbox = denoSandbox({ language: "python", warmSessions: 0, cacheDir: "./rlm-cache" });
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
const result = await session.execute("print(llm_query(context) + ' from ' + 'Python')", { cellId: "c1" });
await session.close();
await sandbox.close();
console.log(JSON.stringify({ output: result.output }));
`;

function peerPyodide(directory: string): string {
  const manifest = join(directory, "node_modules/@rlm/sandbox-deno/package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { peerDependencies: { pyodide: string } })
    .peerDependencies.pyodide;
}

const MANAGERS = [
  { title: "pnpm 10 with its defaults", manager: "pnpm" as const },
  { title: "npm install --ignore-scripts", manager: "npm" as const, ignoreScripts: true },
];

describe.each(MANAGERS)(
  "Python without pyodide installed ($title)",
  ({ manager, ignoreScripts }) => {
    let project: InstalledProject;
    beforeAll(async () => {
      project = await installProject({
        manager,
        packages: ["@rlm/core", "@rlm/sandbox-deno"],
        ...(ignoreScripts ? { ignoreScripts } : {}),
      });
    });

    it("JavaScript users get no pyodide", async () => {
      const result = await project.runScript(
        `import("pyodide").then(() => console.log("found"), () => console.log("absent"));`,
      );
      expect(result.stdout.trim()).toBe("absent");
    });

    it('language: "python" is refused with the package and version to add', async () => {
      const result = await project.runScript(RUN_A_PYTHON_CELL);
      expect(result.code).toBe(0);
      const { error } = JSON.parse(result.stdout) as { error: { name: string; message: string } };
      expect(error.name).toBe("SandboxError");
      expect(error.message).toContain(`npm i pyodide@${peerPyodide(project.directory)}`);
    });
  },
);

describe.each(MANAGERS)("Python with pyodide added ($title)", ({ manager, ignoreScripts }) => {
  let project: InstalledProject;
  beforeAll(async () => {
    project = await installProject({
      manager,
      packages: ["@rlm/core", "@rlm/sandbox-deno"],
      dependencies: { pyodide: "314.0.7" },
      ...(ignoreScripts ? { ignoreScripts } : {}),
    });
  });

  it("runs a Python cell that calls the host", async () => {
    const result = await project.runScript(RUN_A_PYTHON_CELL);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ output: "HELLO from Python" });
  });
});
