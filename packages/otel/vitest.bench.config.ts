import { defineProject } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.js";

// The benchmark is a vitest file so it runs on source like the tests, but apart from them:
// it takes a while and its numbers mean nothing on a loaded CI machine.
const base = packageTestConfig({ name: "otel-bench", testTimeout: 600_000 });
export default defineProject({
  ...base,
  test: { ...base.test, include: ["src/bench/**/*.bench.ts"] },
});
