import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createRLM, trajectoryFileSink } from "@rlm/core";
import { scriptedModel, vmSandbox } from "@rlm/core/testing";
import { afterEach, expect, it, onTestFinished } from "vitest";
import { importIntoDashboard } from "./import-into-dashboard.js";

const previousDatabase = process.env.RLM_DASHBOARD_DB;
afterEach(() => {
  if (previousDatabase === undefined) delete process.env.RLM_DASHBOARD_DB;
  else process.env.RLM_DASHBOARD_DB = previousDatabase;
});

it("puts a finished run's trajectory into the dashboard's database", async () => {
  const folder = mkdtempSync(join(tmpdir(), "rlm-cli-import-"));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const trajectory = join(folder, "run.jsonl");
  const database = join(folder, "dashboard.db");
  process.env.RLM_DASHBOARD_DB = database;
  const rlm = createRLM({
    model: scriptedModel({
      replies: ["```repl\nconst n = await llm_query('count')\nFINAL(n)\n```"],
    }),
    subModel: scriptedModel({ replies: ["7"] }),
    sandbox: vmSandbox(),
    sinks: [trajectoryFileSink(trajectory)],
  });
  const result = await rlm.complete({ context: "a b c", query: "How many?" });

  const imported = await importIntoDashboard(trajectory);

  expect(imported?.ok).toBe(true);
  expect(imported?.output).toContain(database);
  const db = new DatabaseSync(database, { readOnly: true });
  const runs = db.prepare("SELECT run_id FROM runs").all() as { run_id: string }[];
  db.close();
  expect(runs.map((run) => run.run_id)).toEqual([result.runId]);
});

it("reports a trajectory the dashboard cannot read without throwing", async () => {
  const folder = mkdtempSync(join(tmpdir(), "rlm-cli-import-"));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  process.env.RLM_DASHBOARD_DB = join(folder, "dashboard.db");
  const imported = await importIntoDashboard(join(folder, "missing.jsonl"));
  expect(imported?.ok).toBe(false);
  expect(imported?.output).toContain("missing.jsonl");
});
