import { describeSandboxConformance } from "@rlm/core/testing";
import { describe, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { localE2B, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

for (const language of ["javascript", "python"] as const) {
  describeSandboxConformance({
    name: `e2bSandbox (${language}, through the e2b SDK and a local E2B)`,
    createSandbox: () => e2bSandbox({ ...localE2B(server()), language }),
    test: { describe, it },
  });
}
