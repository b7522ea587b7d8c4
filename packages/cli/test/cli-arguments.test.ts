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

  it("says when it falls back to the simulated provider", async () => {
    const io = captureIo();
    await main(["run", "--context", "does-not-exist.txt", "--query", "q"], io);
    expect(io.err()).toContain("SIMULATED provider");
  });
});
