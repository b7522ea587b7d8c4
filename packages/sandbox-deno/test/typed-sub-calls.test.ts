import type { BudgetSnapshot, Context, HostBridge, SandboxSession } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { cell, openSession } from "./helpers.js";

/** A 1x1 PNG. */
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const SCHEMA = {
  type: "object",
  properties: { price: { type: "number" } },
  required: ["price"],
};
const BUDGET: BudgetSnapshot = {
  costUsd: { used: 0.25, limit: 1, remaining: 0.75 },
  tokens: { used: 1200, limit: null, remaining: null },
  subCalls: { used: 3, limit: 10, remaining: 7 },
  timeMs: { used: 500, limit: 60_000, remaining: 59_500 },
  depth: { used: 0, limit: 2, remaining: 2 },
  iterations: { used: 1, limit: 20, remaining: 19 },
};

type Request = { kind: string; prompt?: unknown; schema?: unknown; context?: unknown };

/**
 * A host that records each request as received and answers a typed call with a value:
 * `{ price }` from the prompt's number, or a refusal for the prompt "fail".
 */
function typedHost() {
  const requests: Request[] = [];
  const answer = (prompt: unknown, schema: unknown) => {
    if (prompt === "fail") throw new Error("llm_query: the reply did not match the schema");
    return schema === undefined ? `text(${String(prompt)})` : { price: Number(prompt) };
  };
  const host: HostBridge = {
    async llmQuery({ prompt, schema }) {
      requests.push({ kind: "llm", prompt, schema });
      return answer(typeof prompt === "string" ? prompt : "parts", schema);
    },
    async rlmQuery({ prompt, schema, context }) {
      requests.push({ kind: "rlm", prompt, schema, context });
      return answer(prompt, schema);
    },
    budget() {
      requests.push({ kind: "budget" });
      return BUDGET;
    },
    async tool() {
      return null;
    },
  };
  return { host, requests };
}

const JS = {
  // The value is the realm's own: its constructor is the realm's `Object`.
  typed: `const v = await llm_query("7", { schema: ${JSON.stringify(SCHEMA)} })
    const batch = await llm_query_batched(["1", "fail", "2"], { schema: ${JSON.stringify(SCHEMA)} })
    const r = await rlm_query("3", "sub", { schema: ${JSON.stringify(SCHEMA)} })
    const rb = await rlm_query_batched([{ prompt: "4", context: "c", schema: ${JSON.stringify(SCHEMA)} }, { prompt: "plain" }])
    JSON.stringify([v.constructor === Object, v, batch, r, rb, await llm_query("plain")])`,
  budget: "const b = await budget(); JSON.stringify([b.constructor === Object, b])",
  images: `const parts = ["Compare", { type: "image", data: context[0] }, { type: "text", text: "with" },
      { type: "image", data: "data:image/png;base64,${Buffer.from(PNG).toString("base64")}" }, { type: "image", data: context[0], mediaType: "image/png" }]
    await llm_query(parts)`,
  malformed: [
    ["[5]", "llm_query: part 0 is a number; a part is a string"],
    [
      '[{ type: "image", data: [1, 2] }]',
      "llm_query: part 0 is an image whose data is an array; give a Uint8Array or a data URL string.",
    ],
    [
      '["a", { type: "image", data: "https://example.com/x.png" }]',
      "llm_query: part 1 has string data that is not a data URL",
    ],
    [
      '[{ type: "text", text: 5 }]',
      "llm_query: part 0 is a text part whose text is a number, not a string.",
    ],
    ['[{ type: "video", data: context[0] }]', 'llm_query: part 0 has type "video"'],
    [
      '[{ type: "image", data: context[0], mediaType: 7 }]',
      "llm_query: part 0 has a mediaType that is a number",
    ],
    ['[{ type: "image", data: new Uint16Array(2) }]', "image whose data is a Uint16Array"],
    ["[]", "llm_query: the prompt is an empty list"],
    ["context[0]", "llm_query: the prompt is a Uint8Array; send an image as a part"],
  ],
  malformedCell: (prompt: string) =>
    `let m; try { await llm_query(${prompt}) } catch (e) { m = e.message } m`,
  badSchema:
    'let m; try { await llm_query("p", { schema: "number" }) } catch (e) { m = e.message } m',
};

