import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startAnthropicServer } from "./anthropic/anthropic-server.js";
import type { RecordingServer } from "./recording-server.js";
import { until } from "./test-support/until.js";

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe("openRequests", () => {
  it("counts a request until its response closes, also when the client aborts", async () => {
    const anthropic = await startAnthropicServer({
      replies: [{ kind: "hang" }, { kind: "text", text: "hi" }],
    });
    server = anthropic;
    expect(anthropic.openRequests()).toBe(0);
    const controller = new AbortController();
    const hanging = fetch(`${anthropic.baseURL}/v1/messages`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await until(() => anthropic.requests.length === 1);
    expect(anthropic.openRequests()).toBe(1);

    const answered = await fetch(`${anthropic.baseURL}/v1/messages`, {
      method: "POST",
      body: "{}",
    });
    await answered.text();
    await until(() => anthropic.openRequests() === 1);

    controller.abort();
    expect(await hanging).toBeInstanceOf(Error);
    await until(() => anthropic.openRequests() === 0);
  });
});

describe("request times", () => {
  it("records when each request arrived and its reply went out, and the client's connection", async () => {
    const anthropic = await startAnthropicServer({
      replies: [
        { kind: "text", text: "one" },
        { kind: "text", text: "two" },
      ],
    });
    server = anthropic;
    // One kept-alive socket for both requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<void>((resolve, reject) => {
        const sent = request(
          `${anthropic.baseURL}/v1/messages`,
          { method: "POST", agent },
          (reply) => reply.resume().on("end", resolve),
        );
        sent.on("error", reject);
        sent.end("{}");
      });
    await Promise.all([post(), post()]);
    agent.destroy();
    await until(() => anthropic.requests.every((request) => request.repliedAt !== undefined));
    const [first, second] = anthropic.requests;
    expect(first?.repliedAt).toBeGreaterThanOrEqual(first?.receivedAt ?? Number.NaN);
    expect(second?.receivedAt).toBeGreaterThanOrEqual(first?.repliedAt ?? Number.NaN);
    expect(second?.remotePort).toBe(first?.remotePort);
    expect(first?.remotePort).toEqual(expect.any(Number));
  });
});
