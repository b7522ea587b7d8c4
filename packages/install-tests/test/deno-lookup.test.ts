import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type OneCellOutcome, oneCellScript } from "./support/one-cell-script.js";
import {
  type InstalledProject,
  installProject,
  WITHOUT_INSTALL_SCRIPTS,
} from "./support/pack-and-install.js";

const RUN_A_CELL = oneCellScript({ language: "javascript", code: "await llm_query(context)" });

describe.each(WITHOUT_INSTALL_SCRIPTS)("Deno from $title", ({ manager, ignoreScripts }) => {
  let project: InstalledProject;
  beforeAll(async () => {
    project = await installProject({
      manager,
      packages: ["@rlm/core", "@rlm/sandbox-deno"],
      ignoreScripts,
    });
  });

  it("runs a cell with the binary of the platform package, not the .bin shim", async () => {
    const result = await project.runScript(RUN_A_CELL);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Extract<OneCellOutcome, { deno: string }>;
    expect(printed.output).toBe("'HELLO'");
    // The install script did not copy the binary into `deno/`: the platform package has it.
    expect(printed.deno.startsWith(join(project.directory, "node_modules"))).toBe(true);
    expect(printed.deno).toMatch(/@deno[/+]linux-(x64|arm64)-glibc/);
    expect(printed.deno).not.toContain(".bin");
  });
});
