import { existsSync, readFileSync } from "node:fs";

/** Fixtures shipped in `__fixtures__/`, named after the endpoint they answer. */
export type OpenAIFixtureName =
  | "chat-text"
  | "chat-length"
  | "chat-content-filter"
  | "chat-compatible"
  | "responses-text"
  | "responses-incomplete"
  | "responses-failed";

/** One server-sent event as it appears on the wire. */
export interface SseEvent {
  event?: string;
  data: string;
}

const FIXTURES_DIRECTORY = new URL("./__fixtures__/", import.meta.url);

/** The JSON body of a fixture, or `undefined` when the fixture has no JSON form. */
export function readJsonFixture(name: string): unknown {
  const url = new URL(`${name}.json`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  return JSON.parse(readFileSync(url, "utf8"));
}

/** The events of a fixture's `.chunks.txt`, or `undefined` when it has no streamed form. */
export function readSseFixture(name: string): SseEvent[] | undefined {
  const url = new URL(`${name}.chunks.txt`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  return parseSse(readFileSync(url, "utf8"));
}

/** Splits SSE text into events (blank-line separated `event:` / `data:` lines). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
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
