import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupTelemetry } from "@rlm/otel/setup";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatUsd } from "../src/components/format.ts";
import { APP_DIR, startDashboard } from "./support/dashboard-server.ts";
import { launchChromium } from "./support/launch-chromium.ts";
import { protobufBody } from "./support/otlp-bodies.ts";
import { limitRun, memoizedRun, realRun } from "./support/real-run.ts";
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
/** Exported with content capture off, the default: only its name can title it. */
let named: Awaited<ReturnType<typeof realRun>>;
/** Its second, identical sub-call is answered from the memo. */
let memoized: Awaited<ReturnType<typeof memoizedRun>>;

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
  named = await realRun({
    name: "nightly triage",
    captureContent: false,
    sinks: [telemetry.sink({ captureContent: false })],
  });
  await limitRun({ sinks: [sink()] });
  memoized = await memoizedRun({ sinks: [sink()] });
  await telemetry.shutdown();
  await postSpans(syntheticRun({ runId: "browser-10k", spanCount: 10_000 }));
});

afterAll(async () => {
  await browser?.close();
  if (DOCS !== join(APP_DIR, "docs")) rmSync(DOCS, { recursive: true, force: true });
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
    // Captured content and no name: the query is the run's title.
    expect(await row.locator("td.title").textContent()).toBe("What is <the> answer?");
    expect(await row.locator(".badge").textContent()).toBe("ok");
    await page.screenshot({ path: join(DOCS, "runs.png"), fullPage: true });

    await row.locator("a").first().click();
    await page.waitForURL(/\/runs\//);
    // The final answer comes first, as inert text.
    expect(await page.getByTestId("run-answer").locator("pre").textContent()).toBe(
      real.result.answer,
    );
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

  it("marks a sub-call answered from the memo and counts the run's cache hits", async () => {
    const page = await newPage();
    await page.goto(`${url}/runs/${encodeURIComponent(memoized.runId)}`);
    const card = (label: string) =>
      page.locator(".card").filter({ hasText: label }).first().locator(".value");
    expect(await card("Cache hits").textContent()).toBe("1");
    // The root turn and the first sub-call reached a model; the second did not.
    expect(await card("Model calls").textContent()).toBe("2");
    const root = page.getByTestId("run-tree").locator("li[data-depth='0']").first();
    await root.locator("button").first().click();
    const details = root.getByTestId("node-details").first();
    await details.waitFor();
    await details.locator("details summary").filter({ hasText: "llm_query calls" }).click();
    expect(await details.getByTestId("cache-hit").count()).toBe(1);
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

describe("runs without captured content", () => {
  it("are listed and shown by their name, with no answer to show", async () => {
    const page = await newPage();
    await page.goto(url);
    const row = page.locator(`tr[data-run-id="${named.result.runId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator("td.title").textContent()).toBe("nightly triage");
    await row.locator("td.title a").click();
    await page.waitForURL(/\/runs\//);
    expect(await page.getByTestId("run-title").textContent()).toBe("nightly triage");
    expect(await page.getByTestId("run-answer").count()).toBe(0);
    await page.close();
  });
});

/** Fails unless the page is at most as wide as the screen and each element is inside it. */
async function expectFitsScreen(page: Page, visible: Locator[]) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(
    scrollWidth,
    `page is ${scrollWidth}px wide on a ${innerWidth}px screen`,
  ).toBeLessThanOrEqual(innerWidth);
  for (const locator of visible) {
    const box = await locator.boundingBox();
    expect(box, String(locator)).not.toBeNull();
    expect(box!.x, String(locator)).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, String(locator)).toBeLessThanOrEqual(innerWidth);
  }
}

describe("on a phone-sized screen (390x844)", () => {
  async function phonePage(path: string): Promise<Page> {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${url}${path}`);
    return page;
  }

  it("lists runs as cards with status, cost and depth on screen", async () => {
    const page = await phonePage("/");
    const row = page.locator(`tr[data-run-id="${real.result.runId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    await expectFitsScreen(page, [
      row.locator("td.title"),
      row.locator(".badge"),
      row.locator("td.cost"),
      row.locator("td.depth"),
    ]);
    expect(await row.locator("td.cost").textContent()).toContain(formatUsd(real.result.costUsd));
    await page.screenshot({ path: join(DOCS, "phone-runs.png"), fullPage: true });

    // The header that sorts is hidden on a phone: the filter form sorts instead.
    await page.getByLabel("Sort by").selectOption("cost");
    await page.getByLabel("Order").selectOption("asc");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/sort=cost/);
    const costs = await page
      .locator("tbody td.cost")
      .evaluateAll((cells) =>
        cells.map((cell) => Number(cell.textContent?.replace(/[^0-9.]/g, ""))),
      );
    expect(costs.length).toBeGreaterThan(2);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    await page.close();
  });

  it("shows a run's answer, figures, tree and timeline without sideways scrolling", async () => {
    const page = await phonePage(`/runs/${encodeURIComponent(real.result.runId)}`);
    const card = (label: string) => page.locator(".card").filter({ hasText: label }).first();
    const root = page.getByTestId("run-tree").locator("li[data-depth='0']").first();
    await root.locator("button").first().click();
    await root.getByTestId("node-details").first().waitFor();
    await expectFitsScreen(page, [
      page.getByTestId("run-title"),
      page.getByTestId("run-answer"),
      page.locator("h1 + p .badge"),
      card("Cost"),
      card("Depth / limit"),
      root.locator(".tree-row").first(),
    ]);
    await page.screenshot({ path: join(DOCS, "phone-run.png"), fullPage: true });
    await page.close();

    const big = await phonePage("/runs/browser-10k");
    const timeline = big.getByTestId("timeline");
    await timeline.waitFor();
    await expectFitsScreen(big, [big.locator(".scroll-x").filter({ has: timeline })]);
    // Drawn at a readable scale: the timeline scrolls inside its box instead of shrinking.
    expect((await timeline.boundingBox())!.width).toBeGreaterThanOrEqual(760);
    await timeline.scrollIntoViewIfNeeded();
    await big.screenshot({ path: join(DOCS, "phone-timeline.png"), fullPage: false });
    await big.close();
  });

  it("fits the aggregates and import pages", async () => {
    const aggregates = await phonePage("/aggregates");
    await aggregates.getByTestId("aggregate-model").waitFor();
    const chart = aggregates.locator(".chart").first();
    await expectFitsScreen(aggregates, [chart]);
    // Labels stay legible: a chart scrolls inside its box rather than shrinking its text.
    expect((await chart.locator("svg").boundingBox())!.width).toBeGreaterThanOrEqual(440);
    await aggregates.screenshot({ path: join(DOCS, "phone-aggregates.png"), fullPage: true });
    await aggregates.close();
    const importPage = await phonePage("/import");
    await expectFitsScreen(importPage, [importPage.locator("input[type=file]")]);
    await importPage.close();
  });
});

/** A run nobody has sent yet, as the JSON Lines file `trajectoryFileSink` would write. */
async function freshTrajectory(name: string) {
  const run = await realRun({ name });
  return {
    runId: run.result.runId,
    jsonl: run.events.map((event) => JSON.stringify(event)).join("\n"),
  };
}

async function isListed(base: string, runId: string): Promise<boolean> {
  return (await (await fetch(base)).text()).includes(`data-run-id="${runId}"`);
}

describe("importing a trajectory", () => {
  it("works from the dashboard's own Import page", async () => {
    const { runId, jsonl } = await freshTrajectory("imported from the form");
    const page = await newPage();
    await page.goto(`${url}/import`);
    await page.locator("input[type=file]").setInputFiles({
      name: "run.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(jsonl),
    });
    await page.getByTestId("imported").waitFor();
    expect(await page.getByTestId("imported").textContent()).toContain(runId);
    expect(await isListed(url, runId)).toBe(true);
    await page.close();
  });

  it("refuses a post from a page of another origin, though no token is set", async () => {
    const { runId, jsonl } = await freshTrajectory("posted by another page");
    // Another local app, one port over: the same site, a different origin.
    const other = createServer((_, response) => {
      response
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><p>other app</p>");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const page = await newPage();
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const answered = page.waitForResponse(`${url}/api/import`);
      // A "simple" request: browsers send it without asking first, so only the server can refuse.
      await page.evaluate(
        ([target, body]) =>
          fetch(`${target}/api/import`, { method: "POST", mode: "no-cors", body }).then(() => {}),
        [url, jsonl] as const,
      );
      expect((await answered).status()).toBe(403);
      expect(await isListed(url, runId)).toBe(false);
      await page.close();
    } finally {
      other.close();
    }
  });

  it("sends the token the server asks for from the Import page", async () => {
    const directory = mkdtempSync(join(tmpdir(), "rlm-dashboard-token-"));
    const guarded = await startDashboard({
      databasePath: join(directory, "dashboard.db"),
      env: { RLM_DASHBOARD_TOKEN: "s3cret-token" },
    });
    try {
      const { runId, jsonl } = await freshTrajectory("imported with a token");
      const page = await newPage();
      await page.goto(`${guarded.url}/import`);
      const upload = () =>
        page.locator("input[type=file]").setInputFiles({
          name: "run.jsonl",
          mimeType: "application/x-ndjson",
          buffer: Buffer.from(jsonl),
        });
      await page.locator("input[name=token]").fill("wrong");
      await upload();
      await page.locator(".error-box").waitFor();
      expect(await page.locator(".error-box").textContent()).toMatch(/token/);
      await page.locator("input[name=token]").fill("s3cret-token");
      await upload();
      await page.getByTestId("imported").waitFor();
      expect(await isListed(guarded.url, runId)).toBe(true);
      await page.close();
    } finally {
      await guarded.stop();
      rmSync(directory, { recursive: true, force: true });
    }
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
