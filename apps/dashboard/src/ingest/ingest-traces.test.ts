import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { gzip, jsonBody, protobufBody } from "../../test/support/otlp-bodies.ts";
import { realRun } from "../../test/support/real-run.ts";
import { syntheticRun } from "../../test/support/synthetic-run.ts";
import { tempDatabase } from "../../test/support/temp-database.ts";
import { ingestTraces } from "./ingest-traces.ts";

type Real = Awaited<ReturnType<typeof realRun>>;
let real: Real;
beforeAll(async () => {
  real = await realRun();
});

const databases: ReturnType<typeof tempDatabase>[] = [];
afterEach(() => {
  for (const database of databases.splice(0)) database.dispose();
});
function fresh() {
  const database = tempDatabase();
  databases.push(database);
  return database.database;
}

const JSON_TYPE = "application/json";
const PROTOBUF_TYPE = "application/x-protobuf";

function count(database: ReturnType<typeof fresh>, table: "spans" | "runs"): number {
  return (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function storedSpans(database: ReturnType<typeof fresh>) {
  return database
    .prepare("SELECT * FROM spans ORDER BY trace_id, span_id")
    .all()
    .map((row) => ({ ...row, received_ms: 0 }));
}

/** One OTLP/JSON span with the given fields on top of valid ids and a name. */
function jsonSpanBody(fields: Record<string, unknown>): Uint8Array {
  const span = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    name: "x",
    ...fields,
  };
  return new TextEncoder().encode(
    JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
  );
}

function nestedJsonValue(depth: number): unknown {
  let value: unknown = { stringValue: "bottom" };
  for (let level = 0; level < depth; level++) value = { arrayValue: { values: [value] } };
  return value;
}

/** The bytes of a protobuf varint. */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let remaining = value;
  do {
    bytes.push((remaining & 0x7f) | (remaining > 0x7f ? 0x80 : 0));
    remaining >>>= 7;
  } while (remaining > 0);
  return bytes;
}

