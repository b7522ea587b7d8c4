import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { transformJavaScriptCell } from "./transform-javascript-cell.js";

function createRepl() {
  const context = vm.createContext({});
  return (code: string) => new vm.Script(transformJavaScriptCell(code)).runInContext(context);
}

describe("transformJavaScriptCell", () => {
  it("keeps let, const, var, functions and classes across cells", async () => {
    const run = createRepl();
    await run(
      "let a = 1; const b = 2; var c = 3; function twice(x) { return 2 * x } class P { v = 7 }",
    );
    expect(await run("a + b + c + twice(5) + new P().v")).toBe(23);
  });

  it("allows a name to be declared again in a later cell", async () => {
    const run = createRepl();
    await run("const x = 1");
    await run("const x = 2");
    expect(await run("x")).toBe(2);
  });

  it("supports destructuring declarations", async () => {
    const run = createRepl();
    await run("const { p, q: [r, s] } = { p: 1, q: [2, 3] }; let [t, ...u] = [4, 5, 6]");
    expect(await run("[p, r, s, t, u]")).toEqual([1, 2, 3, 4, [5, 6]]);
  });

  it("supports top-level await and returns the last expression", async () => {
    const run = createRepl();
    expect(await run("const v = await Promise.resolve(41)\nv + 1")).toBe(42);
  });

  it("hoists functions so they can be called before their declaration", async () => {
    const run = createRepl();
    expect(await run("const r = f()\nfunction f() { return 'hoisted' }\nr")).toBe("hoisted");
  });

  it("returns undefined when the cell ends with a statement", async () => {
    const run = createRepl();
    expect(await run("let z = 5; if (z) { z++ }")).toBeUndefined();
    expect(await run("z")).toBe(6);
  });

  it("does not glue statements that relied on automatic semicolons", async () => {
    const run = createRepl();
    expect(await run("let calls = 0\nconst f = () => calls++\nf()\n;(calls += 10)\ncalls")).toBe(
      11,
    );
  });

  it("leaves block-scoped declarations inside blocks alone", async () => {
    const run = createRepl();
    await run("for (let i = 0; i < 3; i++) { const inner = i }");
    expect(await run("typeof inner + typeof i")).toBe("undefinedundefined");
  });

  it("reports syntax errors with a position", () => {
    expect(() => transformJavaScriptCell("let = ;")).toThrow(/SyntaxError|\(1:/);
    expect(() => transformJavaScriptCell("let = ;")).toThrow(SyntaxError);
  });
});
