/**
 * `pnpm test:loaded`: the whole test suite (`pnpm test`, extra arguments passed on) while two
 * extra processes spin on the CPU, as on a busy CI runner or a laptop doing other work. The
 * tests wait on events and conditions, never on wall-clock bounds, so they must pass here
 * too. The spinning processes are killed however the run ends: success, failure, Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";

const BUSY_PROCESSES = 2;
/**
 * `for(;;);`, checking now and then that this script is still its parent: a spinner whose
 * script was killed outright (SIGKILL runs no handler) ends itself instead of spinning on.
 */
const SPIN =
  "const parent = process.ppid; for (let i = 1; ; i++) if (i % 1e8 === 0 && process.ppid !== parent) process.exit();";

const spinners: ChildProcess[] = Array.from({ length: BUSY_PROCESSES }, () =>
  spawn(process.execPath, ["-e", SPIN], { stdio: "ignore" }),
);
const stopSpinners = () => {
  for (const spinner of spinners) if (spinner.exitCode === null) spinner.kill("SIGKILL");
};
process.on("exit", stopSpinners);

console.log(
  `test:loaded: ${BUSY_PROCESSES} busy processes (pids ${spinners.map((spinner) => spinner.pid).join(", ")}) compete for ${availableParallelism()} cores`,
);
const started = performance.now();
const tests = spawn("pnpm", ["test", ...process.argv.slice(2)], { stdio: "inherit" });

// Ctrl-C reaches the whole foreground group; a signal sent to this script alone is passed on,
// and either way the exit handler kills the spinners once the tests have stopped.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    stopSpinners();
    tests.kill(signal);
  });
}

tests.on("error", (error) => {
  console.error(`test:loaded: could not start pnpm: ${error.message}`);
  process.exit(1);
});
tests.on("exit", (code, signal) => {
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(
    `test:loaded: the suite took ${Math.floor(seconds / 60)} min ${seconds % 60} s under the extra load`,
  );
  process.exit(code ?? (signal ? 1 : 0));
});
