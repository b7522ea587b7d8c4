import { describe, expect, it } from "vitest";
import type { Sandbox } from "../sandbox/sandbox.js";
import {
  describeSandboxConformance,
  type SandboxConformanceOptions,
} from "./sandbox-conformance.js";
import { vmSandbox } from "./vm-sandbox.js";

/** The suite's checks by name, collected without running them. */
function collectChecks(options: Omit<SandboxConformanceOptions, "name" | "test">) {
  const checks = new Map<string, () => Promise<void>>();
  describeSandboxConformance({
    ...options,
    name: "collected",
    test: { describe: (_name, body) => body(), it: (name, body) => checks.set(name, body) },
  });
  return checks;
}

describe("describeSandboxConformance", () => {
  it("leaves out the behaviours a sandbox opts out of, and only those", () => {
    const names = [...collectChecks({ createSandbox: vmSandbox, optOut: ["abort"] }).keys()];
    expect(names.some((name) => name.startsWith("abort:"))).toBe(false);
    expect(names.some((name) => name.startsWith("close:"))).toBe(true);
  });

  it("fails a sandbox that misses a behaviour", async () => {
    // A session whose close() does nothing: execute still runs afterwards.
    const leaky = (): Sandbox => ({
      language: "javascript",
      createSession: async (options) => ({
        ...(await vmSandbox().createSession(options)),
        close: async () => undefined,
      }),
    });
    const checks = collectChecks({ createSandbox: leaky });
    const close = [...checks].find(([name]) => name.startsWith("close:"))?.[1];
    await expect(close?.()).rejects.toThrow();
  });
});
