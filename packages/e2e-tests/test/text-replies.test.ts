import { anthropic } from "@rlm/anthropic";
import type { LanguageModel } from "@rlm/core";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import {
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The servers' `respond` hook with `text` replies is what benchmarks and reliability suites
 * script whole runs with, so each wire form it builds is read here by the real SDK.
 */
const servers = {
  openai: await startOpenAIServer({
    respond: (request) => ({ kind: "text", text: echo(request.json) }),
  }),
  anthropic: await startAnthropicServer({
    respond: (request) => ({ kind: "text", text: echo(request.json), inputTokens: 42 }),
  }),
  google: await startGoogleServer({
    respond: (request) => ({ kind: "text", text: echo(request.json), outputTokens: 7 }),
  }),
};
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

/** The reply names the last words of the prompt, so a mixed-up reply cannot pass. */
function echo(body: unknown): string {
  const words = JSON.stringify(body).match(/question-\d+/g) ?? [];
  return `answer to ${words.at(-1) ?? "nothing"} in three parts`;
}

const models: Record<string, (stream: boolean) => LanguageModel> = {
  "openai responses": (stream) =>
    openai("gpt-5-mini", { baseURL: servers.openai.baseURL, apiKey: "k", stream }),
  "openai chat": (stream) =>
    openai("gpt-5-mini", { baseURL: servers.openai.baseURL, apiKey: "k", api: "chat", stream }),
  anthropic: (stream) =>
    anthropic("claude-sonnet-4-6", { baseURL: servers.anthropic.baseURL, apiKey: "k", stream }),
  google: (stream) =>
    google("gemini-2.5-flash", { baseURL: servers.google.baseURL, apiKey: "k", stream }),
};

describe.each(Object.entries(models))("text replies through %s", (_name, model) => {
  it.each([false, true])(
    "stream %s: text, finish reason and usage arrive whole",
    async (stream) => {
      const question = `question-${Math.floor(Math.random() * 1e6)}`;
      const result = await model(stream).generate({
        messages: [{ role: "user", content: `Please answer ${question}.` }],
        maxOutputTokens: 100,
      });
      expect(result.text).toBe(`answer to ${question} in three parts`);
      expect(result.finishReason).toBe("stop");
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
    },
  );
});

it("reports the usage a text reply sets", async () => {
  const anthropicResult = await models.anthropic?.(true).generate({
    messages: [{ role: "user", content: "question-1" }],
  });
  const googleResult = await models.google?.(false).generate({
    messages: [{ role: "user", content: "question-2" }],
  });
  expect(anthropicResult?.usage.inputTokens).toBe(42);
  expect(googleResult?.usage.outputTokens).toBe(7);
});
