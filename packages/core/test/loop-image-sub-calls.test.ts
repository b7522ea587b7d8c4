import { describe, expect, it } from "vitest";
import { type Context, createRLM, type RLMEvent } from "../src/index.js";
import { lastMessageText, scriptedModel, vmSandbox } from "../src/testing/index.js";
import { lastUserMessage, repl } from "./fixtures.js";

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const PNG_CODE = `const png = new Uint8Array(${JSON.stringify(PNG)});`;

/** Runs one cell with `code` through a root model, then finishes; returns what it saw. */
async function runCell(
  code: string,
  options: { supportsImages?: boolean; maxPromptChars?: number; context?: Context } = {},
) {
  const model = scriptedModel({
    respond: (request) =>
      lastUserMessage(request).includes("Cell output") || lastUserMessage(request).includes("rror")
        ? repl("FINAL('done')")
        : repl(code),
  });
  const subModel = scriptedModel({
    modelId: "vision",
    ...(options.supportsImages === false ? {} : { supportsImages: true }),
    respond: () => "a small picture",
  });
  const events: RLMEvent[] = [];
  await createRLM({
    model,
    subModel,
    sandbox: vmSandbox(),
    ...(options.maxPromptChars !== undefined ? { maxPromptChars: options.maxPromptChars } : {}),
    sinks: [{ onEvent: (event) => events.push(event) }],
  }).complete({ context: options.context ?? "c", query: "q" });
  const cell = events.find((event) => event.type === "cell-end");
  return { model, subModel, events, output: cell?.type === "cell-end" ? cell.output : "" };
}

/** A cell that makes one call and prints the error it gets. */
const printingError = (call: string) =>
  `${PNG_CODE}\ntry { await ${call} } catch (error) { print(error.message) }`;

describe("image parts in llm_query", () => {
  it("reach the model as parts in order; events show placeholders, never the bytes", async () => {
    const { subModel, events, output } = await runCell(
      `${PNG_CODE}\nprint(await llm_query(["What is this?", { type: "image", data: png }, { type: "text", text: "Be brief." }, { type: "image", data: "data:image/gif;base64,R0lGODlh" }]))`,
    );
    expect(output).toBe("a small picture");
    expect(subModel.calls[0]?.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", data: new Uint8Array(PNG), mediaType: "image/png" },
          { type: "text", text: "Be brief." },
          { type: "image", data: new Uint8Array([71, 73, 70, 56, 57, 97]), mediaType: "image/gif" },
        ],
      },
    ]);
    const shown = "What is this?\n[image image/png 12 B]\nBe brief.\n[image image/gif 6 B]";
    expect(events.find((event) => event.type === "subcall-start")).toMatchObject({ prompt: shown });
    const call = events.find(
      (event) => event.type === "model-call-start" && event.subcallId !== undefined,
    );
    expect(call).toMatchObject({ messages: [{ role: "user", content: shown }] });
  });

  it("reserve an image's token estimate against maxTokens", async () => {
    const model = scriptedModel({
      replies: [repl(`${PNG_CODE}\nawait llm_query(["hi", { type: "image", data: png }])`)],
    });
    const subModel = scriptedModel({ modelId: "vision", supportsImages: true, replies: ["x"] });
    // Room for the root's turn and a text prompt, not for an image's 3,800 tokens.
    const run = createRLM({
      model,
      subModel,
      maxOutputTokens: 100,
      limits: { maxTokens: 1_500 },
      sandbox: vmSandbox(),
    }).complete({ context: "c", query: "q" });
    await expect(run).rejects.toMatchObject({ name: "BudgetExceededError", limit: "maxTokens" });
    // The root's turn fit; the sub-call with the image did not.
    expect(model.calls).toHaveLength(1);
    expect(subModel.calls).toHaveLength(0);
  });

  it.each([
    [
      "more than 16 images",
      "llm_query(Array.from({ length: 17 }, () => ({ type: 'image', data: png })))",
      "The prompt has 17 images; at most 16 are allowed in one sub-call. Split the images over several calls.",
    ],
    [
      // Its base64 is over 5 MB, which Anthropic refuses with a 400.
      "an image over 3.75 MiB",
      "llm_query([{ type: 'image', data: ((big) => (big.set(png), big))(new Uint8Array(3.75 * 1024 * 1024 + 1)) }])",
      "The prompt's part 0 is an image of 3,932,161 bytes; at most 3,932,160 bytes (3.75 MB, 5 MB once base64-encoded as providers take it) are allowed per image. Scale it down or crop it first.",
    ],
    [
      "a media type models do not take",
      "llm_query([{ type: 'image', data: png, mediaType: 'image/tiff' }])",
      'The prompt\'s part 0 has the media type "image/tiff"; images must be one of image/png, image/jpeg, image/gif, image/webp.',
    ],
    [
      "bytes of no known image type",
      "llm_query([{ type: 'image', data: new Uint8Array([1, 2, 3]) }])",
      "The prompt's part 0 is an image whose type cannot be told from its bytes (not PNG, JPEG, GIF or WebP). Give its mediaType, one of image/png, image/jpeg, image/gif, image/webp.",
    ],
    [
      "a string that is not a data URL",
      "llm_query([{ type: 'image', data: 'https://example.com/cat.png' }])",
      'An image given as a string must be a base64 data URL such as "data:image/png;base64,iVBORw0...", got "https://example.com/cat.png".',
    ],
  ])("refuse %s before anything is sent", async (_, call, message) => {
    const { subModel, events, output } = await runCell(printingError(call));
    expect(output).toBe(message);
    expect(subModel.calls).toHaveLength(0);
    expect(events.some((event) => event.type === "subcall-start")).toBe(false);
  });

  it("are refused for a model without supportsImages, naming it", async () => {
    const { subModel, output } = await runCell(
      printingError('llm_query(["What is this?", { type: "image", data: png }])'),
      { supportsImages: false },
    );
    expect(output).toMatch(/^The model scripted:vision does not accept images/);
    expect(subModel.calls).toHaveLength(0);
  });

  it("count only their text against maxPromptChars", async () => {
    const fits = await runCell(
      `${PNG_CODE}\nprint(await llm_query(["${"a".repeat(50)}", { type: "image", data: png }]))`,
      { maxPromptChars: 50 },
    );
    expect(fits.output).toBe("a small picture");
    const tooLong = await runCell(
      printingError(`llm_query(["${"a".repeat(51)}", { type: "image", data: png }])`),
      { maxPromptChars: 50 },
    );
    expect(tooLong.output).toBe(
      "The prompt has 51 characters; at most 50 are allowed (maxPromptChars).",
    );
  });
});

