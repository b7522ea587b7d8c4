import { describe, expect, it } from "vitest";
import { CellScopes } from "./cell-scopes.js";

describe("CellScopes", () => {
  it("aborts a cell's signal when the cell ends, and refuses calls from it afterwards", () => {
    const scopes = new CellScopes();
    const node = new AbortController();
    scopes.begin("cell-1", node.signal);
    const signal = scopes.signalOf("cell-1");
    expect(signal.aborted).toBe(false);
    scopes.end("cell-1");
    expect(signal.aborted).toBe(true);
    expect(() => scopes.signalOf("cell-1")).toThrow(/cell-1 has ended/);
    expect(() => scopes.signalOf("cell-2")).toThrow(/cell-2 has ended/);
  });

  it("aborts with the node when the node stops first", () => {
    const scopes = new CellScopes();
    const node = new AbortController();
    scopes.begin("cell-1", node.signal);
    node.abort(new Error("run stopped"));
    expect(scopes.signalOf("cell-1").reason).toEqual(new Error("run stopped"));
  });
});
