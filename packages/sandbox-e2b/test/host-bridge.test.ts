import { type ContentPart, type HostBridge, StructuredOutputError } from "@rlm/core";
import { describe, expect, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { MAX_STDIN_WRITE_BYTES } from "../src/remote-stdio.js";
import { localE2B, upperCaseHost, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

describe("e2bSandbox's bridge to the host", () => {
  it("carries typed calls, image parts, tools and budget() from the remote REPL", async () => {
    const seen: { kind: string; request: unknown }[] = [];
    const base = upperCaseHost();
    const host: HostBridge = {
      ...base,
      async llmQuery(request) {
        seen.push({ kind: "llm", request: { prompt: request.prompt, schema: request.schema } });
        return request.schema ? { count: 3 } : "a cat";
      },
      async tool(request) {
        seen.push({ kind: "tool", request: { name: request.name, args: request.args } });
        return { found: [1, 2] };
      },
      budget(request) {
        seen.push({ kind: "budget", request });
        const snapshot = base.budget(request);
        return { ...snapshot, depth: { used: 0, limit: 2, remaining: 2 } };
      },
    };
    const session = await e2bSandbox(localE2B(server())).createSession({
      context: "ctx",
      host,
      toolNames: ["lookup"],
    });
    try {
      const result = await session.execute(
        [
          'const typed = await llm_query("how many?", { schema: { type: "object" } })',
          'const seenImage = await llm_query(["what is this?", { type: "image", data: new Uint8Array([137, 80, 78, 71]), mediaType: "image/png" }])',
          "const found = await lookup({ q: 'x' })",
          "const left = await budget()",
          "print(JSON.stringify([typed, seenImage, found, left.depth]))",
        ].join("\n"),
        { cellId: "c1" },
      );
      expect(result.error).toBeUndefined();
      expect(JSON.parse(result.output)).toEqual([
        { count: 3 },
        "a cat",
        { found: [1, 2] },
        { used: 0, limit: 2, remaining: 2 },
      ]);
      expect(seen.map(({ kind }) => kind)).toEqual(["llm", "llm", "tool", "budget"]);
      expect(seen[0]?.request).toEqual({ prompt: "how many?", schema: { type: "object" } });
      const imagePrompt: ContentPart[] = [
        { type: "text", text: "what is this?" },
        { type: "image", data: new Uint8Array([137, 80, 78, 71]), mediaType: "image/png" },
      ];
      expect(seen[1]?.request).toEqual({ prompt: imagePrompt, schema: undefined });
      expect(seen[2]?.request).toEqual({ name: "lookup", args: { q: "x" } });
      expect(seen[3]?.request).toEqual({ cellId: "c1" });
    } finally {
      await session.close();
    }
  });

  it("gives the remote REPL a host error with its class name", async () => {
    const host: HostBridge = {
      ...upperCaseHost(),
      async llmQuery() {
        throw new StructuredOutputError({
          call: "llm_query",
          attempts: 3,
          errors: ["$.price: expected a number"],
          lastReply: "{}",
        });
      },
    };
    const session = await e2bSandbox(localE2B(server())).createSession({ context: "ctx", host });
    try {
      const result = await session.execute(
        [
          "let failure = 'none'",
          "try { await llm_query('price?', { schema: { type: 'object' } }) } catch (e) { failure = e.name + ': ' + e.message }",
          "print(failure)",
        ].join("\n"),
        { cellId: "c1" },
      );
      expect(result.error).toBeUndefined();
      expect(result.output).toBe(
        "StructuredOutputError: llm_query: the reply did not match the schema after 3 attempts: $.price: expected a number",
      );
    } finally {
      await session.close();
    }
  });
});

describe("e2bSandbox's stdin writes", () => {
  it("sends a frame larger than one write in pieces, in order", async () => {
    const session = await e2bSandbox(localE2B(server())).createSession({
      context: "ctx",
      host: upperCaseHost(),
    });
    try {
      const big = Array.from({ length: 300_000 }, (_, index) => index % 10).join("");
      const writes = server().stdinWrites.length;
      await session.setVariable("query", `${big}|${big}|${big}`);
      const pieces = server().stdinWrites.slice(writes);
      expect(Math.max(...pieces)).toBe(MAX_STDIN_WRITE_BYTES);
      const seen = await session.execute(
        "[query.length, query.split('|').every((part) => part === query.slice(0, 300000))]",
        { cellId: "c1" },
      );
      expect(seen.output).toBe("[ 900002, true ]");
    } finally {
      await session.close();
    }
  });
});
