import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Dependencies Next traces but the dashboard never loads: sharp serves image optimisation,
 * which is off, and its binaries would tie the package to the platform it was built on.
 */
const LEFT_OUT = [/^sharp$/, /^@img\//, /^detect-libc$/, /^semver$/];

/**
 * Turns Next's standalone output (`.next/standalone`) into the self-contained server the
 * package ships in `out`: the app's `.next` with its static files, and every traced
 * dependency as a plain folder in `out/node_modules`. In a pnpm workspace the traced
 * dependencies sit in a `.pnpm` store linked by symlinks, which npm does not pack; they are
 * copied flat instead, which works as long as each is traced in one version only.
 */
export function assembleServer(options: {
  appDir: string;
  tracingRoot: string;
  out: string;
}): void {
  const { appDir, tracingRoot, out } = options;
  const standalone = join(appDir, ".next", "standalone");
  const standaloneApp = join(standalone, relative(tracingRoot, appDir));
  if (!existsSync(join(standaloneApp, ".next", "BUILD_ID"))) {
    throw new Error(`${standaloneApp} holds no standalone build: is output "standalone" set?`);
  }
  rmSync(out, { recursive: true, force: true });
  cpSync(join(standaloneApp, ".next"), join(out, ".next"), { recursive: true });
  cpSync(join(appDir, ".next", "static"), join(out, ".next", "static"), { recursive: true });

  const versions = new Map<string, string>();
  const store = join(standalone, "node_modules", ".pnpm");
  for (const entry of readdirSync(store)) {
    if (entry === "node_modules") continue; // pnpm's hoisting links, not packages
    const modules = join(store, entry, "node_modules");
    for (const name of packageNames(modules)) {
      const source = join(modules, name);
      // Symlinks point at the dependency's own entry in the store, copied from there.
      if (lstatSync(source).isSymbolicLink()) continue;
      if (LEFT_OUT.some((pattern) => pattern.test(name))) continue;
      const version = (
        JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { version: string }
      ).version;
      const seen = versions.get(name);
      if (seen !== undefined) {
        throw new Error(
          `${name} is traced in versions ${seen} and ${version}; a flat node_modules holds one. Align the versions.`,
        );
      }
      versions.set(name, version);
      cpSync(source, join(out, "node_modules", name), { recursive: true, dereference: true });
    }
  }
  for (const needed of ["next", "react", "react-dom"]) {
    if (!versions.has(needed)) throw new Error(`The standalone output lacks ${needed}.`);
  }
}

/** `name` and `@scope/name` folders in a node_modules folder. */
function packageNames(modules: string): string[] {
  if (!existsSync(modules)) return [];
  return readdirSync(modules).flatMap((name) =>
    name.startsWith("@")
      ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`)
      : name.startsWith(".")
        ? []
        : [name],
  );
}