describe("binary context items", () => {
  it("go to the model as image parts when rlm_query at maxDepth is a plain call", async () => {
    const model = scriptedModel({
      replies: [repl('FINAL(await rlm_query("Describe:", [context[0], "a caption", context[1]]))')],
    });
    const subModel = scriptedModel({ modelId: "vision", supportsImages: true, replies: ["ok"] });
    const result = await createRLM({ model, subModel, maxDepth: 0, sandbox: vmSandbox() }).complete(
      { context: [new Uint8Array(PNG), new Uint8Array([1, 2, 3])], query: "q" },
    );
    expect(result.answer).toBe("ok");
    expect(subModel.calls[0]?.messages[0]?.content).toEqual([
      { type: "text", text: "Describe:" },
      { type: "image", data: new Uint8Array(PNG), mediaType: "image/png" },
      { type: "text", text: "a caption" },
      { type: "text", text: "[binary data of 3 B left out]" },
    ]);
  });

  it("are described in the root prompt by count, media type and size", async () => {
    const { model, output } = await runCell("print(context[1].length)", {
      context: [new Uint8Array(PNG), new Uint8Array(PNG), "a caption"],
    });
    expect(output).toBe("12");
    expect(lastMessageText({ messages: model.calls[0]?.messages.slice(0, 2) ?? [] })).toContain(
      "`context` is an array of 3 items: 2 binary (image/png, 24 B total), 1 other (9 characters).",
    );
  });
});

describe("budget()", () => {
  it("returns what is left of the run's limits", async () => {
    const { output } = await runCell(
      'await llm_query("hi"); const b = await budget(); print(JSON.stringify([b.subCalls, b.depth, b.iterations, b.costUsd.limit]))',
    );
    expect(JSON.parse(output)).toEqual([
      { used: 1, limit: null, remaining: null },
      { used: 0, limit: 1, remaining: 1 },
      { used: 1, limit: 30, remaining: 29 },
      null,
    ]);
  });
});
