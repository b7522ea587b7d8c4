import { beforeAll, describe, expect, it } from "vitest";
import { jsonBody } from "../../test/support/otlp-bodies.ts";
import { realRun } from "../../test/support/real-run.ts";
import { tempDatabase } from "../../test/support/temp-database.ts";
import { ingestTraces } from "../ingest/ingest-traces.ts";
import { buildTree } from "../run-view/build-tree.ts";
import { getRun } from "../run-view/list-runs.ts";
import { loadNodeDetails } from "../run-view/node-details.ts";
import { runAnswer } from "../run-view/run-answer.ts";
import { loadRunSpans } from "../run-view/run-spans.ts";
import { importTrajectory } from "./import-trajectory.ts";
import { TrajectoryError } from "./trajectory-event.ts";

let real: Awaited<ReturnType<typeof realRun>>;
let jsonl: string;
beforeAll(async () => {
  real = await realRun({ name: "nightly triage" });
  jsonl = real.events.map((event) => JSON.stringify(event)).join("\n");
});

describe("importTrajectory", () => {
  it("shows an imported run exactly as the same run received over OTLP", () => {
    const imported = tempDatabase();
    const received = tempDatabase();
    try {
      const result = importTrajectory(imported.database, jsonl);
      expect(result.runIds).toEqual([real.result.runId]);
      expect(result.spanCount).toBe(real.spans.length);
      ingestTraces(received.database, {
        body: jsonBody(real.spans),
        contentType: "application/json",
        contentEncoding: null,
      });
      const { runId } = real.result;
      const a = getRun(imported.database, runId)!;
      const b = getRun(received.database, runId)!;
      expect({ ...a, source: "", serviceName: null, traceId: null }).toEqual({
        ...b,
        source: "",
        serviceName: null,
        traceId: null,
      });
      expect(a.source).toBe("import");
      expect(a.name).toBe("nightly triage");
      expect(runAnswer(imported.database, runId)).toBe(real.result.answer);
      expect(runAnswer(received.database, runId)).toBe(real.result.answer);
      const strip = (nodes: ReturnType<typeof buildTree>): unknown =>
        nodes.map(({ spanId: _, children, ...node }) => ({ ...node, children: strip(children) }));
      expect(strip(buildTree(loadRunSpans(imported.database, runId)))).toEqual(
        strip(buildTree(loadRunSpans(received.database, runId))),
      );
      const rootNode = real.events.find((event) => event.type === "run-start")!.nodeId;
      // Span ids differ by construction; calls started in the same millisecond have no order.
      const strip2 = (details: unknown) =>
        JSON.parse(
          JSON.stringify(details, (key, value) => {
            if (key === "spanId") return undefined;
            if (key === "subcalls") {
              return [...value].sort((a: { prompt: string }, b: { prompt: string }) =>
                a.prompt.localeCompare(b.prompt),
              );
            }
            return value;
          }),
        );
      expect(strip2(loadNodeDetails(imported.database, runId, rootNode))).toEqual(
        strip2(loadNodeDetails(received.database, runId, rootNode)),
      );
    } finally {
      imported.dispose();
      received.dispose();
    }
  });

  it("imports host tool calls as the exporter records them", async () => {
    const withTools = await realRun({ withTools: true });
    const imported = tempDatabase();
    const received = tempDatabase();
    try {
      const lines = withTools.events.map((event) => JSON.stringify(event)).join("\n");
      expect(importTrajectory(imported.database, lines).spanCount).toBe(withTools.spans.length);
      ingestTraces(received.database, {
        body: jsonBody(withTools.spans),
        contentType: "application/json",
        contentEncoding: null,
      });
      const { runId } = withTools.result;
      const strip = (nodes: ReturnType<typeof buildTree>): unknown =>
        nodes.map(({ spanId: _, children, ...node }) => ({ ...node, children: strip(children) }));
      const tree = buildTree(loadRunSpans(imported.database, runId));
      expect(strip(tree)).toEqual(strip(buildTree(loadRunSpans(received.database, runId))));
      const names = loadRunSpans(imported.database, runId).map((span) => span.name);
      expect(names.filter((name) => name === "execute_tool lookup")).toHaveLength(2);
      // Tool calls are not cells: the child ran one cell, which made both calls.
      const child = tree[0]?.children[0];
      expect(child?.cells).toBe(1);
      const details = loadNodeDetails(imported.database, runId, child?.nodeId ?? "");
      const cells = details?.iterations.flatMap((iteration) => iteration.cells) ?? [];
      expect(cells).toHaveLength(1);
      expect(cells[0]?.toolCalls).toEqual([
        expect.objectContaining({
          name: "lookup",
          args: '{"id":3}',
          result: '{"title":"document 3"}',
        }),
        expect.objectContaining({ name: "lookup", failed: true, errorType: "RangeError" }),
      ]);
    } finally {
      imported.dispose();
      received.dispose();
    }
  });

  it("imports the same file twice without duplicating anything", () => {
    const { database, dispose } = tempDatabase();
    try {
      importTrajectory(database, jsonl);
      importTrajectory(database, jsonl);
      const count = database.prepare("SELECT count(*) AS n FROM spans").get() as { n: number };
      expect(count.n).toBe(real.spans.length);
    } finally {
      dispose();
    }
  });

  it("shows a trajectory cut off before run-end as a running run", () => {
    const { database, dispose } = tempDatabase();
    try {
      const cut = real.events.filter((event) => event.type !== "run-end");
      importTrajectory(database, cut.map((event) => JSON.stringify(event)).join("\n"));
      expect(getRun(database, real.result.runId)?.status).toBe("running");
    } finally {
      dispose();
    }
  });

  it("refuses a file with a bad line and stores nothing", () => {
    const { database, dispose } = tempDatabase();
    try {
      expect(() => importTrajectory(database, `${jsonl}\n{"type": 3}`)).toThrow(TrajectoryError);
      expect(() => importTrajectory(database, "not json")).toThrow(/Line 1/);
      // A time no Date can hold made every view of the runs list fail once stored.
      const badTime = { ...JSON.parse(jsonl.split("\n")[0] as string), time: 1e308 };
      expect(() => importTrajectory(database, JSON.stringify(badTime))).toThrow(/Line 1/);
      const count = database.prepare("SELECT count(*) AS n FROM spans").get() as { n: number };
      expect(count.n).toBe(0);
    } finally {
      dispose();
    }
  });

  it("imports the complete runs of a file whose last line was cut off mid-write", () => {
    const { database, dispose } = tempDatabase();
    try {
      const cut = `${jsonl}\n{"type":"run-start","runId":"half-writ`;
      const imported = importTrajectory(database, cut);
      expect(imported.runIds).toEqual([real.result.runId]);
      expect(imported.skippedLastLine).toBe(jsonl.split("\n").length + 1);
      expect(getRun(database, real.result.runId)?.status).toBe("ok");
    } finally {
      dispose();
    }
  });

  it("refuses events without a field their spans are made from with a TrajectoryError", () => {
    const { database, dispose } = tempDatabase();
    try {
      const lines = jsonl.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      const end = lines.findIndex((event) => event.type === "model-call-end");
      const { usage: _, ...withoutUsage } = lines[end]!;
      lines[end] = withoutUsage;
      const text = lines.map((event) => JSON.stringify(event)).join("\n");
      expect(() => importTrajectory(database, text)).toThrow(
        new RegExp(`Line ${end + 1} is not an RLM event: "usage" is missing`),
      );
      const count = database.prepare("SELECT count(*) AS n FROM spans").get() as { n: number };
      expect(count.n).toBe(0);
    } finally {
      dispose();
    }
  });

  it("refuses events whose fields have the wrong types with a TrajectoryError", () => {
    const { database, dispose } = tempDatabase();
    try {
      const first = JSON.parse(jsonl.split("\n")[0] as string);
      for (const [field, value] of [
        ["messages", "not a list"],
        ["code", 42],
        ["query", { nested: true }],
        ["usage", { inputTokens: "many" }],
      ] as const) {
        const line = JSON.stringify({ ...first, [field]: value });
        expect(() => importTrajectory(database, line), field).toThrow(
          new RegExp(`Line 1 is not an RLM event: "${field}"`),
        );
      }
    } finally {
      dispose();
    }
  });
});
