import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "packages/providers/*", "apps/*"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
