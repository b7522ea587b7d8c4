import { defineConfig } from "vitest/config";

const conditions = ["@rlm/source", "module", "node", "development|production"];
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@rlm/source"] } },
  test: { include: ["bench/*.measure.ts"], testTimeout: 600_000 },
});
