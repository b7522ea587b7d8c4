import { describe, expect, it } from "vitest";
import { denoSandbox } from "../src/index.js";
import { cell, recordingHost } from "./helpers.js";

// Contexts of a million characters or more are written while the process starts, into a
// staging file that is then moved into place.
describe("large contexts", () => {
  it("a multi-byte string and a list arrive intact", async () => {
    const sandbox = denoSandbox({ warmSessions: 0 });
    const text = `${"é".repeat(1_000_000)}|${"a".repeat(1_500_000)}|end`;
    const session = await sandbox.createSession({ context: text, host: recordingHost() });
    try {
      expect(
        (await cell(session, "[context.length, context.indexOf('|'), context.slice(-4)]")).output,
      ).toBe("[ 2500005, 1000000, '|end' ]");
    } finally {
      await session.close();
    }
    const list = ["x".repeat(700_000), "ü".repeat(700_000), ""];
    const listSession = await sandbox.createSession({ context: list, host: recordingHost() });
    try {
      expect(
        (await cell(listSession, "context.map((s) => s.length + ':' + s.slice(0, 1))")).output,
      ).toBe("[ '700000:x', '700000:ü', '0:' ]");
    } finally {
      await listSession.close();
      await sandbox.close();
    }
  });

  it("a large context over the limit is refused", async () => {
    const sandbox = denoSandbox({ warmSessions: 0, maxContextBytes: 1024 * 1024 });
    await expect(
      sandbox.createSession({ context: "x".repeat(2_000_000), host: recordingHost() }),
    ).rejects.toThrow(/Split it into a list of strings/);
    await sandbox.close();
  });
});
