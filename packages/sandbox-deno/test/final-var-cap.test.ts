import { describe, expect, it } from "vitest";
import { cell, openSession } from "./helpers.js";

// Just over the FINAL cap (64 Mi characters): the size the text-tag path let through.
const OVER_CAP = 68_000_000;

describe.each([
  { language: "javascript" as const, define: `var big = "x".repeat(${OVER_CAP}); 0` },
  { language: "python" as const, define: `big = "x" * ${OVER_CAP}\n0` },
])("text-tag FINAL_VAR in $language", ({ language, define }) => {
  it("refuses a variable over the FINAL cap, from the text tag and from code, with one reason", async () => {
    const { sandbox, session } = await openSession({ sandbox: { language } });
    try {
      expect((await cell(session, define, 60_000)).error).toBeUndefined();
      await expect(session.readVariable("big")).rejects.toThrow(
        'The variable "big" could not be read: it has 68,000,000 characters; a FINAL value may have at most 67,108,864.',
      );
      // FINAL from code meets the same cap, worded the same way.
      for (const code of ["FINAL(big)", 'FINAL_VAR("big")']) {
        const result = await cell(session, code, 60_000);
        expect(result.final).toBeUndefined();
        expect(result.error).toMatch(
          /has 68,000,002 characters; a FINAL value may have at most 67,108,864\./,
        );
      }
      await cell(session, language === "python" ? "small = 'ok'" : "var small = 'ok'");
      expect(await session.readVariable("small")).toBe("ok");
      expect(await session.readVariable("missing")).toBeUndefined();
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 180_000);
});
