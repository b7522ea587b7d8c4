import { describe, expect, it } from "vitest";
import { cell, denoChildren, openSession, waitUntil } from "./helpers.js";

/** A 1x1 PNG. */
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const BYTES = new Uint8Array([0, 1, 2, 253, 254, 255]);

const CASES = [
  {
    language: "javascript" as const,
    // `ArrayBuffer` is the realm's: the bytes belong to the realm, not to the worker.
    list: "[context.length, ...context.map((item) => item instanceof Uint8Array ? ['bytes', item.length, item.length ? item[0] + '-' + item.at(-1) : '-', item.buffer.constructor === ArrayBuffer].join(' ') : JSON.stringify(item))].join('|')",
    alone:
      "[context instanceof Uint8Array, context.length, Array.from(context).join(',')].join(' ')",
    variables:
      "[context_1 instanceof Uint8Array, context_1.length, context_2[0].length, context_2[1]].join(' ')",
  },
  {
    language: "python" as const,
    list: `'|'.join([str(len(context))] + [f'bytes {len(item)} {f"{item[0]}-{item[-1]}" if item else "-"} true' if isinstance(item, bytes) else __import__('json').dumps(item, separators=(',', ':')) for item in context])`,
    alone:
      'f\'{isinstance(context, bytes) and "true"} {len(context)} {",".join(map(str, context))}\'',
    variables:
      "f'{isinstance(context_1, bytes) and \"true\"} {len(context_1)} {len(context_2[0])} {context_2[1]}'",
  },
];

describe.each(CASES)("binary context in $language", ({ language, list, alone, variables }) => {
  it("a list holding bytes loads them as the REPL's bytes, beside strings and JSON items", async () => {
    const context = [PNG, "text", { a: [1, 2] }, BYTES, new Uint8Array(0)];
    const { sandbox, session } = await openSession({ context, sandbox: { language } });
    try {
      const result = await cell(session, list);
      expect(result.error).toBeUndefined();
      expect(result.output).toContain(
        `5|bytes ${PNG.length} 137-130 true|"text"|{"a":[1,2]}|bytes 6 0-255 true|bytes 0 - true`,
      );
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 60_000);

  it("a Uint8Array alone is the context, and host variables may hold bytes across a restart", async () => {
    const { sandbox, session } = await openSession({ context: BYTES, sandbox: { language } });
    try {
      expect((await cell(session, alone)).output).toContain("true 6 0,1,2,253,254,255");
      await session.setVariable("context_1", PNG);
      await session.setVariable("context_2", [BYTES, "second"]);
      const expected = `true ${PNG.length} 6 second`;
      expect((await cell(session, variables)).output).toContain(expected);

      const [pid] = denoChildren();
      process.kill(pid as number, "SIGKILL");
      await waitUntil(() => !denoChildren().includes(pid as number), { what: "the kill" });
      expect((await cell(session, "1")).stateReset).toBe(true);
      expect((await cell(session, alone)).output).toContain("true 6 0,1,2,253,254,255");
      expect((await cell(session, variables)).output).toContain(expected);
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);
});
