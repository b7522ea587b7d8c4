import { describeSandboxConformance } from "@rlm/core/testing";
import { describe, it } from "vitest";
import { type DenoSandbox, denoSandbox } from "../src/index.js";

for (const language of ["javascript", "python"] as const) {
  describeSandboxConformance({
    name: `denoSandbox (${language})`,
    createSandbox: () => denoSandbox({ language, warmSessions: 0 }),
    disposeSandbox: (sandbox) => (sandbox as DenoSandbox).close(),
    test: { describe, it },
  });
}
