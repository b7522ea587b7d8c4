import {
  type AnthropicServer,
  type OpenAIServer,
  startAnthropicServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installProject } from "./support/pack-and-install.js";
import { highestInRange, lowestInRange, peerRange } from "./support/range-bounds.js";
import { typeCheck } from "./support/type-check.js";

const PEER = "@ai-sdk/provider";
const RANGE = peerRange("ai-sdk", PEER);

/**
 * Wraps @ai-sdk/openai and @ai-sdk/anthropic models pointed at the local servers, asks each
 * once and makes each fail once with a 429, and prints what came back.
 */
const CALL_BOTH = `
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { fromAISDK } from "@rlm/ai-sdk";
import { ProviderError } from "@rlm/core";

const env = process.env;
const models = {
  openai: fromAISDK(createOpenAI({ baseURL: env.OPENAI_URL, apiKey: "k" })("gpt-4.1-mini")),
  anthropic: fromAISDK(createAnthropic({ baseURL: env.ANTHROPIC_URL + "/v1", apiKey: "k" })("claude-haiku-4-5")),
};
const printed = {};
for (const [name, model] of Object.entries(models)) {
  const result = await model.generate({ messages: [{ role: "user", content: "Say hi." }] });
  let failure;
  try {
    await model.generate({ messages: [{ role: "user", content: "Say hi." }] });
  } catch (error) {
    failure = ProviderError.isInstance(error)
      ? { kind: error.kind, retryAfterMs: error.retryAfterMs }
      : String(error);
  }
  printed[name] = { text: result.text, priced: result.costUsd > 0, failure };
}
console.log(JSON.stringify(printed));
`;

/** A user's program, for `tsc --strict`: the SDK's model must fit `fromAISDK`. */
const TYPED_PROGRAM = `
import { createOpenAI } from "@ai-sdk/openai";
import { fromAISDK } from "@rlm/ai-sdk";
import { createRLM, type LanguageModel } from "@rlm/core";
import { vmSandbox } from "@rlm/core/testing";

const model: LanguageModel = fromAISDK(createOpenAI({ apiKey: "k" })("gpt-4.1-mini"), {
  providerOptions: { openai: { reasoningEffort: "low" } },
});
export const rlm = createRLM({ model, sandbox: vmSandbox() });
`;

let servers: { openai: OpenAIServer; anthropic: AnthropicServer };
beforeAll(async () => {
  servers = { openai: await startOpenAIServer(), anthropic: await startAnthropicServer() };
});
afterAll(async () => {
  await Promise.all(Object.values(servers ?? {}).map((server) => server.close()));
});

it("takes @ai-sdk/provider as a caret peer range, so the user's copy is the one used", () => {
  expect(RANGE).toMatch(/^\^4\.\d+\.\d+$/);
});

describe.each([
  {
    bound: "lowest",
    manager: "pnpm" as const,
    // The first 4.x of each: @ai-sdk/openai 4.0.0 and @ai-sdk/anthropic 4.0.0 were built on 4.0.0.
    pick: async (_name: string) => lowestInRange(RANGE),
  },
  {
    bound: "highest",
    manager: "npm" as const,
    pick: (name: string) => highestInRange(name, RANGE),
  },
])("@rlm/ai-sdk with the $bound 4.x AI SDK ($manager)", ({ manager, pick }) => {
  let project: InstalledProject;
  beforeAll(async () => {
    const names = [PEER, "@ai-sdk/openai", "@ai-sdk/anthropic"];
    const versions = await Promise.all(names.map(async (name) => [name, await pick(name)]));
    project = await installProject({
      manager,
      packages: ["@rlm/core", "@rlm/ai-sdk"],
      dependencies: { ...Object.fromEntries(versions), zod: "^4.1.8" },
    });
  });

  it("answers through both SDKs, priced, and maps a 429 to a rate limit", async () => {
    servers.openai.reply(
      { kind: "text", text: "hi from openai" },
      { kind: "error", status: 429, headers: { "retry-after": "2" } },
    );
    servers.anthropic.reply(
      { kind: "text", text: "hi from anthropic" },
      { kind: "error", status: 429, headers: { "retry-after": "2" } },
    );
    const result = await project.runScript(CALL_BOTH, {
      env: { OPENAI_URL: servers.openai.baseURL, ANTHROPIC_URL: servers.anthropic.baseURL },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const failure = { kind: "rate-limit", retryAfterMs: 2000 };
    expect(JSON.parse(result.stdout)).toEqual({
      openai: { text: "hi from openai", priced: true, failure },
      anthropic: { text: "hi from anthropic", priced: true, failure },
    });
  });

  it("type-checks a program wrapping an @ai-sdk/openai model under tsc --strict", async () => {
    // The AI SDK's own declarations need @types/node and @types/json-schema, which its users
    // have; what matters here is that the user's model fits `fromAISDK`'s parameter.
    const result = await typeCheck(project, TYPED_PROGRAM, { skipLibCheck: true });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});
