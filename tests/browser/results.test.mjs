// Results and status as a reader meets them: on the fixture plan with a target for every
// status, a chart's SVG is an image with an accessible name (its title and the finding),
// the table under it holds the same numbers as the open data, the Danish way, axe finds
// nothing at phone and desktop width, and a 390 px screenshot is written to
// target/screenshots/resultater-390.png for people to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repo, withSite, fixtureSite, blockThirdParty } from "./harness.mjs";
import { auditSite, report, PHONE, open, EXTRA_PAGES } from "./checks.mjs";

const PLAN = "/kommuner/testrup/2021/";
/** A number as the site writes it: decimal comma, thousands with a dot. */
const danish = (v) => {
  const [int, frac] = String(Math.abs(v)).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return (v < 0 ? "-" : "") + grouped + (frac ? "," + frac : "");
};

test("charts are named images with their numbers beside them, and the page is clean", async () => {
  await withSite(fixtureSite("results"), async ({ url, browser, dir }) => {
    const targets = JSON.parse(readFileSync(join(dir, "data", "targets.json"), "utf8"));
    const context = await browser.newContext({ viewport: PHONE });
    const blocked = [];
    await blockThirdParty(context, url, blocked);
    const page = await context.newPage();
    const res = await open(page, url, PLAN);
    assert.equal(res.status(), 200);

    for (const t of targets.filter((t) => t.results.some((r) => r.value !== null))) {
      const figure = page.locator(`#resultater-${t.local_id}`);
      const svg = figure.locator("svg.chart");
      assert.equal(await svg.getAttribute("role"), "img", `${t.local_id}: role`);
      // The accessible name is the title: what the chart shows and the finding.
      const name = await svg.evaluate((el) => {
        const ids = (el.getAttribute("aria-labelledby") || "").split(/\s+/);
        return ids.map((id) => document.getElementById(id)?.textContent || "").join(" ").trim();
      });
      assert.ok(name.startsWith("Resultater for "), `${t.local_id}: name "${name}"`);
      assert.ok(name.includes(t.status_reason), `${t.local_id}: the finding is in the name`);
      // The table under it: the same results, in the same order, the Danish way.
      const cells = await figure.locator("details table tbody tr").evaluateAll((rows) =>
        rows.map((r) => [r.querySelector("th").textContent.trim(), r.querySelector("td").textContent.trim()]));
      const shown = cells.filter(([when]) => when !== "Udgangspunkt" && !when.startsWith("Mål"));
      assert.equal(shown.length, t.results.length, `${t.local_id}: one row per result`);
      t.results.forEach((r, i) => {
        const unit = t.unit ? ` ${t.unit}` : "";
        assert.ok(shown[i][1].startsWith(danish(r.value) + unit), `${t.local_id}: row ${i} "${shown[i][1]}" is ${r.value}`);
      });
      // The chart fits the phone's width.
      const box = await svg.boundingBox();
      assert.ok(box && box.width <= PHONE.width, `${t.local_id}: the chart is ${box?.width} px wide`);
    }
    // The status of every target is on the page in words, as the open data has it.
    const labels = { achieved: "Nået", "on-track": "På vej", behind: "Bagud", "not-achieved": "Ikke nået", "no-data": "Ingen opfølgning endnu" };
    for (const t of targets) {
      const text = await page.locator(`tr#${t.local_id} .status`).innerText();
      assert.ok(text.includes(labels[t.status]), `${t.local_id}: "${text}" for ${t.status}`);
    }
    const shots = join(repo, "target", "screenshots");
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "resultater-390.png"), fullPage: true });
    await page.locator("#resultater-paa-vej").screenshot({ path: join(shots, "resultater-diagram-390.png") });
    await page.locator(".results-summary").screenshot({ path: join(shots, "resultater-status-390.png") });
    await page.locator("tr#paa-vej").screenshot({ path: join(shots, "resultater-raekke-390.png") });
    assert.deepEqual(blocked, [], "no third-party requests");
    await context.close();

    const { pages, problems } = await auditSite(browser, url);
    assert.ok(pages.includes(PLAN), "the audit reached the plan");
    assert.ok(problems.length === 0, report(problems));
  });
});

// A chapter's figures from the `chart` shortcode: each SVG is an image named by its title
// and finding, the table under it holds the CSV's numbers the Danish way, the picture
// beside it has its width and height, nothing overflows a 390 px phone, axe finds
// nothing; screenshots in target/screenshots/figurer-390.png for people to look at.
const CHAPTER = "/kommuner/testrup/2021/ledighed/";

test("chart shortcodes draw named images with the CSV's numbers under them", async () => {
  const root = fixtureSite("results");
  await withSite(root, async ({ url, browser }) => {
    const context = await browser.newContext({ viewport: PHONE });
    const blocked = [];
    await blockThirdParty(context, url, blocked);
    const page = await context.newPage();
    const res = await open(page, url, CHAPTER);
    assert.equal(res.status(), 200);
    const csvs = ["ledighed.csv", "unge.csv"].map((f) =>
      readFileSync(join(root, "content/kommuner/testrup/2021", f), "utf8").trim().split("\n").map((l) => l.split(";")));
    for (const [i, rows] of csvs.entries()) {
      const figure = page.locator(`#figur-${i + 1}`);
      const svg = figure.locator("svg.chart");
      assert.equal(await svg.getAttribute("role"), "img");
      const name = await svg.evaluate((el) => document.getElementById(el.getAttribute("aria-labelledby"))?.textContent || "");
      const title = await figure.locator("figcaption").innerText();
      assert.ok(name.startsWith(title + ". ") && name.length > title.length + 10, `figure ${i + 1}: name "${name}"`);
      const shown = await figure.locator("details table").evaluate((t) =>
        [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.trim())));
      // The same numbers (read the Danish way), written the Danish way with the unit.
      const unit = i === 0 ? " %" : "";
      const num = (v) => Number(v.replace(" %", "").replace(/\./g, "").replace(",", "."));
      assert.deepEqual(shown[0], rows[0], `figure ${i + 1}: the header is the CSV's`);
      assert.deepEqual(shown.slice(1).map((r) => [r[0], ...r.slice(1).map(num)]),
        rows.slice(1).map((r) => [r[0], ...r.slice(1).map(num)]), `figure ${i + 1}: the table is the CSV`);
      for (const r of shown.slice(1)) for (const v of r.slice(1)) assert.match(v, unit ? /^\d+(,\d+)? %$/ : /^\d+(,\d+)?$/);
      const box = await svg.boundingBox();
      assert.ok(box && box.width <= PHONE.width, `figure ${i + 1}: ${box?.width} px wide`);
    }
    const img = page.locator("img[alt^='Testrups byvåben']");
    assert.equal(await img.getAttribute("width"), "80");
    assert.equal(await img.getAttribute("height"), "96");
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), "the picture loads");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, "nothing scrolls sideways at 390 px");
    const shots = join(repo, "target", "screenshots");
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "figurer-390.png"), fullPage: true });
    await page.locator("#figur-2").screenshot({ path: join(shots, "figurer-soejler-390.png") });
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: join(shots, "figurer-print.png"), fullPage: true });
    assert.deepEqual(blocked, [], "no third-party requests");
    await context.close();

    const { pages, problems } = await auditSite(browser, url, { extraSeeds: [...EXTRA_PAGES, CHAPTER] });
    assert.ok(pages.includes(CHAPTER), "the audit reached the chapter");
    assert.ok(problems.length === 0, report(problems));
  });
});
