import { existsSync, readFileSync } from "node:fs";
import type { AnthropicSseEvent } from "./anthropic-reply.js";

const FIXTURES_DIRECTORY = new URL("./__fixtures__/", import.meta.url);

/** The JSON body of a fixture, or `undefined` when the fixture has no JSON form. */
export function readAnthropicJsonFixture(name: string): unknown {
  const url = new URL(`${name}.json`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  return JSON.parse(readFileSync(url, "utf8"));
}

/** The events of a fixture's `.chunks.txt`, or `undefined` when it has no streamed form. */
export function readAnthropicSseFixture(name: string): AnthropicSseEvent[] | undefined {
  const url = new URL(`${name}.chunks.txt`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  const events: AnthropicSseEvent[] = [];
  for (const block of readFileSync(url, "utf8").split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("event:")) event = line.slice("event:".length).trim();
      else if (line.startsWith("data:")) data.push(line.slice("data:".length).trimStart());
    }
    if (data.length > 0) events.push({ ...(event ? { event } : {}), data: data.join("\n") });
  }
  return events;
}
