import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRLM, SessionClosedError } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { denoSandbox } from "../src/index.js";
import { denoChildPidsSince } from "../src/testing/index.js";
import { denoChildren, waitUntil } from "./helpers.js";

const fence = (code: string) => `\`\`\`repl\n${code}\n\`\`\``;

const CASES = [
  {
    language: "javascript" as const,
    replies: [
      fence(
        "const words = context.split(' ')\nfunction countOf(word) { return words.filter((w) => w === word).length }\nFINAL(String(words.length))",
      ),
      fence("FINAL(String(countOf('b')))"),
      fence("FINAL(query + ': ' + (countOf('a') + context_1.split(' ').length))"),
    ],
  },
  {
    language: "python" as const,
    replies: [
      fence(
        "words = context.split(' ')\ndef count_of(word):\n    return len([w for w in words if w == word])\nFINAL(str(len(words)))",
      ),
      fence("FINAL(str(count_of('b')))"),
      fence("FINAL(query + ': ' + str(count_of('a') + len(context_1.split(' '))))"),
    ],
  },
];

describe.each(CASES)("a session in the $language Deno sandbox", ({ language, replies }) => {
  it("answers three questions; the 2nd and 3rd use what the 1st defined", async () => {
    // Only this test's processes count: another test may still be reaping its own.
    const before = denoChildren();
    const sandbox = denoSandbox({ language, warmSessions: 0 });
    const model = scriptedModel({ replies });
    const session = createRLM({ model, sandbox }).session({ context: "a b a c b b" });
    try {
      const first = await session.complete({ query: "How many words?" });
      const second = await session.complete({ query: "How often is b?" });
      const third = await session.complete({ query: "a plus extra", context: "x y z" });
      expect([first.answer, second.answer, third.answer]).toEqual(["6", "3", "a plus extra: 5"]);
      for (const result of [first, second, third]) expect(result.usage.total.calls).toBe(1);
      expect(session.usage.total.calls).toBe(3);
      // One sandbox process served every question.
      expect(denoChildPidsSince(before)).toHaveLength(1);
    } finally {
      await session.close();
      await sandbox.close();
    }
    await waitUntil(() => denoChildPidsSince(before).length === 0, {
      what: "the session's process to be reaped",
    });
    await expect(session.complete({ query: "after close" })).rejects.toSatisfy(
      SessionClosedError.isInstance,
    );
  }, 180_000);
});

const HOOKS = fileURLToPath(
  new URL("../../../scripts/testing/typescript-source-hooks.mjs", import.meta.url),
);
const SCRIPT = fileURLToPath(new URL("./fixtures/session-then-exit.ts", import.meta.url));

describe("a session never closed", () => {
  it("is reaped when the script's process exits", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "rlm-session-script-"));
    try {
      const result = spawnSync(
        process.execPath,
        ["--import", HOOKS, "--conditions=@rlm/source", SCRIPT],
        { encoding: "utf8", timeout: 120_000, env: { ...process.env, TMPDIR: scratch } },
      );
      expect(result.status, result.stderr).toBe(0);
      const [answers, pidLine] = result.stdout.trim().split("\n");
      expect(answers).toBe("answers: 14 then 15");
      const pids = (pidLine ?? "").replace("sandbox pids: ", "").split(",").map(Number);
      expect(pids).toHaveLength(1);
      // The script exited with its session open; its sandbox process went with it.
      await waitUntil(() => pids.every((pid) => !isAlive(pid)), { what: "the reaping" });
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
