import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type OneCellOutcome, oneCellScript } from "./support/one-cell-script.js";
import { installBeforeAll, WITHOUT_INSTALL_SCRIPTS } from "./support/pack-and-install.js";
import { runOrThrow } from "./support/run-command.js";

const RUN_A_CELL = oneCellScript({ language: "javascript", code: "await llm_query(context)" });

describe.each(WITHOUT_INSTALL_SCRIPTS)("Deno from $title", ({ manager, ignoreScripts }) => {
  const project = installBeforeAll({
    manager,
    packages: ["@rlm/core", "@rlm/sandbox-deno"],
    ignoreScripts,
  });

  it("runs a cell with the binary of the platform package, not the .bin shim", async () => {
    const result = await project().runScript(RUN_A_CELL);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Extract<OneCellOutcome, { deno: string }>;
    expect(printed.output).toBe("'HELLO'");
    // The install script did not copy the binary into `deno/`: the platform package has it.
    expect(printed.deno.startsWith(join(project().directory, "node_modules"))).toBe(true);
    expect(printed.deno).toMatch(/@deno[/+]linux-(x64|arm64)-glibc/);
    expect(printed.deno).not.toContain(".bin");
  });
});

describe("Deno without its platform package (npm install --omit=optional)", () => {
  const project = installBeforeAll({
    manager: "npm",
    // The deno package's own install script fails without the platform package.
    ignoreScripts: true,
    omitOptional: true,
    packages: ["@rlm/core", "@rlm/sandbox-deno"],
  });

  it("names the command that fixes it, and after that command a cell runs", async () => {
    const refused = JSON.parse((await project().runScript(RUN_A_CELL)).stdout) as OneCellOutcome;
    expect(refused).toEqual({
      error: { name: "SandboxError", message: expect.stringMatching(/`npm i @deno\/linux-/) },
    });
    const command = /`(npm i [^`]+)`/.exec(
      (refused as { error: { message: string } }).error.message,
    );
    const [npm = "", ...args] = command?.[1]?.split(" ") ?? [];
    await runOrThrow({
      command: npm,
      args: [...args, "--no-audit", "--no-fund"],
      cwd: project().directory,
    });

    const result = await project().runScript(RUN_A_CELL);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ output: "'HELLO'" });
  });
});
