import { defineProject } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// Named apart from `vitest.config.ts` so `pnpm test` never runs it: the benchmarks take
// minutes and their figures mean nothing on a loaded machine. One file at a time, so no
// two benchmarks share the two cores.
const base = packageTestConfig({ name: "bench-run", testTimeout: 1_800_000 });
export default defineProject({
  ...base,
  test: {
    ...base.test,
    include: [process.env.BENCH_ONLY ? `src/${process.env.BENCH_ONLY}.bench.ts` : "src/*.bench.ts"],
    fileParallelism: false,
    // The scale benchmark collects garbage before it reads the host's baseline memory.
    execArgv: ["--expose-gc"],
    hookTimeout: 600_000,
  },
});