/** A protobuf length-delimited field: tag, varint length, bytes. */
function field(number: number, bytes: Uint8Array): Uint8Array {
  const head = [(number << 3) | 2, ...varint(bytes.length)];
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

/**
 * An AnyValue nested `depth` arrays deep, written into one buffer: each level is a prefix
 * (array_value, then values) before the level inside it, so the prefixes are sized from the
 * inside out and written from the outside in. Wrapping level by level copies the whole value
 * at every level, which took minutes for 10,000 levels on a loaded machine.
 */
function nestedProtobufValue(depth: number): Uint8Array {
  const bottom = field(1, new TextEncoder().encode("bottom")); // AnyValue.string_value
  const prefixes: number[][] = [];
  let length = bottom.length;
  for (let level = 0; level < depth; level++) {
    const values = [(1 << 3) | 2, ...varint(length)]; // ArrayValue.values
    const arrayValue = [(5 << 3) | 2, ...varint(values.length + length)]; // AnyValue.array_value
    const prefix = [...arrayValue, ...values];
    prefixes.push(prefix);
    length += prefix.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (let level = depth - 1; level >= 0; level--) {
    const prefix = prefixes[level] as number[];
    out.set(prefix, offset);
    offset += prefix.length;
  }
  out.set(bottom, offset);
  return out;
}

/** ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span with one attribute. */
function protobufSpanWithValue(anyValue: Uint8Array): Uint8Array {
  const hex = (text: string) => Uint8Array.from(Buffer.from(text, "hex"));
  const attribute = field(
    9,
    new Uint8Array([...field(1, new TextEncoder().encode("deep")), ...field(2, anyValue)]),
  );
  const span = new Uint8Array([
    ...field(1, hex("4bf92f3577b34da6a3ce929d0e0e4736")),
    ...field(2, hex("00f067aa0ba902b7")),
    ...field(5, new TextEncoder().encode("x")),
    ...attribute,
  ]);
  return field(1, field(2, field(2, span)));
}

describe("ingestTraces", () => {
  it("stores a real run's spans from OTLP/JSON and summarises the run", () => {
    const database = fresh();
    const response = ingestTraces(database, {
      body: jsonBody(real.spans),
      contentType: JSON_TYPE,
      contentEncoding: null,
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe("{}");
    expect(count(database, "spans")).toBe(real.spans.length);
    const run = database.prepare("SELECT * FROM runs").get() as Record<string, unknown>;
    const { result } = real;
    expect(run.run_id).toBe(result.runId);
    expect(run.status).toBe("ok");
    expect(run.query).toBe("What is <the> answer?");
    expect(run.root_model).toBe("claude-sonnet-4-5");
    expect(run.cost_usd).toBeCloseTo(result.costUsd!, 12);
    expect(run.input_tokens).toBe(result.usage.total.inputTokens);
    expect(run.output_tokens).toBe(result.usage.total.outputTokens);
    expect(run.depth_reached).toBe(1);
    expect(run.max_depth_limit).toBe(1);
    expect(run.subcalls).toBe(result.subCalls);
    expect(run.model_calls).toBe(result.usage.total.calls);
    expect(JSON.parse(run.limits as string)).toMatchObject({ max_depth: 1, max_cost_usd: 5 });
  });

  it("stores the same records from protobuf as from JSON, gzip or not", () => {
    const fromJson = fresh();
    ingestTraces(fromJson, {
      body: jsonBody(real.spans),
      contentType: JSON_TYPE,
      contentEncoding: null,
    });
    const expected = storedSpans(fromJson);
    for (const [body, encoding] of [
      [protobufBody(real.spans), null],
      [gzip(protobufBody(real.spans)), "gzip"],
    ] as const) {
      const database = fresh();
      const response = ingestTraces(database, {
        body,
        contentType: PROTOBUF_TYPE,
        contentEncoding: encoding,
      });
      expect(response.status).toBe(200);
      expect(response.contentType).toBe(PROTOBUF_TYPE);
      expect((response.body as Uint8Array).byteLength).toBe(0);
      expect(storedSpans(database)).toEqual(expected);
    }
    const gzipped = fresh();
    ingestTraces(gzipped, {
      body: gzip(jsonBody(real.spans)),
      contentType: "application/json; charset=utf-8",
      contentEncoding: "gzip",
    });
    expect(storedSpans(gzipped)).toEqual(expected);
  });

  it("keeps ids, times, parents, status and content exactly", () => {
    const database = fresh();
    ingestTraces(database, {
      body: protobufBody(real.spans),
      contentType: PROTOBUF_TYPE,
      contentEncoding: null,
    });
    for (const span of real.spans) {
      const row = database
        .prepare("SELECT * FROM spans WHERE span_id = ?")
        .get(span.spanContext().spanId) as Record<string, unknown>;
      expect(row.trace_id).toBe(span.spanContext().traceId);
      expect(row.parent_span_id ?? undefined).toBe(span.parentSpanContext?.spanId);
      expect(row.name).toBe(span.name);
      expect(row.start_ms).toBeCloseTo(span.startTime[0] * 1000 + span.startTime[1] / 1e6, 3);
      expect(row.end_ms).toBeCloseTo(span.endTime[0] * 1000 + span.endTime[1] / 1e6, 3);
      expect(row.status_code).toBe(span.status.code);
      expect(JSON.parse(row.attributes as string)).toEqual(span.attributes);
    }
  });

  it("refuses malformed bodies with 400 and stores nothing", () => {
    const database = fresh();
    const good = protobufBody(real.spans);
    const cases = [
      { body: new TextEncoder().encode("{not json"), contentType: JSON_TYPE },
      { body: new TextEncoder().encode("[1,2]"), contentType: JSON_TYPE },
      { body: new TextEncoder().encode('{"resourceSpans":{}}'), contentType: JSON_TYPE },
      {
        body: new TextEncoder().encode(
          '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"00f067aa0ba902b7","name":"x"}]}]}]}',
        ),
        contentType: JSON_TYPE,
      },
      { body: good.subarray(0, good.length - 7), contentType: PROTOBUF_TYPE },
      { body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), contentType: PROTOBUF_TYPE },
      { body: new Uint8Array([0x0f, 0x01]), contentType: PROTOBUF_TYPE },
      // A time no Date can hold: stored, it made every view of the runs list fail.
      { body: jsonSpanBody({ startTimeUnixNano: 1e30 }), contentType: JSON_TYPE },
      { body: jsonSpanBody({ startTimeUnixNano: -5 }), contentType: JSON_TYPE },
      // Deeply nested attribute values (10,000 levels) overflowed the decoder's stack (500).
      {
        body: jsonSpanBody({ attributes: [{ key: "deep", value: nestedJsonValue(1_000) }] }),
        contentType: JSON_TYPE,
      },
      { body: protobufSpanWithValue(nestedProtobufValue(10_000)), contentType: PROTOBUF_TYPE },
    ];
    for (const request of cases) {
      const response = ingestTraces(database, { ...request, contentEncoding: null });
      expect(response.status, new TextDecoder().decode(request.body)).toBe(400);
      expect(response.spanCount).toBe(0);
    }
    const badGzip = ingestTraces(database, {
      body: new TextEncoder().encode("not gzip"),
      contentType: JSON_TYPE,
      contentEncoding: "gzip",
    });
    expect(badGzip.status).toBe(400);
    expect(JSON.parse(badGzip.body as string).message).toMatch(/gzip/);
    expect(count(database, "spans")).toBe(0);
    expect(count(database, "runs")).toBe(0);
  });

  it("refuses wrong content types and encodings with 415", () => {
    const database = fresh();
    for (const contentType of ["text/plain", "application/xml", null, "multipart/form-data"]) {
      const response = ingestTraces(database, {
        body: jsonBody(real.spans),
        contentType,
        contentEncoding: null,
      });
      expect(response.status).toBe(415);
    }
    const brotli = ingestTraces(database, {
      body: jsonBody(real.spans),
      contentType: JSON_TYPE,
      contentEncoding: "br",
    });
    expect(brotli.status).toBe(415);
    expect(count(database, "spans")).toBe(0);
  });

  it("stores a span sent twice once", () => {
    const database = fresh();
    const body = jsonBody(real.spans);
    ingestTraces(database, { body, contentType: JSON_TYPE, contentEncoding: null });
    ingestTraces(database, { body, contentType: JSON_TYPE, contentEncoding: null });
    expect(count(database, "spans")).toBe(real.spans.length);
  });

  it("rebuilds the run that loses a span to another run's span with the same ids", () => {
    const database = fresh();
    ingestTraces(database, {
      body: jsonBody(real.spans),
      contentType: JSON_TYPE,
      contentEncoding: null,
    });
    const victim = real.spans[0]!;
    const intruder = jsonSpanBody({
      traceId: victim.spanContext().traceId,
      spanId: victim.spanContext().spanId,
      attributes: [{ key: "gen_ai.conversation.id", value: { stringValue: "intruder" } }],
    });
    expect(
      ingestTraces(database, { body: intruder, contentType: JSON_TYPE, contentEncoding: null })
        .status,
    ).toBe(200);
    const spanCounts = database
      .prepare("SELECT run_id, span_count FROM runs ORDER BY run_id")
      .all() as { run_id: string; span_count: number }[];
    expect(spanCounts).toContainEqual({ run_id: "intruder", span_count: 1 });
    expect(spanCounts).toContainEqual({
      run_id: real.result.runId,
      span_count: real.spans.length - 1,
    });
  });

  it("refuses spans with all-zero ids", () => {
    const database = fresh();
    for (const ids of [
      { traceId: "00000000000000000000000000000000" },
      { spanId: "0000000000000000" },
    ]) {
      const response = ingestTraces(database, {
        body: jsonSpanBody(ids),
        contentType: JSON_TYPE,
        contentEncoding: null,
      });
      expect(response.status).toBe(400);
    }
    expect(count(database, "spans")).toBe(0);
  });

  it("shows a run whose root span has not arrived as running, then as finished", () => {
    const database = fresh();
    const spans = syntheticRun({ runId: "run-live", spanCount: 200 });
    const root = spans.find((span) => !span.parentSpanContext)!;
    const rest = spans.filter((span) => span !== root);
    ingestTraces(database, {
      body: protobufBody(rest),
      contentType: PROTOBUF_TYPE,
      contentEncoding: null,
    });
    const running = database.prepare("SELECT * FROM runs").get() as Record<string, unknown>;
    expect(running.status).toBe("running");
    expect(running.ended_ms).toBeNull();
    expect(running.span_count).toBe(199);
    expect(running.subcalls).toBe(200 - 27 + 4);
    ingestTraces(database, {
      body: protobufBody([root]),
      contentType: PROTOBUF_TYPE,
      contentEncoding: null,
    });
    const done = database.prepare("SELECT * FROM runs").get() as Record<string, unknown>;
    expect(done.status).toBe("ok");
    expect(done.span_count).toBe(200);
    expect(done.subcalls).toBe(running.subcalls);
    expect(done.cost_usd).toBeCloseTo(running.cost_usd as number, 9);
  });

  it("ingests a 10,000-span trace in one request, as protobuf and as gzip JSON (timed by the benchmark)", () => {
    const spans = syntheticRun({ runId: "run-10k", spanCount: 10_000 });
    expect(spans).toHaveLength(10_000);
    for (const [body, contentType, encoding] of [
      [protobufBody(spans), PROTOBUF_TYPE, null],
      [gzip(jsonBody(spans)), JSON_TYPE, "gzip"],
    ] as const) {
      const database = fresh();
      const response = ingestTraces(database, { body, contentType, contentEncoding: encoding });
      expect(response.status).toBe(200);
      expect(count(database, "spans")).toBe(10_000);
      const run = database.prepare("SELECT * FROM runs").get() as Record<string, unknown>;
      expect(run.span_count).toBe(10_000);
      expect(run.status).toBe("ok");
      expect(run.node_count).toBe(5);
    }
  });
});
