import { glob, readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Context } from "@rlm/core";
import { CliError } from "../cli-error.js";

/**
 * Reads `--context`: a file (its text), a directory or a glob (a list of file texts, in
 * path order), or `-` (standard input).
 */
export async function loadContext(
  spec: string,
  options: { stdin?: NodeJS.ReadableStream; cwd?: string } = {},
): Promise<Context> {
  const cwd = options.cwd ?? process.cwd();
  if (spec === "-") return readStream(options.stdin ?? process.stdin);
  if (/[*?[{]/.test(spec)) {
    const paths: string[] = [];
    for await (const path of glob(spec, { cwd })) paths.push(resolve(cwd, path));
    const files = await filesOnly(paths.sort());
    if (!files.length) throw new CliError(`No file matches --context "${spec}".`);
    return Promise.all(files.map((path) => readFile(path, "utf8")));
  }
  const path = resolve(cwd, spec);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(`Context file not found: ${spec}`);
  if (info.isDirectory()) {
    const files = await filesOnly((await listFiles(path)).sort());
    if (!files.length) throw new CliError(`The context directory ${spec} holds no files.`);
    return Promise.all(files.map((file) => readFile(file, "utf8")));
  }
  return readFile(path, "utf8");
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(entry.parentPath, entry.name));
}

async function filesOnly(paths: string[]): Promise<string[]> {
  const checks = await Promise.all(
    paths.map(async (path) => ((await stat(path)).isFile() ? path : undefined)),
  );
  return checks.filter((path): path is string => path !== undefined);
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
