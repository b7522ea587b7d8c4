import { anthropic } from "@rlm/anthropic";
import { createRLM, type LanguageModel } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { google } from "@rlm/google";
import { openai } from "@rlm/openai";
import {
  type RecordingServer,
  SAMPLE_PNG,
  type StructuredReply,
  startAnthropicServer,
  startGoogleServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, describe, expect, it } from "vitest";

const schema = {
  type: "object",
  properties: { total: { type: "number" }, currency: { type: "string" } },
  required: ["total", "currency"],
  additionalProperties: false,
};

/**
 * The root's one turn: a typed sub-call whose prompt is text and the context's image, then
 * an answer built from the object's fields.
 */
const rootTurn = [
  "```repl",
  `const receipt = await llm_query(["What does the receipt total?", { type: "image", data: context }], { schema: ${JSON.stringify(schema)} })`,
  "FINAL(receipt.total.toFixed(2) + ' ' + receipt.currency)",
  "```",
].join("\n");

interface ProviderCase {
  name: string;
  start(): Promise<RecordingServer & { baseURL: string; reply(reply: StructuredReply): void }>;
  model(baseURL: string): LanguageModel;
  /** The model's key in the run's usage report. */
  usageKey: string;
  /** Image tokens the provider reports apart (only Gemini does: 258 for a small image). */
  imageInputTokens: number | undefined;
  /** Where the provider's wire format carries the schema. */
  sentSchema(body: Record<string, unknown>): unknown;
}

const cases: ProviderCase[] = [
  {
    name: "openai (Responses text.format)",
    start: startOpenAIServer,
    model: (baseURL) => openai("gpt-4.1-mini", { baseURL, apiKey: "o" }),
    usageKey: "openai:gpt-4.1-mini",
    imageInputTokens: undefined,
    sentSchema: (body) => (body.text as { format?: { schema?: unknown } }).format?.schema,
  },
  {
    name: "anthropic (output_config.format)",
    start: startAnthropicServer,
    model: (baseURL) => anthropic("claude-sonnet-4-6", { baseURL, apiKey: "a" }),
    usageKey: "anthropic:claude-sonnet-4-6",
    imageInputTokens: undefined,
    sentSchema: (body) => (body.output_config as { format?: { schema?: unknown } }).format?.schema,
  },
  {
    name: "google (responseJsonSchema)",
    start: startGoogleServer,
    model: (baseURL) => google("gemini-2.5-flash", { baseURL, apiKey: "g" }),
    usageKey: "gcp.gemini:gemini-2.5-flash",
    imageInputTokens: 258,
    sentSchema: (body) =>
      (body.generationConfig as { responseJsonSchema?: unknown }).responseJsonSchema,
  },
];

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a typed llm_query with an image, answered by a real provider model", () => {
  for (const providerCase of cases) {
    it(`returns the validated object: ${providerCase.name}`, async () => {
      const started = await providerCase.start();
      server = started;
      started.reply({ kind: "structured", value: { total: 12.5, currency: "EUR" } });
      const rlm = createRLM({
        model: scriptedModel({ replies: [rootTurn] }),
        subModel: providerCase.model(started.baseURL),
        sandbox: vmSandbox(),
      });

      const result = await rlm.complete({ context: SAMPLE_PNG, query: "Total?" });

      expect(result.answer).toBe("12.50 EUR");
      expect(started.requests).toHaveLength(1);
      const body = started.requests[0]?.json as Record<string, unknown>;
      expect(providerCase.sentSchema(body)).toEqual(schema);
      const usage = result.usage.byModel[providerCase.usageKey];
      expect(usage?.calls).toBe(1);
      expect(usage?.imageInputTokens).toBe(providerCase.imageInputTokens);
      // The image reached the API as its own part, its bytes unchanged.
      expect(started.requests[0]?.images).toEqual([{ mediaType: "image/png", data: SAMPLE_PNG }]);
    });
  }
});
