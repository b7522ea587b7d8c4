import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SandboxError } from "@rlm/core";

/** The platform a Deno binary must be built for. */
export interface DenoTarget {
  platform: NodeJS.Platform;
  arch: string;
  /** Linux only: which C library the system has. */
  libc?: "glibc" | "musl";
}

/**
 * The `@deno/*` package holding the binary for a target: the names the `deno` package lists
 * as optional dependencies (`@deno/linux-x64-glibc`, `@deno/darwin-arm64`,
 * `@deno/win32-x64`, ...), or why there is none.
 */
export function denoPlatformPackage(
  target: DenoTarget,
): { name: string } | { unsupported: string } {
  const where = `${target.platform}-${target.arch}${target.libc ? ` (${target.libc})` : ""}`;
  if (target.arch !== "x64" && target.arch !== "arm64") {
    return { unsupported: `Deno publishes binaries on npm for x64 and arm64 only, not ${where}` };
  }
  if (target.platform === "linux") {
    if (target.libc === "musl") {
      return {
        unsupported: `Deno publishes no musl (Alpine) binary on npm, so none fits ${where}`,
      };
    }
    return { name: `@deno/linux-${target.arch}-glibc` };
  }
  if (target.platform === "darwin" || target.platform === "win32") {
    return { name: `@deno/${target.platform}-${target.arch}` };
  }
  return { unsupported: `Deno publishes no binary on npm for ${where}` };
}

/**
 * Finds the real Deno executable from a module's location: the copy the `deno` package's
 * install script makes inside that package, else the binary in its platform package, which
 * is all there is when install scripts did not run (pnpm 10's default,
 * `npm i --ignore-scripts`). Throws a `SandboxError` that says what to install otherwise.
 *
 * ARCH: never `node_modules/.bin/deno`: without the install script it is a Node shim that
 * wraps Deno in a second process, adds start-up time and loses the IPC file descriptor.
 */
export function findDenoExecutable(options: { from: string; target: DenoTarget }): string {
  const executable = options.target.platform === "win32" ? "deno.exe" : "deno";
  const require = createRequire(options.from);
  const platformPackage = denoPlatformPackage(options.target);
  let denoManifest: string | undefined;
  try {
    denoManifest = require.resolve("deno/package.json");
    const copied = join(dirname(denoManifest), executable);
    if (existsSync(copied)) return copied;
  } catch {
    // The platform package alone may still be there.
  }
  if ("unsupported" in platformPackage) {
    throw new SandboxError({
      message: `No Deno executable found: ${platformPackage.unsupported}. Install Deno for this system and pass its path as denoSandbox({ denoPath }).`,
    });
  }
  // pnpm links the platform package next to `deno` only; npm hoists it beside ours too.
  const bases = [denoManifest, options.from].filter((base) => base !== undefined);
  for (const base of bases) {
    try {
      const manifest = createRequire(base).resolve(`${platformPackage.name}/package.json`);
      const binary = join(dirname(manifest), executable);
      if (existsSync(binary)) return binary;
    } catch {
      // Not installed from here.
    }
  }
  const version = denoManifest ? readVersion(denoManifest) : undefined;
  const spec = version ? `${platformPackage.name}@${version}` : platformPackage.name;
  throw new SandboxError({
    message: denoManifest
      ? `No Deno executable found: the "deno" package is installed, but its binary for this system, the optional dependency "${platformPackage.name}", is not (installs with --omit=optional or --no-optional leave it out). Install it with \`npm i ${spec}\`, or pass a Deno executable as denoSandbox({ denoPath }).`
      : `No Deno executable found: the "deno" package, a dependency of @rlm/sandbox-deno, is not installed. Reinstall your dependencies, or pass a Deno executable as denoSandbox({ denoPath }).`,
  });
}

/** The real Deno executable for this system, from the installed `deno` npm package. */
export function resolveDenoPath(): string {
  return findDenoExecutable({ from: import.meta.url, target: currentTarget() });
}

function currentTarget(): DenoTarget {
  if (process.platform !== "linux") return { platform: process.platform, arch: process.arch };
  // glibc reports its version in Node's diagnostic report; musl does not.
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return {
    platform: "linux",
    arch: process.arch,
    libc: report.header?.glibcVersionRuntime ? "glibc" : "musl",
  };
}

function readVersion(manifest: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
}
