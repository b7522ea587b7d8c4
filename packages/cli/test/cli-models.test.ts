import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type AnthropicServer,
  type GoogleServer,
  type OpenAIServer,
  type RecordedRequest,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli-error.js";
import { main } from "../src/main.js";
import { captureIo } from "./capture-io.js";

/**
 * Every combination of environment and flags the README's "Which model answers" table
 * documents, run end to end against the providers' local wire-format servers: which server
 * each tier reached, with which model and which credential (Anthropic's SDK sends its key as a
 * bearer token too).
 */
type ServerName = "openai" | "anthropic" | "google";
interface Call {
  server: ServerName;
  /** The request path without the host, e.g. /v1/responses. */
  path: string;
  model: string;
  /** The credential header the provider sends, undefined when none was sent. */
  credential: string | undefined;
}

// The root delegates to one llm_query, so both tiers make exactly one request each.
const ROOT_REPLY = '```repl\nFINAL(await llm_query("say hi"))\n```';
const SUB_REPLY = "hi from the sub-model";
const respond = (request: RecordedRequest) => ({
  kind: "text" as const,
  text: request.body.includes("say hi") ? SUB_REPLY : ROOT_REPLY,
});

let openai: OpenAIServer;
let anthropic: AnthropicServer;
let google: GoogleServer;
let contextFile: string;
beforeAll(async () => {
  [openai, anthropic, google] = await Promise.all([
    startOpenAIServer({ respond }),
    startAnthropicServer({ respond }),
    startGoogleServer({ respond }),
  ]);
  contextFile = join(mkdtempSync(join(tmpdir(), "rlm-cli-models-")), "context.txt");
  writeFileSync(contextFile, "A short context.");
});
afterAll(async () => {
  rmSync(dirname(contextFile), { recursive: true, force: true });
  await Promise.all([openai.close(), anthropic.close(), google.close()]);
});

/** What reached the servers, per tier: the sub-model is the one asked to "say hi". */
function calls(): { root?: Call; sub?: Call; count: number } {
  const all = (
    [
      ["openai", openai.requests],
      ["anthropic", anthropic.requests],
      ["google", google.requests],
    ] as const
  ).flatMap(([server, requests]) =>
    requests.map((request) => {
      const path = request.url.split("?")[0] ?? "";
      const json = request.json as { model?: string };
      const credential = request.headers["x-goog-api-key"] ?? request.headers.authorization;
      return {
        tier: request.body.includes("say hi") ? "sub" : "root",
        call: {
          server,
          path,
          model: json.model ?? /models\/([^:]+):/.exec(path)?.[1] ?? "",
          credential: credential as string | undefined,
        },
      };
    }),
  );
  return {
    root: all.find((entry) => entry.tier === "root")?.call,
    sub: all.find((entry) => entry.tier === "sub")?.call,
    count: all.length,
  };
}

function clearRequests(): void {
  for (const server of [openai, anthropic, google]) server.requests.length = 0;
}

async function runWith(env: Record<string, string>, flags: string[]) {
  clearRequests();
  const io = captureIo({ env });
  const code = await main(["run", "--context", contextFile, "--query", "q", ...flags], io);
  return { code, out: io.out(), err: io.err(), calls: calls() };
}

