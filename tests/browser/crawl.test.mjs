// Every page of the demo portal, at desktop and phone widths: axe-core (WCAG 2.0/2.1 A
// and AA), console and page errors, third-party requests, broken links and assets,
// horizontal scrolling, the head every page needs, and page weight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSite } from "./harness.mjs";
import { auditSite, report } from "./checks.mjs";

test("every page of the demo portal passes the audit", async (t) => {
  await withSite(undefined, async ({ url, browser }) => {
    const { pages, problems } = await auditSite(browser, url);
    assert.ok(pages.length >= 60, `the crawl found only ${pages.length} pages: ${pages.join(" ")}`);
    for (const p of ["/", "/soeg/", "/soeg/?q=unge", "/overblik/2022/", "/data/", "/404.html", "/tilgaengelighed/"]) assert.ok(pages.includes(p), `the crawl did not reach ${p}`);
    t.diagnostic(`${pages.length} pages checked`);
    assert.ok(problems.length === 0, report(problems));
  });
});
