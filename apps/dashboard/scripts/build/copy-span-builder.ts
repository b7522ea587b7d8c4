import { cpSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `@rlm/otel`, whose SDK-free span builder (`@rlm/otel/spans`) imported runs are made with. */
export function otelDir(appDir: string): string {
  return realpathSync(join(appDir, "node_modules", "@rlm", "otel"));
}

/**
 * The import command is compiled by tsc, not bundled like the server, and the package has no
 * dependencies: the span builder's JavaScript (which imports nothing outside its folder) goes
 * beside the command in `out/node_modules`, as a package exporting that one subpath.
 */
export function copySpanBuilder(options: { appDir: string; out: string }): void {
  const source = otelDir(options.appDir);
  const manifest = JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license: string;
  };
  const target = join(options.out, "node_modules", ...manifest.name.split("/"));
  rmSync(target, { recursive: true, force: true });
  cpSync(join(source, "dist", "spans"), join(target, "dist", "spans"), {
    recursive: true,
    filter: (path) => !/\.(map|d\.ts)$/.test(path),
  });
  cpSync(join(source, "LICENSE"), join(target, "LICENSE"));
  const { name, version, license } = manifest;
  const exports = { "./spans": "./dist/spans/index.js" };
  writeFileSync(
    join(target, "package.json"),
    `${JSON.stringify({ name, version, license, type: "module", exports }, null, 2)}\n`,
  );
}
