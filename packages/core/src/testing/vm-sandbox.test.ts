import { describe, it } from "vitest";
import { describeSandboxConformance } from "./sandbox-conformance.js";
import { vmSandbox } from "./vm-sandbox.js";

describeSandboxConformance({
  name: "vmSandbox",
  createSandbox: () => vmSandbox(),
  test: { describe, it },
});
