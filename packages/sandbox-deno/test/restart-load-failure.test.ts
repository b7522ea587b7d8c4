import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cell, openSession } from "./helpers.js";

const HEAP_BOMB = "const hoard = []; for (;;) hoard.push(new Array(1e5).fill(Math.random()))";

/** The context file (of this session's process, live or dead) that holds `marker`. */
function contextFileHolding(marker: string): string | undefined {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("rlm-deno-")) continue;
    const path = join(tmpdir(), name, "context.data");
    try {
      if (readFileSync(path, "utf8").includes(marker)) return path;
    } catch {
      // Another session's directory, or one being removed.
    }
  }
  return undefined;
}

describe("a restart whose process cannot load the context", () => {
  it("keeps the context for the next restart", async () => {
    const marker = randomUUID();
    const context = { marker };
    const { sandbox, session } = await openSession({ context, sandbox: { heapMb: 64 } });
    try {
      expect((await cell(session, HEAP_BOMB, 20_000)).stateReset).toBe(true);
      // The next process cannot read what the dead one left: its load fails.
      const left = contextFileHolding(marker);
      expect(left).toBeDefined();
      writeFileSync(left as string, `{ not JSON ${marker}`);
      await expect(cell(session, "context.marker")).rejects.toThrow(/could not load the context/);

      // The context is still the session's: once it reads again, the next cell runs.
      const kept = contextFileHolding(marker);
      expect(kept).toBeDefined();
      writeFileSync(kept as string, JSON.stringify(context));
      const result = await cell(session, "context.marker");
      expect(result.error).toBeUndefined();
      expect(result.output.endsWith(`\n'${marker}'`)).toBe(true);
      expect(result.output).toContain("restarted before this cell because it could not load");
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);
});
