import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type OneCellOutcome, oneCellScript } from "./support/one-cell-script.js";
import { installBeforeAll, WITHOUT_INSTALL_SCRIPTS } from "./support/pack-and-install.js";

const RUN_A_PYTHON_CELL = oneCellScript({
  language: "python",
  code: "print(llm_query(context) + ' from ' + 'Python')",
});

function peerPyodide(directory: string): string {
  const manifest = join(directory, "node_modules/@rlm/sandbox-deno/package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { peerDependencies: { pyodide: string } })
    .peerDependencies.pyodide;
}

describe.each(WITHOUT_INSTALL_SCRIPTS)(
  "Python without pyodide installed ($title)",
  ({ manager, ignoreScripts }) => {
    const project = installBeforeAll({
      manager,
      packages: ["@rlm/core", "@rlm/sandbox-deno"],
      ignoreScripts,
    });

    it("JavaScript users get no pyodide", async () => {
      const result = await project().runScript(
        `import("pyodide").then(() => console.log("found"), () => console.log("absent"));`,
      );
      expect(result.stdout.trim()).toBe("absent");
    });

    it('language: "python" is refused with the package and version to add', async () => {
      const result = await project().runScript(RUN_A_PYTHON_CELL);
      expect(result.code).toBe(0);
      const { error } = JSON.parse(result.stdout) as { error: { name: string; message: string } };
      expect(error.name).toBe("SandboxError");
      expect(error.message).toContain(`npm i pyodide@${peerPyodide(project().directory)}`);
    });
  },
);

describe.each(WITHOUT_INSTALL_SCRIPTS)(
  "Python with pyodide added ($title)",
  ({ manager, ignoreScripts }) => {
    const project = installBeforeAll({
      manager,
      packages: ["@rlm/core", "@rlm/sandbox-deno"],
      dependencies: { pyodide: "314.0.7" },
      ignoreScripts,
    });

    it("runs a Python cell that calls the host", async () => {
      const result = await project().runScript(RUN_A_PYTHON_CELL);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout) as OneCellOutcome).toMatchObject({
        output: "HELLO from Python",
      });
    });
  },
);
