import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";

/** Runs one JavaScript cell that calls back to the host, then prints the result and binary. */
const RUN_A_CELL = `
import { denoSandbox, resolveDenoPath } from "@rlm/sandbox-deno";
const sandbox = denoSandbox({ warmSessions: 0, cacheDir: "./rlm-cache" });
const session = await sandbox.createSession({
  context: "hello",
  host: {
    llmQuery: async ({ prompt }) => prompt.toUpperCase(),
    rlmQuery: async () => "",
    tool: async () => null,
  },
});
const result = await session.execute("await llm_query(context)", { cellId: "c1" });
await session.close();
await sandbox.close();
console.log(JSON.stringify({ output: result.output, deno: resolveDenoPath() }));
`;

describe.each([
  { title: "pnpm 10 with its defaults (no dependency build scripts)", manager: "pnpm" as const },
  { title: "npm install --ignore-scripts", manager: "npm" as const, ignoreScripts: true },
])("Deno from $title", ({ manager, ignoreScripts }) => {
  let project: InstalledProject;
  beforeAll(async () => {
    project = await installProject({
      manager,
      packages: ["@rlm/core", "@rlm/sandbox-deno"],
      ...(ignoreScripts ? { ignoreScripts } : {}),
    });
  });

  it("runs a cell with the binary of the platform package, not the .bin shim", async () => {
    const result = await project.runScript(RUN_A_CELL);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { output: string; deno: string };
    expect(printed.output).toBe("'HELLO'");
    // The install script did not copy the binary into `deno/`: the platform package has it.
    expect(printed.deno.startsWith(join(project.directory, "node_modules"))).toBe(true);
    expect(printed.deno).toMatch(/@deno[/+]linux-(x64|arm64)-glibc/);
    expect(printed.deno).not.toContain(".bin");
  });
});
