import { describe, expect, it } from "vitest";
import { cell, openSession } from "./helpers.js";

const JS_HINT = "FINAL values must be JSON; encode bytes as base64 first (bytes.toBase64())";
const PY_HINT =
  "FINAL values must be JSON; encode bytes as base64 first (base64.b64encode(data).decode())";

describe.each([
  {
    language: "javascript" as const,
    refused: [
      [
        'FINAL({ name: "pixel", data: new Uint8Array([137, 80]) })',
        `${JS_HINT}: a Uint8Array at the key "data".`,
      ],
      ["FINAL([1, new Uint8Array(2).buffer])", `${JS_HINT}: an ArrayBuffer at index 1.`],
      ["FINAL({ rows: [{ view: new DataView(new ArrayBuffer(2)) }] })", "a DataView at the key"],
      ["FINAL(context[0])", `${JS_HINT}: the value is a Uint8Array.`],
      ['var bytes = { data: context[0] }; FINAL_VAR("bytes")', "a Uint8Array at the key"],
    ],
    encoded: 'FINAL({ name: "pixel", data: new Uint8Array([137, 80]).toBase64() })',
  },
  {
    language: "python" as const,
    refused: [
      ['FINAL({"name": "pixel", "data": bytes([137, 80])})', `${PY_HINT}: found bytes.`],
      ["FINAL([1, bytearray(2)])", `${PY_HINT}: found bytearray.`],
      ["FINAL(context[0])", `${PY_HINT}: found bytes.`],
      ['data = {"data": memoryview(b"ab")}\nFINAL_VAR("data")', `${PY_HINT}: found memoryview.`],
    ],
    encoded:
      'import base64\nFINAL({"name": "pixel", "data": base64.b64encode(bytes([137, 80])).decode()})',
  },
])("FINAL with binary values in $language", ({ language, refused, encoded }) => {
  it("refuses bytes anywhere in the value, saying to encode them, and takes them as base64", async () => {
    const { sandbox, session } = await openSession({
      sandbox: { language },
      context: [new Uint8Array([137, 80, 78, 71])],
    });
    try {
      for (const [code, message] of refused as [string, string][]) {
        const result = await cell(session, code);
        expect(result.final, code).toBeUndefined();
        expect(result.error, code).toContain(message);
      }
      const result = await cell(session, encoded);
      expect(result.error).toBeUndefined();
      expect(result.final).toEqual({ value: { name: "pixel", data: "iVA=" } });
    } finally {
      await session.close();
      await sandbox.close();
    }
  }, 120_000);
});

describe.each([
  {
    language: "javascript" as const,
    hint: JS_HINT,
    code: "var data = { pixel: new Uint8Array([137, 80]) }",
  },
  { language: "python" as const, hint: PY_HINT, code: 'data = {"pixel": bytes([137, 80])}' },
])(
  "a variable read as the answer (FINAL_VAR in the reply) in $language",
  ({ language, hint, code }) => {
    it("is refused when it holds bytes, as FINAL refuses them", async () => {
      const { sandbox, session } = await openSession({
        sandbox: { language },
        context: [new Uint8Array([137, 80, 78, 71])],
      });
      try {
        expect((await cell(session, code)).error).toBeUndefined();
        await expect(session.readVariable("data")).rejects.toThrow(hint);
        await expect(session.readVariable("context")).rejects.toThrow(hint);
        expect(
          (await cell(session, language === "python" ? "ok = [1]" : "var ok = [1]")).error,
        ).toBeUndefined();
        expect(await session.readVariable("ok")).toBe("[1]");
      } finally {
        await session.close();
        await sandbox.close();
      }
    }, 120_000);
  },
);
