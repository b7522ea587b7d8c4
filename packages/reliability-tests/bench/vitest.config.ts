import { defineProject } from "vitest/config";
import { packageTestConfig } from "../../../vitest.shared.js";

const base = packageTestConfig({ name: "reliability-bench", testTimeout: 1_800_000 });

// Apart from `vitest.config.ts` so `pnpm test` never runs it: its figures mean nothing on a
// loaded machine.
export default defineProject({
  ...base,
  test: { ...base.test, include: ["bench/*.bench.ts"] },
});
