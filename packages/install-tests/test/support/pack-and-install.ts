import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, inject } from "vitest";
import { type CommandResult, runCommand, runOrThrow } from "./run-command.js";

export interface InstallOptions {
  /**
   * `"npm"`: `npm install`. `"pnpm"`: `pnpm install` with pnpm 10's defaults, so the build
   * scripts of dependencies are not run.
   */
  manager: "npm" | "pnpm";
  /** Published workspace packages to install from their packed tarballs, e.g. `["@rlm/core"]`. */
  packages: readonly string[];
  /** Registry packages to install beside them: name → version or range. */
  dependencies?: Readonly<Record<string, string>>;
  /** npm only: `npm install --ignore-scripts`. */
  ignoreScripts?: boolean;
  /** npm only: `npm install --omit=optional`, which leaves out platform packages. */
  omitOptional?: boolean;
}

/** The two common installs that run no build scripts of dependencies. */
export const WITHOUT_INSTALL_SCRIPTS = [
  { title: "pnpm 10 with its defaults", manager: "pnpm", ignoreScripts: false },
  { title: "npm install --ignore-scripts", manager: "npm", ignoreScripts: true },
] as const satisfies readonly (Pick<InstallOptions, "manager" | "ignoreScripts"> & {
  title: string;
})[];

export interface InstalledProject {
  /** The project folder, outside the workspace: `node_modules` is what the user gets. */
  directory: string;
  /**
   * Runs an ES module (its source text) from the project folder with the Node running the
   * tests, as a user's script there would run.
   */
  runScript(source: string, options?: { env?: Record<string, string> }): Promise<CommandResult>;
}

let scripts = 0;

/**
 * Installs packed workspace packages into a fresh project outside the workspace, as a user
 * would from the registry. Every other `@rlm/*` package they depend on comes from its
 * tarball too (overrides), never from the registry; third-party dependencies come from the
 * registry through the local npm cache or pnpm store. The tarballs are packed once per run
 * (`global-setup.ts`); install once per test file (in `beforeAll`) and share the project.
 * The folder is removed at the end of the run.
 */
export async function installProject(options: InstallOptions): Promise<InstalledProject> {
  if (options.manager !== "npm" && (options.ignoreScripts || options.omitOptional)) {
    throw new Error("ignoreScripts and omitOptional are npm flags; pnpm runs with its defaults");
  }
  const { root, tarballs } = inject("packed");
  const local = Object.fromEntries(
    Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]),
  );
  const direct: Record<string, string> = { ...options.dependencies };
  for (const name of options.packages) {
    const spec = local[name];
    if (!spec) throw new Error(`${name} is not a published workspace package`);
    direct[name] = spec;
  }
  const directory = await mkdtemp(join(root, `${options.manager}-`));
  const manifest = {
    name: "rlm-install-test",
    private: true,
    type: "module",
    dependencies: direct,
    ...(options.manager === "npm" ? { overrides: local } : { pnpm: { overrides: local } }),
  };
  await writeFile(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // The npm cache and pnpm store answer what they hold without asking the registry again.
  const args =
    options.manager === "npm"
      ? [
          "install",
          "--prefer-offline",
          "--no-audit",
          "--no-fund",
          ...(options.ignoreScripts ? ["--ignore-scripts"] : []),
          ...(options.omitOptional ? ["--omit=optional"] : []),
        ]
      : ["install", "--prefer-offline"];
  await runOrThrow({ command: options.manager, args, cwd: directory });

  return {
    directory,
    async runScript(source, scriptOptions = {}) {
      scripts += 1;
      const file = join(directory, `script-${process.pid}-${scripts}.mjs`);
      await writeFile(file, source);
      try {
        return await runCommand({
          command: process.execPath,
          args: [file],
          cwd: directory,
          ...(scriptOptions.env ? { env: scriptOptions.env } : {}),
        });
      } finally {
        await rm(file, { force: true });
      }
    },
  };
}

/**
 * Installs in `beforeAll` of the enclosing `describe`, so its tests share one install; call
 * the returned function inside a test to get the project.
 */
export function installBeforeAll(options: InstallOptions): () => InstalledProject {
  let project: InstalledProject | undefined;
  beforeAll(async () => {
    project = await installProject(options);
  });
  return () => {
    if (!project) throw new Error("The install has not run yet: use the project inside a test.");
    return project;
  };
}
