import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "packages/providers/*/vitest.config.ts",
      "apps/*/vitest.config.ts",
    ],
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
