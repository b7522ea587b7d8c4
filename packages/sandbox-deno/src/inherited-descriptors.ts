import { openSync, readdirSync, readFileSync } from "node:fs";

const O_CLOEXEC = 0o2000000;
/** The first descriptor after stdin, stdout, stderr and the control channel (fd 3). */
const FIRST_EXTRA_FD = 4;
let cached: ("ignore" | number)[] | undefined;

/**
 * `stdio` entries, from fd 4 up, that give the sandbox process /dev/null in place of every
 * descriptor this host inherited without close-on-exec (Linux; elsewhere none).
 *
 * ARCH: a child process inherits every descriptor its parent holds open without
 * `FD_CLOEXEC`, and Deno lets code wrap any descriptor number in `new net.Socket({ fd })`
 * without a permission check: escaped model code read and wrote pipes a shell or supervisor
 * had left open in the host. Node opens its own descriptors close-on-exec, so such
 * descriptors are there from the host's start; they are looked up once.
 */
export function inheritedDescriptorStdio(): ("ignore" | number)[] {
  if (cached) return cached;
  const inherited: number[] = [];
  try {
    for (const name of readdirSync("/proc/self/fd")) {
      const fd = Number(name);
      if (!Number.isInteger(fd) || fd < FIRST_EXTRA_FD) continue;
      try {
        const flags = /flags:\s+([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"));
        if (flags?.[1] && (Number.parseInt(flags[1], 8) & O_CLOEXEC) === 0) inherited.push(fd);
      } catch {
        // Closed meanwhile (it was the directory listing's own descriptor, for one).
      }
    }
  } catch {
    cached = []; // No /proc: not Linux.
    return cached;
  }
  if (inherited.length === 0) {
    cached = [];
    return cached;
  }
  const devNull = openSync("/dev/null", "r");
  const stdio: ("ignore" | number)[] = new Array(Math.max(...inherited) - FIRST_EXTRA_FD + 1);
  stdio.fill("ignore");
  for (const fd of inherited) stdio[fd - FIRST_EXTRA_FD] = devNull;
  cached = stdio;
  return cached;
}
