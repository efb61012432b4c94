// What `serve` adds to pages must be usable by everyone: every page it serves (with the
// reload script injected) passes the full audit, axe-core with colour contrast
// included; so does every page again while a build has failed and the error overlay
// lies over it, and the plain page serve shows when no build has succeeded yet. The
// overlay keeps its own colours under a stylesheet that tries its hardest to change
// them. Screenshots of the overlay at 390 and 1280 px go to target/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, startServe, editFile } from "./harness.mjs";
import { auditSite, report, AXE_TAGS, DESKTOP, PHONE } from "./checks.mjs";
import { shoot } from "./shots.mjs";

const TIMEOUT = 60_000;
const CHAPTER = "content/kommuner/eksempelby/2022/02-unge.md";
const TITLE = 'title = "Flere unge i uddannelse og job"';
const BROKEN = 'title = "Flere unge i uddannelse og job';
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A new portal from `planportal init` in a temporary folder. */
function newPortal() {
  const tmp = mkdtempSync(join(tmpdir(), "planportal-overlay-"));
  const root = join(tmp, "portal");
  const init = spawnSync(binary(), ["init", root], { encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  return { tmp, root };
}

/** axe-core (WCAG 2.0/2.1 A and AA, colour contrast included) on the open page. */
async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, AXE_TAGS);
}

/**
 * The audit's problems, less the event stream being cut off when the crawl leaves a
 * page: the browser aborts an open EventSource on navigation, as it should.
 */
async function audit(browser, base) {
  const r = await auditSite(browser, base, { extraSeeds: ["/404.html"] });
  const problems = r.problems.filter((p) => !(p.rule === "request-failed" && p.message.startsWith("/__planportal/events:")));
  return { pages: r.pages, problems };
}

/** The overlay's colours as the browser computes them. */
const colours = (page) =>
  page.evaluate(() =>
    ["#planportal-fejl", "#planportal-fejl h2", "#planportal-fejl p", "#planportal-fejl pre"].map((sel) => {
      const s = getComputedStyle(document.querySelector(sel));
      return `${sel}: ${s.color} on ${s.backgroundColor}, ${s.fontSize}, ${s.display}`;
    }),
  );

test("every page serve injects into passes the audit, with and without the error overlay", async (t) => {
  const { tmp, root } = newPortal();
  const { url, stop } = startServe(root);
  const browser = await launch();
  try {
    const base = await url;
    const good = await audit(browser, base);
    assert.ok(good.pages.length >= 10, `the crawl found only ${good.pages.length} pages`);
    assert.ok(good.problems.length === 0, report(good.problems));

    editFile(root, CHAPTER, TITLE, BROKEN);
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(`${base}/kommuner/eksempelby/2022/unge/`);
    await page.locator("#planportal-fejl").waitFor({ state: "visible", timeout: TIMEOUT });
    assert.match(await page.locator("#planportal-fejl pre").innerText(), /02-unge\.md:2:/);

    // Readable: axe on the overlay, and its screenshot for people to look at.
    for (const vp of [PHONE, DESKTOP]) {
      await page.setViewportSize(vp);
      assert.deepEqual(await axe(page), [], `the overlay at ${vp.width} px`);
      await shoot(page, `overlay-${vp.width}`, { doc: true });
    }

    // A theme cannot change it: the same colours under a stylesheet that sets white on
    // white for everything, with !important and an id selector.
    const before = await colours(page);
    await page.addStyleTag({
      content: `html body #planportal-fejl, #planportal-fejl *, pre, h2, p, div {
        color: #fff !important; background: #fff !important; font-size: 2px !important;
        display: none !important; }`,
    });
    assert.deepEqual(await colours(page), before);
    t.diagnostic(before.join("; "));
    await page.close();

    const broken = await audit(browser, base);
    assert.ok(broken.pages.length >= 10, `the crawl found only ${broken.pages.length} pages`);
    assert.ok(broken.problems.length === 0, report(broken.problems));
  } finally {
    await browser.close();
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("the page serve shows before any build succeeded passes axe", async () => {
  const { tmp, root } = newPortal();
  editFile(root, CHAPTER, TITLE, BROKEN);
  const { url, stop } = startServe(root);
  const browser = await launch();
  try {
    const base = await url;
    const page = await browser.newPage({ viewport: DESKTOP });
    for (const path of ["/", "/findes-ikke/"]) {
      const res = await page.goto(base + path);
      assert.equal(res.status(), 404);
      await page.locator("#planportal-fejl").waitFor({ state: "visible", timeout: TIMEOUT });
      assert.match(await page.locator("h1").innerText(), /ikke bygget endnu/);
      for (const vp of [PHONE, DESKTOP]) {
        await page.setViewportSize(vp);
        assert.deepEqual(await axe(page), [], `${path} at ${vp.width} px`);
      }
    }
  } finally {
    await browser.close();
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
