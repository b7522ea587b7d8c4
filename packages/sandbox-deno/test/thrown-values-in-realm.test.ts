import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DenoSandbox } from "../src/index.js";
import { cell, openSession } from "./helpers.js";

/**
 * Code that throws a value with no string form (or a Symbol for its message) from a getter
 * or `toString` the REPL's functions call: what code catches back must belong to its realm
 * (a worker error would hand it the worker's `Function`).
 */
const CAUGHT = (call: string) => `
  let caught;
  try { caught = ${call}; } catch (error) { caught = error; }
  try { await caught; } catch (error) { caught = error; }
  [caught instanceof Error, Object.getPrototypeOf(caught).constructor.constructor === Function]`;

describe("a value the REPL cannot describe, thrown into its functions", () => {
  let sandbox: DenoSandbox;
  let session: Awaited<ReturnType<typeof openSession>>["session"];
  beforeAll(async () => {
    ({ sandbox, session } = await openSession({ toolNames: ["lookup"] }));
  });
  afterAll(async () => {
    await session.close();
    await sandbox.close();
  });

  it.each([
    ["llm_query's prompt", "llm_query({ toString() { throw Object.create(null); } })"],
    ["rlm_query's prompt", "rlm_query({ toString() { throw Object.create(null); } })"],
    ["FINAL's toJSON", "FINAL({ toJSON() { throw Object.create(null); } })"],
    ["FINAL's toJSON (a Symbol message)", "FINAL({ toJSON() { throw { message: Symbol() }; } })"],
    ["a tool's arguments", "lookup({ toJSON() { throw Object.create(null); } })"],
    ["FINAL_VAR's name", "FINAL_VAR(Object.create(null))"],
  ])("%s: code catches an error of its own realm", async (_name, call) => {
    const result = await cell(session, CAUGHT(call));
    expect(result.error).toBeUndefined();
    expect(result.output).toBe("[ true, true ]");
  });
});
