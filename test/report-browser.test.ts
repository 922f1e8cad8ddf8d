// The report in a real headless Chromium (the OS package, driven by playwright-core): matrix cells and their
// highlighting, filters and keyboard use, a flag page, an environment's timeline built from a history this suite
// creates, and no request leaving the disk. UPDATE_SCREENSHOTS=1 writes the screenshots docs/ shows.
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireFreshDist, ROOT } from "./helpers/dist.js";
import { CAPTAIN, HOSTILE, reportFixture, type ReportFixture } from "./helpers/reportFixture.js";
import { tempDir } from "./helpers/releaseFixture.js";

const CHROMIUM = process.env.FLAGCTL_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`report-browser.test.ts: SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set FLAGCTL_CHROMIUM)`);
}
const shots = process.env.UPDATE_SCREENSHOTS === "1" ? join(ROOT, "docs/images") : tempDir("flagctl-shots-");

let f: ReportFixture;
let out: string;
let browser: BrowserContext;
/** Every URL any page asked for. */
const requests: string[] = [];

describe.skipIf(!haveChromium)("flagctl report in headless Chromium", () => {
  beforeAll(async () => {
    requireFreshDist();
    f = await reportFixture();
    out = join(tempDir("flagctl-report-out-"), "site");
    const r = await f.run(["report", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { chromium } = await import("playwright-core");
    // A fresh profile per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "flagctl-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    mkdirSync(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    f?.repo.cleanup();
  });

  async function open(path: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
    const page = await browser.newPage();
    await page.emulateMedia({ colorScheme });
    page.on("request", (req) => void requests.push(req.url()));
    page.on("dialog", (d) => {
      throw new Error(`a page opened a dialog: ${d.message()}`);
    });
    await page.goto(pathToFileURL(join(out, path)).href);
    return page;
  }

  const ENVS = ["dev", "staging", "prod"];
  /** Flag, owner and kind come first; then one column per environment. */
  const cell = (page: Page, key: string, env: string) => page.locator(`tr[data-key="${key}"] td:nth-child(${ENVS.indexOf(env) + 4})`);
  /** What the cell shows, without the screen-reader note. */
  const shown = (page: Page, key: string, env: string) => cell(page, key, env).evaluate((td) => td.firstChild?.textContent ?? "");

  it("the matrix shows what each environment serves and highlights what differs from the env before it", async () => {
    const page = await open("index.html");
    expect(await page.locator("#matrix thead th").allInnerTexts()).toEqual(["Flag", "Owner", "Kind", "dev", "staging", "prod"]);
    expect(await page.locator("#matrix tbody tr").count()).toBe(4);
    // new-flow: dev serves everyone true; staging has a rule; prod two rules and a 50% split.
    expect(await shown(page, "checkout.new-flow", "dev")).toBe("true");
    expect(await shown(page, "checkout.new-flow", "staging")).toBe("1 rule → false");
    expect(await shown(page, "checkout.new-flow", "prod")).toBe("2 rules → 50% rollout");
    expect(await shown(page, "search.ranker", "prod")).toBe("bm25");
    // Highlighted: staging vs dev and prod vs staging (the pipeline) differ for new-flow; ranker differs only in prod.
    const differs = async (key: string, env: string) => ((await cell(page, key, env).getAttribute("class")) ?? "").split(" ").includes("differs");
    expect(await differs("checkout.new-flow", "staging")).toBe(true);
    expect(await differs("checkout.new-flow", "prod")).toBe(true);
    expect(await differs("search.ranker", "staging")).toBe(false);
    expect(await differs("search.ranker", "prod")).toBe(true);
    expect(await differs("ops.maintenance", "prod")).toBe(false);
    // The highlight is visible, not only a class: another background than a plain cell.
    const bg = (key: string, env: string) => cell(page, key, env).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg("search.ranker", "prod")).not.toBe(await bg("search.ranker", "staging"));
    // Screen readers hear it too.
    expect(await cell(page, "search.ranker", "prod").textContent()).toContain("(differs from staging)");
    // User text is text: the hostile description neither ran nor became markup.
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.locator('tr[data-key="ops.maintenance"]').getAttribute("data-desc")).toBe(HOSTILE);
    // The stale (uniform) flag carries its reason.
    expect(await page.locator('tr[data-key="growth.old-banner"] th').innerText()).toContain("stale: uniform");
    await page.screenshot({ path: join(shots, "report-matrix.png") });
    await page.close();
  });

  it("filters by search, owner, stale reason and difference; keyboard reaches the flags", async () => {
    const page = await open("index.html");
    const visible = () => page.locator("#matrix tbody tr:visible").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")));
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    await page.keyboard.type("ranker");
    expect(await visible()).toEqual(["search.ranker"]);
    expect(await page.locator("#count").innerText()).toBe("Showing 1 of 4 flags");
    await page.fill("#q", "");
    await page.selectOption('select[name="owner"]', "@acme/payments");
    expect(await visible()).toEqual(["checkout.new-flow"]);
    await page.selectOption('select[name="owner"]', "");
    await page.selectOption('select[name="stale"]', "uniform");
    expect(await visible()).toEqual(["growth.old-banner"]);
    await page.selectOption('select[name="stale"]', "");
    await page.check("#differs");
    expect((await visible()).sort()).toEqual(["checkout.new-flow", "search.ranker"]);
    await page.uncheck("#differs");
    // Down arrow from the search box: the first flag's link, then the next; Enter opens it.
    await page.focus("#q");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("growth.old-banner");
    await page.keyboard.press("ArrowUp");
    await Promise.all([page.waitForURL(/flags\/checkout\.new-flow\.html$/), page.keyboard.press("Enter")]);
    expect(await page.locator("h1").innerText()).toBe("checkout.new-flow");
    await page.close();
  });

  it("a flag page: rules in diff's words, golden-test shares, owner, expiry and the git history", async () => {
    const page = await open("flags/checkout.new-flow.html");
    const prod = page.locator("tr", { has: page.locator('th a[href="../envs/prod.html"]') });
    expect(await prod.locator("ol.rules li").allInnerTexts()).toEqual([
      "launch partners: if team in [T024BE7LD, T0ABCDEF1] serve true",
      "if country in [CN, RU] serve false",
    ]);
    expect(await prod.locator("td").last().innerText()).toBe("everyone else gets rollout true 50% / false 50% (by user)");
    const facts = await page.locator("dl.facts").innerText();
    expect(facts).toContain("@acme/payments");
    expect(facts).toContain("2099-03-01");
    const shares = page.locator("#shares + table tbody tr");
    expect(await shares.first().locator("td").nth(4).innerText()).toBe("50% ± 3");
    expect(await shares.first().locator("td").nth(6).innerText()).toBe("passed");
    const history = await page.locator("#history + table tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent)));
    expect(history).toHaveLength(2);
    expect(history[0][1]).toBe("Ada Lovelace");
    expect(history[0][3]).toBe("prod: fallthrough rollout true 25% → 50% — moves exactly 25.000% of units matching no rule");
    expect(history[1][3]).toBe("created");
    await page.screenshot({ path: join(shots, "report-flag.png"), fullPage: true });
    await page.close();
  });

  it("an environment's timeline: promote, steps, rollback with who and why, the share chart and the fleet", async () => {
    const page = await open("envs/prod.html");
    const rows = await page.locator("table.timeline tbody tr").evaluateAll((trs) =>
      trs.map((tr) => ({ kind: tr.className, cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "") })),
    );
    // Newest first.
    expect(rows.map((r) => r.cells[0])).toEqual(["6", "5", "4", "3", "2", "1"]);
    expect(rows.map((r) => r.kind.split(" ")[0])).toEqual(["kind-stable", "kind-step", "kind-promote", "kind-rollback", "kind-step", "kind-promote"]);
    const rollback = rows[3].cells;
    expect(rollback[2]).toContain(`dropped ${f.version} at 50%`);
    expect(rollback[3]).toBe(CAPTAIN);
    expect(rollback[4]).toBe("error rate up on checkout");
    expect(rows[0].kind).toContain("current");
    // The chart: one line per candidate run, the rolled-back one and the one that became stable.
    expect(await page.locator("svg.chart path.run").evaluateAll((ps) => ps.map((p) => p.getAttribute("class")))).toEqual(["run rolled-back", "run stable"]);
    expect(await page.locator("svg.chart title").first().textContent()).toContain("Share of hosts");
    // The fleet from host reports.
    const fleet = await page.locator("#fleet + p").innerText();
    expect(fleet).toBe("1 of 2 hosts run what the pointer assigns them.");
    expect(await page.locator("td.state-drifting").count()).toBe(1);
    await page.screenshot({ path: join(shots, "report-timeline.png"), fullPage: true });
    await page.close();
    const dark = await open("envs/prod.html", "dark");
    expect(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 23)");
    await dark.screenshot({ path: join(shots, "report-timeline-dark.png") });
    await dark.close();
  });

  it("no page asked for anything outside the report directory", () => {
    expect(requests.length).toBeGreaterThan(0);
    const base = pathToFileURL(out).href;
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
  });
});
