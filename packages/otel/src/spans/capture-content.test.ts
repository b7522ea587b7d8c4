import { describe, expect, it } from "vitest";
import { capText, captureMessages, captureText } from "./capture-content.js";
import { errorTypeOfText } from "./error-type.js";

describe("capText", () => {
  it("keeps short text and says how much of long text was cut", () => {
    expect(capText("abc", 3)).toBe("abc");
    expect(capText("abcdef", 2)).toBe("ab…[4 more characters]");
  });
});

describe("captureMessages", () => {
  it("writes the GenAI conventions' message shape", () => {
    const json = captureMessages({ maxChars: 100, redact: undefined }, "gen_ai.output.messages", [
      { role: "assistant", content: "hi", finishReason: "stop" },
    ]);
    expect(JSON.parse(json)).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "hi" }], finish_reason: "stop" },
    ]);
  });

  it("spends the cap on the newest messages first", () => {
    const json = captureMessages({ maxChars: 10, redact: undefined }, "gen_ai.input.messages", [
      { role: "system", content: "s".repeat(50) },
      { role: "user", content: "u".repeat(6) },
      { role: "assistant", content: "a".repeat(3) },
    ]);
    const contents = (JSON.parse(json) as { parts: { content: string }[] }[]).map(
      (message) => message.parts[0]!.content,
    );
    expect(contents).toEqual(["s…[49 more characters]", "uuuuuu", "aaa"]);
  });

  it("redacts before capping, and tells the hook which attribute it fills", () => {
    const seen: string[] = [];
    const capture = {
      maxChars: 12,
      redact: (text: string, info: { attribute: string }) => {
        seen.push(info.attribute);
        return text.replace(/\S+@\S+/g, "[email]");
      },
    };
    expect(captureText(capture, "gen_ai.tool.call.result", "mail bob@example.com now")).toBe(
      "mail [email]…[4 more characters]",
    );
    expect(seen).toEqual(["gen_ai.tool.call.result"]);
  });
});

describe("errorTypeOfText", () => {
  it("takes the error class from a cell's error text, and _OTHER otherwise", () => {
    expect(errorTypeOfText("TypeError: x is not a function\n    at cell-3.js")).toBe("TypeError");
    expect(errorTypeOfText("SandboxTimeoutError")).toBe("SandboxTimeoutError");
    expect(errorTypeOfText("FINAL was rejected: the value does not match")).toBe("_OTHER");
  });
});
