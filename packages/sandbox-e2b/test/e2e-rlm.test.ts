import { createRLM, messageText } from "@rlm/core";
import { scriptedModel } from "@rlm/core/testing";
import { describe, expect, it } from "vitest";
import { e2bSandbox } from "../src/index.js";
import { localE2B, useLocalE2B } from "./helpers.js";

const server = useLocalE2B();

describe("an RLM run on e2bSandbox", () => {
  it("answers through llm_query calls the remote cell makes over the bridge", async () => {
    const model = scriptedModel({
      replies: [
        "```repl\nconst words = context.split(' ')\nconst loud = await llm_query_batched(words)\nprint(loud.length)\n```",
        "```repl\nFINAL(loud.join('-'))\n```",
      ],
    });
    const prompts: string[] = [];
    const subModel = scriptedModel({
      modelId: "sub",
      respond: (request) => {
        const last = request.messages.at(-1);
        const text = last ? messageText(last) : "";
        prompts.push(text);
        return text.toUpperCase();
      },
    });
    const rlm = createRLM({ model, subModel, sandbox: e2bSandbox(localE2B(server())) });
    const result = await rlm.complete({ context: "red green blue", query: "shout each word" });

    expect(result.answer).toBe("RED-GREEN-BLUE");
    expect(prompts.sort()).toEqual(["blue", "green", "red"]);
    // The cells and their sub-calls crossed E2B's process API; the session's sandbox is gone.
    expect(server().requests).toContain("POST /process.Process/Start");
    expect(server().requests).toContain("POST /process.Process/SendInput");
    expect(
      server().requests.filter((request) => request.startsWith("DELETE /sandboxes/")),
    ).toHaveLength(1);
    expect(server().live).toEqual(new Set());
    // One sandbox from the template, for the default hour, with no internet.
    expect([...server().created.values()].map(({ body }) => body)).toMatchObject([
      { templateID: "rlm-deno", timeout: 3600, allow_internet_access: false },
    ]);
  });

  it("keeps at most maxConcurrentSandboxes sandboxes alive while children run", async () => {
    const model = scriptedModel({
      respond: (request) => {
        const user = request.messages.find((message) => message.role === "user");
        const text = user ? messageText(user) : "";
        if (text.includes("Query: fan out")) {
          return "```repl\nconst out = await rlm_query_batched(context.map((part) => ({ prompt: 'child', context: part })))\nFINAL(out.join(','))\n```";
        }
        return "```repl\nFINAL(context.toUpperCase())\n```";
      },
    });
    const sandbox = e2bSandbox({ ...localE2B(server()), maxConcurrentSandboxes: 2 });
    const before = server().created.size;
    const result = await createRLM({ model, sandbox, maxDepth: 1 }).complete({
      context: ["a", "b", "c", "d"],
      query: "fan out",
    });
    expect(result.answer).toBe("A,B,C,D");
    expect(server().created.size - before).toBe(5);
    expect(server().mostLive).toBe(2);
  });
});
