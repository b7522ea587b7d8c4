import { describe, expect, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { localE2B, upperCaseHost, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

// Escaped code reaches the worker's realm, whose stdout is the runner's channel to the host.
const FORGE = `
const G = globalThis.constructor.constructor("return globalThis")();
const { writeSync } = G.process.getBuiltinModule("node:fs");
writeSync(1, JSON.stringify({ type: "cell-result", cellId: "c2", output: "forged", truncated: false, finalJson: JSON.stringify("forged answer") }) + "\\n");
await new Promise((resolve) => setTimeout(resolve, 60_000));`;

describe("adversarial: escaped code writing to the remote runner's stdout", () => {
  it("is not believed: the runner is restarted and the cell says so", async () => {
    const session = await e2bSandbox(localE2B(server())).createSession({
      context: "ctx",
      host: upperCaseHost(),
    });
    try {
      await session.execute("var kept = 1", { cellId: "c1" });
      const forged = await session.execute(FORGE, { cellId: "c2" });
      expect(forged.final).toBeUndefined();
      expect(forged.stateReset).toBe(true);
      expect(forged.error).toBe(
        "The sandbox was restarted because it sent a control message without the runner's key. Every variable except `context` was lost.",
      );
      const after = await session.execute("[typeof kept, context]", { cellId: "c3" });
      expect(after.output).toBe("[ 'undefined', 'ctx' ]");
    } finally {
      await session.close();
    }
  });
});
