import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { InstalledProject } from "./pack-and-install.js";
import { type CommandResult, runCommand } from "./run-command.js";

/**
 * Type-checks `program` (a user's `program.ts`) in the installed project with `tsc --strict`
 * and the TypeScript running the tests. `skipLibCheck: false` (the default) also checks the
 * installed packages' declarations against each other.
 */
export function typeCheck(
  project: InstalledProject,
  program: string,
  options: { skipLibCheck?: boolean } = {},
): Promise<CommandResult> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2023",
      noEmit: true,
      skipLibCheck: options.skipLibCheck ?? false,
      types: [],
    },
    files: ["program.ts"],
  };
  writeFileSync(join(project.directory, "program.ts"), program);
  writeFileSync(join(project.directory, "tsconfig.json"), JSON.stringify(tsconfig));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  return runCommand({ command: process.execPath, args: [tsc, "-p", "."], cwd: project.directory });
}