describe("which model answers", () => {
  const gateway = () => openai.baseURL;
  const rows: {
    name: string;
    env: () => Record<string, string>;
    flags?: () => string[];
    root: Call;
    sub: Call;
  }[] = [
    {
      name: "OPENAI_API_KEY: gpt-5 and gpt-5-mini (OPENAI_BASE_URL as the gateway)",
      env: () => ({ OPENAI_API_KEY: "sk-openai", OPENAI_BASE_URL: gateway() }),
      root: call("openai", "/v1/responses", "gpt-5", "Bearer sk-openai"),
      sub: call("openai", "/v1/responses", "gpt-5-mini", "Bearer sk-openai"),
    },
    {
      name: "OPENAI_API_KEY + OPENAI_BASE_URL + RLM_MODEL: RLM_MODEL on the gateway, with the key",
      env: () => ({
        OPENAI_API_KEY: "sk-gateway",
        OPENAI_BASE_URL: gateway(),
        RLM_MODEL: "llama-3.3-70b",
      }),
      root: call("openai", "/v1/chat/completions", "llama-3.3-70b", "Bearer sk-gateway"),
      sub: call("openai", "/v1/chat/completions", "llama-3.3-70b", "Bearer sk-gateway"),
    },
    {
      name: "OPENAI_BASE_URL + RLM_MODEL, no key: a local server, no credential sent",
      env: () => ({ OPENAI_BASE_URL: gateway(), RLM_MODEL: "qwen2.5:7b" }),
      root: call("openai", "/v1/chat/completions", "qwen2.5:7b", undefined),
      sub: call("openai", "/v1/chat/completions", "qwen2.5:7b", undefined),
    },
    {
      name: "RLM_MODEL as a full spec",
      env: () => ({
        OPENAI_API_KEY: "sk-openai",
        OPENAI_BASE_URL: gateway(),
        RLM_MODEL: "openai:gpt-4.1",
      }),
      root: call("openai", "/v1/responses", "gpt-4.1", "Bearer sk-openai"),
      sub: call("openai", "/v1/responses", "gpt-4.1", "Bearer sk-openai"),
    },
    {
      name: "ANTHROPIC_API_KEY: Claude Sonnet and Haiku (ANTHROPIC_BASE_URL honoured)",
      env: () => ({ ANTHROPIC_API_KEY: "sk-ant", ANTHROPIC_BASE_URL: anthropic.baseURL }),
      root: call("anthropic", "/v1/messages", "claude-sonnet-4-6", "Bearer sk-ant"),
      sub: call("anthropic", "/v1/messages", "claude-haiku-4-5", "Bearer sk-ant"),
    },
    {
      name: "ANTHROPIC_API_KEY + RLM_MODEL: the bare name on Anthropic",
      env: () => ({
        ANTHROPIC_API_KEY: "sk-ant",
        ANTHROPIC_BASE_URL: anthropic.baseURL,
        RLM_MODEL: "claude-opus-4-1",
      }),
      root: call("anthropic", "/v1/messages", "claude-opus-4-1", "Bearer sk-ant"),
      sub: call("anthropic", "/v1/messages", "claude-opus-4-1", "Bearer sk-ant"),
    },
    {
      name: "GEMINI_API_KEY: Gemini Pro and Flash (GOOGLE_GEMINI_BASE_URL honoured)",
      env: () => ({ GEMINI_API_KEY: "g-key", GOOGLE_GEMINI_BASE_URL: google.baseURL }),
      root: call("google", "generateContent", "gemini-2.5-pro", "g-key"),
      sub: call("google", "generateContent", "gemini-2.5-flash", "g-key"),
    },
    {
      name: "--model wins over RLM_MODEL and serves both tiers",
      env: () => ({
        ANTHROPIC_API_KEY: "sk-ant",
        ANTHROPIC_BASE_URL: anthropic.baseURL,
        RLM_MODEL: "claude-opus-4-1",
      }),
      flags: () => ["--model", "anthropic:claude-haiku-4-5"],
      root: call("anthropic", "/v1/messages", "claude-haiku-4-5", "Bearer sk-ant"),
      sub: call("anthropic", "/v1/messages", "claude-haiku-4-5", "Bearer sk-ant"),
    },
    {
      name: "--model and --sub-model on two providers",
      env: () => ({
        ANTHROPIC_API_KEY: "sk-ant",
        ANTHROPIC_BASE_URL: anthropic.baseURL,
        OPENAI_API_KEY: "sk-openai",
        OPENAI_BASE_URL: gateway(),
      }),
      flags: () => ["--model", "anthropic:claude-sonnet-4-6", "--sub-model", "openai:gpt-5-nano"],
      root: call("anthropic", "/v1/messages", "claude-sonnet-4-6", "Bearer sk-ant"),
      sub: call("openai", "/v1/responses", "gpt-5-nano", "Bearer sk-openai"),
    },
    {
      name: "openai-compatible:<model>@OPENAI_BASE_URL sends OPENAI_API_KEY",
      env: () => ({ OPENAI_API_KEY: "sk-gateway", OPENAI_BASE_URL: gateway() }),
      flags: () => ["--model", `openai-compatible:local@${gateway()}`],
      root: call("openai", "/v1/chat/completions", "local", "Bearer sk-gateway"),
      sub: call("openai", "/v1/chat/completions", "local", "Bearer sk-gateway"),
    },
    {
      name: "openai-compatible:<model>@<another server> never gets OPENAI_API_KEY",
      env: () => ({ OPENAI_API_KEY: "sk-openai" }),
      flags: () => ["--model", `openai-compatible:local@${gateway()}`],
      root: call("openai", "/v1/chat/completions", "local", undefined),
      sub: call("openai", "/v1/chat/completions", "local", undefined),
    },
  ];

  for (const row of rows) {
    it(row.name, async () => {
      const { code, out, err, calls } = await runWith(row.env(), row.flags?.() ?? []);
      expect({ code, err: code === EXIT.ok ? "" : err }).toEqual({ code: EXIT.ok, err: "" });
      expect(out.trim()).toBe(SUB_REPLY);
      expect(err).not.toContain("SIMULATED");
      const { root, sub, count } = calls;
      expect(count).toBe(2);
      expect({ ...root!, path: matchPath(root!.path, row.root.path) }).toEqual(row.root);
      expect({ ...sub!, path: matchPath(sub!.path, row.sub.path) }).toEqual(row.sub);
    });
  }

  const missing: [string, Record<string, string>, string[], string][] = [
    ["openai: without OPENAI_API_KEY", {}, ["--model", "openai:gpt-5"], "OPENAI_API_KEY"],
    [
      "anthropic: without ANTHROPIC_API_KEY",
      { OPENAI_API_KEY: "sk-openai" },
      ["--model", "anthropic:claude-sonnet-4-6"],
      "ANTHROPIC_API_KEY",
    ],
    [
      "google: without GEMINI_API_KEY",
      {},
      ["--sub-model", "google:gemini-2.5-flash"],
      "GEMINI_API_KEY (or GOOGLE_API_KEY)",
    ],
    [
      "RLM_MODEL=openai:... without OPENAI_API_KEY",
      { RLM_MODEL: "openai:gpt-5" },
      [],
      "OPENAI_API_KEY",
    ],
  ];
  for (const [name, env, flags, variable] of missing) {
    it(`exits 2 with one line naming the variable: ${name}`, async () => {
      // A context file that does not exist: the key is checked before the input is read.
      clearRequests();
      const io = captureIo({ env });
      const code = await main(["run", "--context", "missing.txt", "--query", "q", ...flags], io);
      expect(code).toBe(EXIT.usage);
      expect(io.err()).toMatch(
        new RegExp(
          `^rlm: [a-z-]+:[\\w.-]+ needs ${escapeParens(variable)}, which is not set\\.\\n$`,
        ),
      );
      expect(calls().count).toBe(0);
    });
  }

  it("a provider's refusal fails the run: exit 1, one line naming the error", async () => {
    clearRequests();
    openai.reply({ kind: "error", status: 401 });
    const io = captureIo({ env: { OPENAI_API_KEY: "sk-revoked", OPENAI_BASE_URL: gateway() } });
    const code = await main(["run", "--context", contextFile, "--query", "q"], io);
    expect(code).toBe(EXIT.runFailed);
    const failures = io
      .err()
      .split("\n")
      .filter((line) => line.startsWith("rlm: "));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^rlm: ProviderError: /);
    expect(io.err()).not.toContain("sk-revoked");
  });

  it("a bare RLM_MODEL with nothing to name its provider is a usage error", async () => {
    const io = captureIo({ env: { RLM_MODEL: "llama3" } });
    expect(await main(["run", "--context", contextFile, "--query", "q"], io)).toBe(EXIT.usage);
    expect(io.err()).toMatch(
      /^rlm: Unknown model "llama3"\. .*needs OPENAI_BASE_URL or an API key/,
    );
  });
});

function call(server: ServerName, path: string, model: string, credential: string | undefined) {
  return { server, path, model, credential };
}

/** Google's path names the model; the row gives the method it must end with. */
function matchPath(actual: string, expected: string): string {
  return actual.endsWith(expected) ? expected : actual;
}

function escapeParens(text: string): string {
  return text.replace(/[()]/g, "\\$&");
}
