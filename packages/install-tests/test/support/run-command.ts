import { spawn } from "node:child_process";

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user's shell would give a command: without the variables that the
 * package manager running these tests sets for its scripts (`npm_config_*` would configure
 * the npm and pnpm under test; pnpm's `NODE_PATH` would let an installed project resolve the
 * workspace's own packages) and without vitest's own.
 */
export function userEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|vitest|node_options$|node_env$|node_path$)/i.test(key))
      environment[key] = value;
  }
  return { ...environment, ...extra };
}

/** Runs a command to its end and collects its output; a non-zero exit is a result, not a throw. */
export function runCommand(options: {
  command: string;
  args: readonly string[];
  cwd: string;
  env?: Readonly<Record<string, string>>;
}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: userEnvironment(options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}

/** Like `runCommand`, but a failure throws with the command's output. */
export async function runOrThrow(options: Parameters<typeof runCommand>[0]): Promise<string> {
  const result = await runCommand(options);
  if (result.code !== 0) {
    throw new Error(
      `${options.command} ${options.args.join(" ")} (in ${options.cwd}) exited ${result.code}:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  return result.stdout;
}
