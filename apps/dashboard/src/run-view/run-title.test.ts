import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../test/support/otlp-bodies.ts";
import { realRun } from "../../test/support/real-run.ts";
import { tempDatabase } from "../../test/support/temp-database.ts";
import { ingestTraces } from "../ingest/ingest-traces.ts";
import { openDatabase } from "../store/open-database.ts";
import { getRun, listRuns } from "./list-runs.ts";
import { runAnswer } from "./run-answer.ts";
import { runTitle } from "./run-summary.ts";

async function received(options: { name?: string; captureContent: boolean }) {
  const run = await realRun(options);
  const temp = tempDatabase();
  ingestTraces(temp.database, {
    body: jsonBody(run.spans),
    contentType: "application/json",
    contentEncoding: null,
  });
  return { run, ...temp };
}

describe("run titles", () => {
  it("lists a run without captured content by its name, and finds it by that name", async () => {
    const { run, database, dispose } = await received({
      name: "rlm run",
      captureContent: false,
    });
    try {
      const summary = getRun(database, run.result.runId)!;
      expect(summary.query).toBeNull();
      expect(summary.name).toBe("rlm run");
      expect(runTitle(summary)).toBe("rlm run");
      expect(runAnswer(database, run.result.runId)).toBeUndefined();
      expect(listRuns(database, { search: "RLM RUN" }).runs.map((row) => row.runId)).toEqual([
        run.result.runId,
      ]);
    } finally {
      dispose();
    }
  });

  it("falls back to the captured query, then to the run id", async () => {
    const captured = await received({ captureContent: true });
    const bare = await received({ captureContent: false });
    try {
      const withQuery = getRun(captured.database, captured.run.result.runId)!;
      expect(runTitle(withQuery)).toBe("What is <the> answer?");
      expect(runAnswer(captured.database, captured.run.result.runId)).toBe(
        captured.run.result.answer,
      );
      const withNothing = getRun(bare.database, bare.run.result.runId)!;
      expect(runTitle(withNothing)).toBe(bare.run.result.runId);
    } finally {
      captured.dispose();
      bare.dispose();
    }
  });

  it("adds the name column to a database written before it existed", () => {
    const directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-migrate-"));
    const path = join(directory, "dashboard.db");
    try {
      const old = openDatabase(path);
      old.exec("ALTER TABLE runs DROP COLUMN name");
      old.close();
      const reopened = openDatabase(path);
      const columns = reopened
        .prepare("SELECT name FROM pragma_table_info('runs')")
        .all()
        .map((row) => (row as { name: string }).name);
      reopened.close();
      expect(columns).toContain("name");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
