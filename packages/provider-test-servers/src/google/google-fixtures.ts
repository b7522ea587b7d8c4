import { existsSync, readFileSync } from "node:fs";

const FIXTURES_DIRECTORY = new URL("./__fixtures__/", import.meta.url);

/** The JSON body of a fixture, or `undefined` when the fixture has no JSON form. */
export function readGoogleJsonFixture(name: string): unknown {
  const url = new URL(`${name}.json`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  return JSON.parse(readFileSync(url, "utf8"));
}

/** The `data:` payloads of a fixture's `.chunks.txt`, or `undefined` when it has none. */
export function readGoogleSseFixture(name: string): string[] | undefined {
  const url = new URL(`${name}.chunks.txt`, FIXTURES_DIRECTORY);
  if (!existsSync(url)) return undefined;
  return readFileSync(url, "utf8")
    .split(/\r?\n\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.startsWith("data:"))
    .map((block) => block.slice("data:".length).trim());
}