const PY = {
  typed: `import json
v = llm_query("7", schema=${JSON.stringify(SCHEMA)})
batch = llm_query_batched(["1", "fail", "2"], schema=${JSON.stringify(SCHEMA)})
r = rlm_query("3", "sub", schema=${JSON.stringify(SCHEMA)})
rb = rlm_query_batched([{"prompt": "4", "context": "c", "schema": ${JSON.stringify(SCHEMA)}}, {"prompt": "plain"}])
print(json.dumps([type(v) is dict, v, batch, r, rb, llm_query("plain")], separators=(",", ":")))`,
  budget:
    'import json\nb = budget()\nprint(json.dumps([type(b) is dict, b], separators=(",", ":")))',
  images: `import base64
parts = ["Compare", {"type": "image", "data": context[0]}, {"type": "text", "text": "with"},
    {"type": "image", "data": "data:image/png;base64," + base64.b64encode(context[0]).decode()}, {"type": "image", "data": context[0], "media_type": "image/png"}]
llm_query(parts)`,
  malformed: [
    ["[5]", "llm_query: part 0 is of type int; a part is a str"],
    [
      '[{"type": "image", "data": [1, 2]}]',
      "llm_query: part 0 is an image whose data is of type list; give bytes or a data URL str.",
    ],
    [
      '["a", {"type": "image", "data": "https://example.com/x.png"}]',
      "llm_query: part 1 has str data that is not a data URL",
    ],
    [
      '[{"type": "text", "text": 5}]',
      "llm_query: part 0 is a text part whose text is of type int, not str.",
    ],
    ['[{"type": "video", "data": context[0]}]', "llm_query: part 0 has type 'video'"],
    [
      '[{"type": "image", "data": context[0], "media_type": 7}]',
      "llm_query: part 0 has a media_type of type int",
    ],
    ["[]", "llm_query: the prompt is an empty list"],
    ["context[0]", "llm_query: the prompt is of type bytes; send an image as a part"],
  ],
  malformedCell: (prompt: string) =>
    `try:\n    llm_query(${prompt})\nexcept Exception as e:\n    print(e)`,
  badSchema: 'try:\n    llm_query("p", schema="number")\nexcept Exception as e:\n    print(e)',
};

const CASES = [
  { language: "javascript" as const, code: JS },
  { language: "python" as const, code: PY },
];

/** Runs `body` in a session whose host is a fresh `typedHost()`, then closes both. */
async function withTypedSession(
  options: { language: "javascript" | "python"; context?: Context },
  body: (session: SandboxSession, requests: Request[]) => Promise<void>,
): Promise<void> {
  const { host, requests } = typedHost();
  const { sandbox, session } = await openSession({
    host,
    sandbox: { language: options.language },
    ...(options.context !== undefined ? { context: options.context } : {}),
  });
  try {
    await body(session, requests);
  } finally {
    await session.close();
    await sandbox.close();
  }
}

/** A cell's last expression (JSON text, as the REPL shows a string) or print, parsed. */
const outputJson = (output: string) => JSON.parse(output.trim().replace(/^'|'$/g, ""));

describe.each(CASES)(
  "typed sub-calls, budget() and prompt parts in $language",
  ({ language, code }) => {
    it(
      "a call with a schema returns the host's value; a failed one is an error, in a batch an Error slot",
      () =>
        withTypedSession({ language }, async (session, requests) => {
          const result = await cell(session, code.typed);
          expect(result.error).toBeUndefined();
          expect(outputJson(result.output)).toEqual([
            true,
            { price: 7 },
            [{ price: 1 }, "Error: llm_query: the reply did not match the schema", { price: 2 }],
            { price: 3 },
            [{ price: 4 }, "text(plain)"],
            "text(plain)",
          ]);
          expect(requests.filter((request) => request.schema !== undefined)).toHaveLength(6);
          for (const request of requests) {
            if (request.schema !== undefined) expect(request.schema).toEqual(SCHEMA);
          }
          expect(requests.find((request) => request.kind === "rlm")?.context).toBe("sub");
          const badSchema = await cell(session, code.badSchema);
          expect(badSchema.output).toMatch(
            /llm_query: the schema must be a JSON Schema (object|dict)/,
          );
        }),
      60_000,
    );

    it(
      "budget() returns the host's snapshot as a plain object / dict",
      () =>
        withTypedSession({ language }, async (session, requests) => {
          const result = await cell(session, code.budget);
          expect(result.error).toBeUndefined();
          expect(outputJson(result.output)).toEqual([true, BUDGET]);
          expect(requests).toEqual([{ kind: "budget" }]);
        }),
      60_000,
    );

    it(
      "image parts reach the host as bytes, in order with the text parts",
      () =>
        withTypedSession({ language, context: [PNG] }, async (session, requests) => {
          const result = await cell(session, code.images);
          expect(result.error).toBeUndefined();
          expect(requests).toHaveLength(1);
          const parts = requests[0]?.prompt as { type: string; data?: Uint8Array }[];
          expect(parts.map((part) => part.type)).toEqual([
            "text",
            "image",
            "text",
            "image",
            "image",
          ]);
          expect(parts[0]).toEqual({ type: "text", text: "Compare" });
          expect(parts[2]).toEqual({ type: "text", text: "with" });
          for (const index of [1, 3, 4]) {
            const data = parts[index]?.data;
            expect(data).toBeInstanceOf(Uint8Array);
            expect(Buffer.from(data as Uint8Array).equals(Buffer.from(PNG))).toBe(true);
          }
          // The data URL's and the code's media types are passed on; sniffing bytes is core's.
          expect(parts[3]).toMatchObject({ mediaType: "image/png" });
          expect(parts[4]).toMatchObject({ mediaType: "image/png" });
        }),
      60_000,
    );

    it(
      "malformed parts are refused in the cell, naming the part, and reach no host",
      () =>
        withTypedSession({ language, context: [PNG] }, async (session, requests) => {
          for (const [prompt, message] of code.malformed as [string, string][]) {
            const result = await cell(session, code.malformedCell(prompt));
            expect(result.error).toBeUndefined();
            expect(result.output).toContain(message);
          }
          expect(requests).toEqual([]);
        }),
      60_000,
    );
  },
);

