import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxError } from "@rlm/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DenoTarget, denoPlatformPackage, findDenoExecutable } from "./resolve-deno-path.js";

// Not this machine's target: the workspace's own Deno (reachable through NODE_PATH when tests
// run from pnpm scripts) cannot stand in for a layout the test builds.
const TARGET: DenoTarget = { platform: "linux", arch: "arm64", libc: "glibc" };

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "resolve-deno-path-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function writePackage(folder: string, name: string, files: string[] = []): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name, version: "2.9.6" }));
  for (const file of files) writeFileSync(join(folder, file), "binary");
}

describe("denoPlatformPackage", () => {
  it("names every platform package the deno package lists as optional", () => {
    const manifest = createRequire(import.meta.url).resolve("deno/package.json");
    const listed = Object.keys(
      (JSON.parse(readFileSync(manifest, "utf8")) as { optionalDependencies: object })
        .optionalDependencies,
    );
    const targets: DenoTarget[] = [
      { platform: "linux", arch: "x64", libc: "glibc" },
      { platform: "linux", arch: "arm64", libc: "glibc" },
      { platform: "darwin", arch: "x64" },
      { platform: "darwin", arch: "arm64" },
      { platform: "win32", arch: "x64" },
      { platform: "win32", arch: "arm64" },
    ];
    const named = targets.map((target) => (denoPlatformPackage(target) as { name: string }).name);
    expect(named.sort()).toEqual(listed.sort());
  });

  it("says why musl, other CPUs and other systems have none", () => {
    expect(denoPlatformPackage({ platform: "linux", arch: "x64", libc: "musl" })).toEqual({
      unsupported: expect.stringContaining("musl"),
    });
    expect(denoPlatformPackage({ platform: "linux", arch: "ia32", libc: "glibc" })).toEqual({
      unsupported: expect.stringContaining("x64 and arm64 only"),
    });
    expect(denoPlatformPackage({ platform: "freebsd", arch: "x64" })).toEqual({
      unsupported: expect.stringContaining("freebsd-x64"),
    });
  });
});

describe("findDenoExecutable", () => {
  it("prefers the copy the deno package's install script made", () => {
    writePackage(join(root, "node_modules/deno"), "deno", ["deno"]);
    writePackage(join(root, "node_modules/@deno/linux-arm64-glibc"), "@deno/linux-arm64-glibc", [
      "deno",
    ]);
    const from = join(root, "node_modules/@rlm/sandbox-deno/dist/index.js");
    expect(findDenoExecutable({ from, target: TARGET })).toBe(join(root, "node_modules/deno/deno"));
  });

  it("finds the platform package's binary in npm's flat layout when scripts did not run", () => {
    writePackage(join(root, "node_modules/deno"), "deno");
    writePackage(join(root, "node_modules/@deno/linux-arm64-glibc"), "@deno/linux-arm64-glibc", [
      "deno",
    ]);
    const from = join(root, "node_modules/@rlm/sandbox-deno/dist/index.js");
    expect(findDenoExecutable({ from, target: TARGET })).toBe(
      join(root, "node_modules/@deno/linux-arm64-glibc/deno"),
    );
  });

  it("finds it in pnpm's layout, where only deno itself sees the platform package", () => {
    const store = join(root, "node_modules/.pnpm");
    writePackage(join(store, "deno@2.9.6/node_modules/deno"), "deno");
    writePackage(
      join(store, "deno@2.9.6/node_modules/@deno/linux-arm64-glibc"),
      "@deno/linux-arm64-glibc",
      ["deno"],
    );
    const ours = join(store, "@rlm+sandbox-deno@0.1.0/node_modules");
    mkdirSync(join(ours, "@rlm/sandbox-deno/dist"), { recursive: true });
    symlinkSync(join(store, "deno@2.9.6/node_modules/deno"), join(ours, "deno"));
    const from = join(ours, "@rlm/sandbox-deno/dist/index.js");
    expect(findDenoExecutable({ from, target: TARGET })).toBe(
      join(store, "deno@2.9.6/node_modules/@deno/linux-arm64-glibc/deno"),
    );
  });

  it("names the missing platform package and the command that adds it", () => {
    writePackage(join(root, "node_modules/deno"), "deno");
    const from = join(root, "node_modules/@rlm/sandbox-deno/dist/index.js");
    expect(() => findDenoExecutable({ from, target: TARGET })).toThrow(
      expect.objectContaining({
        name: "SandboxError",
        message: expect.stringContaining("npm i @deno/linux-arm64-glibc@2.9.6"),
      }),
    );
  });

  it("points to denoPath where npm has no Deno for the system", () => {
    writePackage(join(root, "node_modules/deno"), "deno");
    const from = join(root, "node_modules/@rlm/sandbox-deno/dist/index.js");
    let thrown: unknown;
    try {
      findDenoExecutable({ from, target: { platform: "linux", arch: "x64", libc: "musl" } });
    } catch (error) {
      thrown = error;
    }
    expect(SandboxError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/musl.*denoSandbox\(\{ denoPath \}\)/);
  });
});
