import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { EXIT } from "../src/cli-error.js";
import { main } from "../src/main.js";
import { captureIo } from "./capture-io.js";

interface Row {
  method: "rlm" | "baseline";
  tokens: number;
  score?: number;
  skipped?: string;
}

it("rlm eval compares the RLM with the plain model and writes a table, JSON and a chart", async () => {
  const cwd = mkdtempSync(join(tmpdir(), "rlm-cli-eval-"));
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  const io = captureIo({ cwd });
  const code = await main(
    [
      "eval",
      "oolong",
      "--lengths",
      "8k,16k",
      "--seeds",
      "1",
      "--baseline",
      "--baseline-max-tokens",
      "8k",
    ],
    io,
  );
  expect(code).toBe(EXIT.ok);
  expect(io.out()).toMatch(/tokens\s+method\s+accuracy\s+cost\/task\s+time\/task/);
  expect(io.out()).toMatch(/16,000\s+baseline/);

  const { family, rows } = JSON.parse(readFileSync(join(cwd, "rlm-eval-oolong.json"), "utf8")) as {
    family: string;
    rows: Row[];
  };
  expect(family).toBe("oolong");
  const rlmRows = rows.filter((row) => row.method === "rlm");
  expect(rlmRows.map((row) => row.tokens)).toEqual([8000, 16000]);
  for (const row of rlmRows) expect(row.score).toBe(1);
  const baseline = rows.filter((row) => row.method === "baseline");
  expect(baseline.find((row) => row.tokens === 8000)?.score).toBeTypeOf("number");
  expect(baseline.find((row) => row.tokens === 16000)?.skipped).toBe("context too long");

  const chart = readFileSync(join(cwd, "rlm-eval-oolong.svg"), "utf8");
  expect(chart.startsWith("<svg")).toBe(true);
  expect(chart).toContain("oolong");
}, 120_000);
