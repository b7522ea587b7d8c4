import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/cli-error.js";
import { main } from "../src/main.js";
import { captureIo } from "./capture-io.js";

describe("rlm arguments", () => {
  it("prints usage for no command (exit 2) and for help (exit 0)", async () => {
    const none = captureIo();
    expect(await main([], none)).toBe(EXIT.usage);
    expect(none.out()).toContain("rlm run --context");
    const help = captureIo();
    expect(await main(["--help"], help)).toBe(EXIT.ok);
  });

  it("rejects an unknown command", async () => {
    const io = captureIo();
    expect(await main(["fly"], io)).toBe(EXIT.usage);
    expect(io.err()).toContain('Unknown command "fly"');
  });

  it("requires --context and --query", async () => {
    const io = captureIo();
    expect(await main(["run", "--query", "q"], io)).toBe(EXIT.usage);
    expect(io.err()).toContain("--context is required");
    const noQuery = captureIo();
    expect(await main(["run", "--context", "x.txt"], noQuery)).toBe(EXIT.usage);
    expect(noQuery.err()).toContain("--query is required");
  });

  it("rejects unknown flags, bad numbers, a bad language and a bad model spec", async () => {
    const cases: [string[], RegExp][] = [
      [["run", "--context", "a", "--query", "q", "--frobnicate"], /Unknown option '--frobnicate'/],
      [
        ["run", "--context", "a", "--query", "q", "--max-cost", "lots"],
        /--max-cost must be a non-negative number/,
      ],
      [
        ["run", "--context", "a", "--query", "q", "--language", "ruby"],
        /--language must be javascript or python/,
      ],
      [
        ["run", "--context", "a", "--query", "q", "--model", "acme:big"],
        /Unknown model "acme:big". Use one of: openai:<model>/,
      ],
      [
        ["run", "--context", "a", "--query", "q", "--model", "openai-compatible:llama"],
        /Unknown model/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await main(argv, io)).toBe(EXIT.usage);
      expect(io.err()).toMatch(message);
    }
  });

  it("reports a missing context file clearly", async () => {
    const io = captureIo();
    expect(await main(["run", "--context", "does-not-exist.txt", "--query", "q"], io)).toBe(
      EXIT.usage,
    );
    expect(io.err()).toContain("Context file not found: does-not-exist.txt");
  });

  it("prints no simulated-provider banner before a usage error", async () => {
    const io = captureIo();
    await main(["run", "--context", "does-not-exist.txt", "--query", "q"], io);
    expect(io.err()).toBe("rlm: Context file not found: does-not-exist.txt\n");
  });

  it("prints its version with --version, -v and version", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    for (const flag of ["--version", "-v", "version"]) {
      const io = captureIo();
      expect(await main([flag], io)).toBe(EXIT.ok);
      expect(io.out()).toBe(`${version}\n`);
    }
  });

  it("prints each command's help with --help, exit 0", async () => {
    for (const [command, text] of [
      ["run", "Usage: rlm run"],
      ["eval", "Usage: rlm eval"],
      ["demo", "Usage: rlm demo"],
    ] as const) {
      const io = captureIo();
      expect(await main([command, "--help"], io)).toBe(EXIT.ok);
      expect(io.out()).toContain(text);
      expect(io.err()).toBe("");
    }
  });

  it("rejects bad numbers and token counts of every command as usage errors (exit 2)", async () => {
    const cases: [string[], string][] = [
      [["eval", "sniah", "--lengths", "8q"], 'rlm: --lengths: Not a token count: "8q"'],
      [["eval", "sniah", "--lengths", "8k,0"], 'rlm: --lengths: Token count must be positive: "0"'],
      [
        ["eval", "sniah", "--seeds", "many"],
        'rlm: --seeds must be a non-negative number, not "many"',
      ],
      [
        ["eval", "sniah", "--baseline-max-tokens", "lots"],
        'rlm: --baseline-max-tokens: Not a token count: "lots"',
      ],
      [["demo", "--tokens", "1x"], 'rlm: --tokens: Not a token count: "1x"'],
      [["demo", "--seed", "seven"], 'rlm: --seed must be a non-negative number, not "seven"'],
      [["run", "--context", "a", "--query", "q", "--timeout=-1"], "rlm: --timeout must be"],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect({ argv, code: await main(argv, io) }).toEqual({ argv, code: EXIT.usage });
      expect(io.err().startsWith(message)).toBe(true);
      expect(io.err().split("\n").filter(Boolean)).toHaveLength(1);
      expect(io.err()).not.toContain("SIMULATED");
    }
  });

  it("exits only with the codes of the README's table", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("### Exit codes and messages"));
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]));
    expect(documented).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});
