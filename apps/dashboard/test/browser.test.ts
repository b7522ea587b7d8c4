import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupTelemetry } from "@rlm/otel/setup";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatUsd } from "../src/components/format.ts";
import { APP_DIR } from "./support/dashboard-server.ts";
import { launchChromium } from "./support/launch-chromium.ts";
import { protobufBody } from "./support/otlp-bodies.ts";
import { limitRun, realRun } from "./support/real-run.ts";
import { syntheticRun } from "./support/synthetic-run.ts";

const url = inject("dashboardUrl");
/** Screenshots refresh the README's images only when asked; otherwise they go to a temp folder. */
const DOCS =
  process.env.RLM_UPDATE_SCREENSHOTS === "1"
    ? join(APP_DIR, "docs")
    : mkdtempSync(join(tmpdir(), "rlm-dashboard-screenshots-"));

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let real: Awaited<ReturnType<typeof realRun>>;

async function postSpans(spans: ReturnType<typeof syntheticRun>) {
  const response = await fetch(`${url}/v1/traces`, {
    method: "POST",
    body: protobufBody(spans),
    headers: { "content-type": "application/x-protobuf" },
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  browser = await launchChromium();
  context = browser.context;
  // Seeded through @rlm/otel's own exporter, exactly as a user's application sends runs.
  const telemetry = setupTelemetry({
    endpoint: url,
    registerGlobal: false,
    serviceName: "browser-e2e",
  });
  const sink = () => telemetry.sink({ captureContent: true });
  real = await realRun({ sinks: [sink()] });
  await limitRun({ sinks: [sink()] });
  await telemetry.shutdown();
  await postSpans(syntheticRun({ runId: "browser-10k", spanCount: 10_000 }));
});

afterAll(async () => {
  await browser?.close();
});

/** A ceiling on waits that only catches a hang, also on a machine busy with other work. */
const HANG_MS = 90_000;

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  // Playwright's 30 s default fails a page that is only slow because the machine is busy.
  page.setDefaultTimeout(HANG_MS);
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

describe("the dashboard in a browser", () => {
  it("lists runs, opens one, expands a node and shows its code and cost", async () => {
    const page = await newPage();
    await page.goto(url);
    const row = page.locator(`tr[data-run-id="${real.result.runId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator("td.query").textContent()).toBe("What is <the> answer?");
    expect(await row.locator(".badge").textContent()).toBe("ok");
    await page.screenshot({ path: join(DOCS, "runs.png"), fullPage: true });

    await row.locator("a").first().click();
    await page.waitForURL(/\/runs\//);
    const tree = page.getByTestId("run-tree");
    const root = tree.locator("li[data-depth='0']").first();
    await root.locator("button").first().click();
    const details = root.getByTestId("node-details").first();
    await details.waitFor();
    const code = await details.getByTestId("cell-code").first().textContent();
    expect(code).toContain('llm_query("sub a")');
    // The first model turn's cost, as the run's first root call reported it.
    const firstTurn = real.events.find(
      (event) => event.type === "model-call-end" && event.depth === 0 && event.cellId === undefined,
    );
    expect(firstTurn?.type).toBe("model-call-end");
    const cost = firstTurn?.type === "model-call-end" ? firstTurn.costUsd : undefined;
    expect(await details.getByTestId("call-cost").first().textContent()).toBe(formatUsd(cost));
    // The child RLM hangs under the root, with its own model.
    expect(await tree.locator("li[data-depth='1'] strong").first().textContent()).toBe(
      "claude-haiku-4-5",
    );
    await page.screenshot({ path: join(DOCS, "run.png"), fullPage: true });
    await page.close();
  });

  it("keeps an HTML payload in a model reply inert text", async () => {
    const page = await newPage();
    await page.goto(`${url}/runs/${encodeURIComponent(real.result.runId)}`);
    const root = page.getByTestId("run-tree").locator("li[data-depth='0']").first();
    await root.locator("button").first().click();
    const reply = root.locator("pre.reply").filter({ hasText: "Looking at the data" });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('<img src=x onerror="window.__xss = 1">');
    expect(await reply.locator("img, script").count()).toBe(0);
    expect(await page.locator("img[src='x']").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    const output = root.locator("pre.output").filter({ hasText: "bold?" }).first();
    expect(await output.textContent()).toContain("<b>bold?</b>");
    await page.close();
  });

  it("marks a run that hit a limit", async () => {
    const page = await newPage();
    await page.goto(`${url}/?status=limit`);
    const link = page.locator("tbody tr a").first();
    await link.click();
    await page.waitForURL(/\/runs\//);
    expect(await page.getByTestId("limit-hit").textContent()).toMatch(/maxSubCalls/);
    await page.close();
  });

  it("shows a 10,000-span run with its timeline and critical path", async () => {
    const page = await newPage();
    await page.goto(`${url}/runs/browser-10k`);
    await page.getByTestId("timeline").waitFor();
    expect(
      await page.locator("[data-testid=timeline] rect[data-critical]").count(),
    ).toBeGreaterThan(3);
    expect(await page.locator("[data-testid=timeline] rect").count()).toBeGreaterThanOrEqual(
      10_000,
    );
    expect(await page.getByTestId("run-tree").locator("li").count()).toBe(5);
    // How fast it is ready is measured by `pnpm --filter @rlm/dashboard bench` (BENCHMARKS.md).
    await page.screenshot({
      path: join(DOCS, "timeline.png"),
      fullPage: false,
      clip: await timelineClip(page),
    });
    await page.goto(`${url}/aggregates`);
    await page.getByTestId("aggregate-model").waitFor();
    await page.screenshot({ path: join(DOCS, "aggregates.png"), fullPage: true });
    await page.close();
  });

  it("updates a running run without a reload when its root span arrives", async () => {
    const spans = syntheticRun({ runId: "browser-live", spanCount: 120 });
    const root = spans.find((span) => !span.parentSpanContext)!;
    await postSpans(spans.filter((span) => span !== root));
    const page = await newPage();
    await page.goto(`${url}/runs/browser-live`);
    const badge = page.locator("h1 + p .badge");
    expect(await badge.textContent()).toBe("running");
    await page.evaluate(() => {
      (window as { __sameDocument?: boolean }).__sameDocument = true;
    });
    await postSpans([root]);
    await expect.poll(() => badge.textContent(), { timeout: HANG_MS }).toBe("ok");
    // Still the same document: the page was updated in place, not reloaded.
    expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    );
    await page.close();
  });
});

async function timelineClip(page: Page) {
  const box = await page.getByTestId("timeline").boundingBox();
  if (!box) throw new Error("timeline not visible");
  return {
    x: box.x,
    y: Math.max(box.y - 30, 0),
    width: box.width,
    height: Math.min(box.height + 30, 900),
  };
}