// Python reaches the host module directly: what code that escaped its realm could send.
const DIRECT_CALLS = [
  [
    'llm(None, None, None, \'[{"type":"image","base64":"not base64!"}]\')',
    "The prompt's part 0 is an image whose data is not base64.",
  ],
  ["llm(None, None, None, '[]')", "The prompt's parts must be a non-empty list."],
  [
    'llm(None, None, None, \'[{"type":"image","url":"https://x"}]\')',
    "The prompt's part 0 is refused: An image given as a string must be a base64 data URL",
  ],
  ['llm(None, None, None, \'[{"type":"text"}]\')', "The prompt's part 0 has no text."],
  [
    'llm(None, None, None, \'[{"type":"image","base64":"AAAA","mediaType":7}]\')',
    "has a media type that is not a short string.",
  ],
  ["llm(None, None, None, '{')", "JSON"],
  ["llm(\"p\", None, '[1]')", "The schema must be a JSON Schema object"],
  ["llm(None, None, None, None)", "The prompt must be a string or a list of parts."],
  [
    'rlm("p", None, None, \'{"base64":"not base64!"}\')',
    "The sub-context is bytes that are not base64.",
  ],
  [
    'rlm("p", None, None, \'{"items":[{"base64":"%"}]}\')',
    "Item 0 of the sub-context is bytes that are not base64.",
  ],
  ['rlm("p", None, None, \'{"x": 1}\')', "The sub-context must be bytes or a list of items."],
  [
    'rlm("p", \'[]\', None, \'{"base64": ""}\')',
    "Only an rlm_query call takes a sub-context, and only one.",
  ],
];

it(
  "the host refuses malformed parts, schemas and sub-contexts sent past the REPL's own checks",
  () =>
    withTypedSession({ language: "python" }, async (session, requests) => {
      for (const [call, message] of DIRECT_CALLS) {
        const code = `import _rlm_host\nfrom pyodide.ffi import run_sync\ntry:\n    run_sync(_rlm_host.${call})\nexcept Exception as e:\n    print(e)`;
        expect((await cell(session, code)).output).toContain(message);
      }
      expect(requests).toEqual([]);
    }),
  60_000,
);

it(
  "a data URL whose base64 is wrapped across lines reaches the host as bytes, as core reads it",
  () =>
    withTypedSession({ language: "javascript" }, async (session, requests) => {
      const wrapped = Buffer.from(PNG)
        .toString("base64")
        .replace(/(.{20})/g, "$1\\n");
      const result = await cell(
        session,
        `await llm_query(["What is it?", { type: "image", data: "data:image/png;base64,${wrapped}" }])`,
      );
      expect(result.error).toBeUndefined();
      expect(requests).toHaveLength(1);
      const parts = requests[0]?.prompt as { data?: Uint8Array; mediaType?: string }[];
      expect(parts[1]?.mediaType).toBe("image/png");
      expect(Buffer.from(parts[1]?.data as Uint8Array).equals(Buffer.from(PNG))).toBe(true);
    }),
  60_000,
);

describe.each([
  {
    language: "javascript" as const,
    send: 'await rlm_query("whole", context[0]); await rlm_query_batched([{ prompt: "list", context: [context[0], "text", { a: 1 }] }])',
    refused:
      'let m; try { await rlm_query("p", [new Uint16Array(2)]) } catch (e) { m = e.message } m',
    refusal:
      "rlm_query: item 0 of the sub-context is a Uint16Array; pass binary data as a Uint8Array.",
  },
  {
    language: "python" as const,
    send: 'rlm_query("whole", context[0])\nrlm_query_batched([{"prompt": "list", "context": [context[0], "text", {"a": 1}]}])',
    refused: undefined,
    refusal: undefined,
  },
])("rlm_query's sub-context in $language", ({ language, send, refused, refusal }) => {
  it(
    "holding bytes, alone or in a list, reaches the host as Uint8Arrays",
    () =>
      withTypedSession({ language, context: [PNG] }, async (session, requests) => {
        const result = await cell(session, send);
        expect(result.error).toBeUndefined();
        const [whole, list] = requests.map((request) => request.context);
        expect(whole).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(whole as Uint8Array).equals(Buffer.from(PNG))).toBe(true);
        const [bytes, ...rest] = list as unknown[];
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(bytes as Uint8Array).equals(Buffer.from(PNG))).toBe(true);
        expect(rest).toEqual(["text", { a: 1 }]);
        if (refused !== undefined) {
          expect((await cell(session, refused)).output).toContain(refusal);
          expect(requests).toHaveLength(2);
        }
      }),
    60_000,
  );
});
