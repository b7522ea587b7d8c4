import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import {
  type AnthropicServer,
  type OpenAIServer,
  startAnthropicServer,
  startOpenAIServer,
} from "@rlm/provider-test-servers";
import { afterEach, beforeEach } from "vitest";

export interface LocalServers {
  readonly openai: OpenAIServer;
  readonly anthropic: AnthropicServer;
  /** `@ai-sdk/openai` pointed at the OpenAI server. */
  openaiProvider(): ReturnType<typeof createOpenAI>;
  /** `@ai-sdk/anthropic` pointed at the Anthropic server. */
  anthropicProvider(): ReturnType<typeof createAnthropic>;
}

/** Local OpenAI and Anthropic wire-format servers, fresh for each test of the file. */
export function useLocalServers(): LocalServers {
  let openai: OpenAIServer | undefined;
  let anthropic: AnthropicServer | undefined;
  beforeEach(async () => {
    [openai, anthropic] = await Promise.all([startOpenAIServer(), startAnthropicServer()]);
  });
  afterEach(async () => {
    await Promise.all([openai?.close(), anthropic?.close()]);
  });
  const started = <Server>(server: Server | undefined): Server => {
    if (!server) throw new Error("The local servers start before each test.");
    return server;
  };
  return {
    get openai() {
      return started(openai);
    },
    get anthropic() {
      return started(anthropic);
    },
    openaiProvider: () => createOpenAI({ baseURL: started(openai).baseURL, apiKey: "sk-test" }),
    anthropicProvider: () =>
      createAnthropic({ baseURL: `${started(anthropic).baseURL}/v1`, apiKey: "sk-ant-test" }),
  };
}
