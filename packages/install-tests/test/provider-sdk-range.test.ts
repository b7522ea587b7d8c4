import { readFileSync } from "node:fs";
import {
  type AnthropicServer,
  type GoogleServer,
  type OpenAIServer,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";
import { highestInRange, lowestInRange } from "./support/range-bounds.js";
import { typeCheck } from "./support/type-check.js";

/** Each provider package and the SDK it wraps, with the range its manifest allows. */
const PROVIDERS = [
  { provider: "@rlm/openai", folder: "openai", sdk: "openai" },
  { provider: "@rlm/anthropic", folder: "anthropic", sdk: "@anthropic-ai/sdk" },
  { provider: "@rlm/google", folder: "google", sdk: "@google/genai" },
].map((entry) => {
  const manifest = JSON.parse(
    readFileSync(new URL(`../../providers/${entry.folder}/package.json`, import.meta.url), "utf8"),
  ) as { dependencies: Record<string, string> };
  const range = manifest.dependencies[entry.sdk] ?? "";
  return { ...entry, range };
});

/**
 * Calls every provider through its installed package (non-streaming and streaming; chat and
 * responses for OpenAI) and prints the answers with the SDK version each provider loaded.
 */
const CALL_EVERY_PROVIDER = `
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { anthropic } from "@rlm/anthropic";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";

/** The version of \`sdk\` that Node resolves from inside \`provider\`. */
function loadedVersion(provider, sdk) {
  let folder = dirname(dirname(createRequire(import.meta.url).resolve(provider)));
  for (; folder !== dirname(folder); folder = dirname(folder)) {
    if (basename(folder) === "node_modules") continue;
    const manifest = join(folder, "node_modules", sdk, "package.json");
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, "utf8")).version;
  }
  return undefined;
}

const env = process.env;
const models = {
  "openai responses": (stream) => openai("gpt-5-mini", { baseURL: env.OPENAI_URL, apiKey: "k", stream }),
  "openai chat": (stream) => openai("gpt-5-mini", { baseURL: env.OPENAI_URL, apiKey: "k", api: "chat", stream }),
  anthropic: (stream) => anthropic("claude-sonnet-4-6", { baseURL: env.ANTHROPIC_URL, apiKey: "k", stream }),
  google: (stream) => google("gemini-2.5-flash", { baseURL: env.GOOGLE_URL, apiKey: "k", stream }),
};
const answers = {};
for (const [name, model] of Object.entries(models)) {
  for (const stream of [false, true]) {
    const result = await model(stream).generate({
      messages: [{ role: "user", content: \`Please answer question-\${name}-\${stream}.\` }],
      maxOutputTokens: 100,
    });
    answers[\`\${name} stream \${stream}\`] = {
      text: result.text,
      finishReason: result.finishReason,
      outputTokens: result.usage.outputTokens,
    };
  }
}
const versions = {
  openai: loadedVersion("@rlm/openai", "openai"),
  anthropic: loadedVersion("@rlm/anthropic", "@anthropic-ai/sdk"),
  google: loadedVersion("@rlm/google", "@google/genai"),
};
console.log(JSON.stringify({ versions, answers }));
`;

/** A user's program over every provider, for `tsc --strict` with the libraries' types checked. */
const TYPED_PROGRAM = `
import { createRLM } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";
import { anthropic } from "@rlm/anthropic";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";

const rlm = createRLM({
  model: anthropic("claude-sonnet-4-6", { baseURL: "http://127.0.0.1:1" }),
  subModel: openai("gpt-5-mini", { baseURL: "http://127.0.0.1:1" }),
  models: { cheap: google("gemini-2.5-flash", { apiKey: "k" }) },
  sandbox: vmSandbox(),
});
export const answer: Promise<string> = rlm.complete({ context: "x", query: "y" }).then((r) => r.answer);
`;

/** The reply names the question the prompt asked, so a mixed-up reply cannot pass. */
function echo(body: unknown): string {
  const questions = JSON.stringify(body).match(/question-[a-z ]+-(true|false)/g) ?? [];
  return `answer to ${questions.at(-1) ?? "nothing"}`;
}

let servers: { openai: OpenAIServer; anthropic: AnthropicServer; google: GoogleServer };
beforeAll(async () => {
  const respond = (request: { json: unknown }) => ({
    kind: "text" as const,
    text: echo(request.json),
  });
  servers = {
    openai: await startOpenAIServer({ respond }),
    anthropic: await startAnthropicServer({ respond }),
    google: await startGoogleServer({ respond }),
  };
});
afterAll(async () => {
  await Promise.all(Object.values(servers ?? {}).map((server) => server.close()));
});

it("every provider SDK is a caret range, so a user's own copy is reused", () => {
  for (const { sdk, range } of PROVIDERS)
    expect({ sdk, range }).toEqual({ sdk, range: expect.stringMatching(/^\^\d/) });
});

describe.each([
  {
    bound: "lowest",
    manager: "pnpm" as const,
    pick: async (_sdk: string, range: string) => lowestInRange(range),
  },
  { bound: "highest", manager: "npm" as const, pick: highestInRange },
])("each provider with the $bound SDK version in its range ($manager)", ({ manager, pick }) => {
  let project: InstalledProject;
  let expected: Record<string, string>;
  beforeAll(async () => {
    const pinned = await Promise.all(
      PROVIDERS.map(async ({ sdk, range }) => [sdk, await pick(sdk, range)] as const),
    );
    expected = Object.fromEntries(pinned);
    project = await installProject({
      manager,
      packages: ["@rlm/core", ...PROVIDERS.map((entry) => entry.provider)],
      // The user's own copy: the provider must use it rather than install a second one.
      dependencies: expected,
    });
  });

  it("answers through the local wire-format servers, streaming or not, with the user's SDK", async () => {
    const result = await project.runScript(CALL_EVERY_PROVIDER, {
      env: {
        OPENAI_URL: servers.openai.baseURL,
        ANTHROPIC_URL: servers.anthropic.baseURL,
        GOOGLE_URL: servers.google.baseURL,
      },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      versions: Record<string, string>;
      answers: Record<string, { text: string; finishReason: string; outputTokens: number }>;
    };
    expect(printed.versions).toEqual({
      openai: expected.openai,
      anthropic: expected["@anthropic-ai/sdk"],
      google: expected["@google/genai"],
    });
    for (const name of ["openai responses", "openai chat", "anthropic", "google"]) {
      for (const stream of [false, true]) {
        expect(printed.answers[`${name} stream ${stream}`]).toEqual({
          text: `answer to question-${name}-${stream}`,
          finishReason: "stop",
          outputTokens: expect.any(Number),
        });
      }
    }
  });

  it("type-checks a program using every provider under tsc --strict", async () => {
    // Our declarations are checked against the SDK version installed, not skipped.
    const result = await typeCheck(project, TYPED_PROGRAM);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
