// The checks can fail: a site with deliberately broken pages (fixtures/broken) must make
// each audit report each fault, in a message naming the page and the rule, while the
// theme's own pages on the same site come out clean.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, fixtureSite } from "./harness.mjs";
import { auditSite, keyboardAudit, noJsAudit, formatProblem, report } from "./checks.mjs";

const BROKEN = ["/utilgaengelig/", "/fejlbehaeftet/", "/tastatur/", "/kun-js/"];
let server, browser, audit;
/** The full audit of the fixture, run once for the tests that read it. */
const fullAudit = () => (audit ??= auditSite(browser, server.url));

before(async () => {
  server = await serve(buildSite(fixtureSite("broken")));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Asserts that each [page, rule, text] is reported, and nothing on the clean pages. */
function expectProblems(problems, expected) {
  const lines = problems.map(formatProblem);
  for (const [page, rule, text = ""] of expected) {
    const hit = problems.find((p) => p.page === page && p.rule === rule && p.message.includes(text));
    assert.ok(hit, `expected "${rule}" on ${page}${text ? ` mentioning "${text}"` : ""}; got:\n${lines.join("\n")}`);
    const line = formatProblem(hit);
    assert.ok(line.includes(page) && line.includes(rule), `the message does not name the page and rule: ${line}`);
  }
  const elsewhere = problems.filter((p) => !BROKEN.includes(p.page));
  assert.ok(elsewhere.length === 0, "the fixture's clean pages were reported: " + report(elsewhere));
}

test("the audit reports missing alt text, low contrast and a third-party font", async () => {
  const { pages, problems } = await fullAudit();
  for (const p of BROKEN) assert.ok(pages.includes(p), `the crawl did not reach ${p}`);
  expectProblems(problems, [
    ["/utilgaengelig/", "axe image-alt", "img"],
    ["/utilgaengelig/", "axe color-contrast"],
    ["/utilgaengelig/", "third-party-request", "fonts.googleapis.com"],
    ["/utilgaengelig/", "third-party-resource", "fonts.googleapis.com"],
  ]);
  // Both widths are checked.
  for (const width of [1280, 390]) {
    assert.ok(problems.some((p) => p.page === "/utilgaengelig/" && p.rule === "axe image-alt" && p.width === width), `image-alt not reported at ${width} px`);
  }
});

test("the audit reports a page without its head, too wide, with errors, broken links and too heavy", async () => {
  const { problems } = await fullAudit();
  expectProblems(problems, [
    ["/fejlbehaeftet/", "title"],
    ["/fejlbehaeftet/", "lang"],
    ["/fejlbehaeftet/", "one-h1", "2 <h1>"],
    ["/fejlbehaeftet/", "meta-description"],
    ["/fejlbehaeftet/", "viewport"],
    ["/fejlbehaeftet/", "horizontal-scroll", "div"],
    ["/fejlbehaeftet/", "reflow", "320 px viewport"],
    ["/fejlbehaeftet/", "console-error", "fejl fra fixture"],
    ["/fejlbehaeftet/", "page-error", "ukendtFunktion"],
    ["/fejlbehaeftet/", "broken-link", "/findes-ikke/ answered 404"],
    ["/fejlbehaeftet/", "broken-fragment", "mangler"],
    ["/fejlbehaeftet/", "page-weight", "over 100 kB"],
  ]);
});

test("the keyboard audit reports a missing skip link, an unreachable link and invisible focus", async () => {
  const { problems } = await keyboardAudit(browser, server.url);
  expectProblems(problems, [
    ["/tastatur/", "skip-link"],
    ["/tastatur/", "keyboard-reachable", "Om portalen"],
    ["/tastatur/", "focus-visible", "Knap uden synligt fokus"],
  ]);
});

test("the no-JavaScript audit reports content that only a script shows", async () => {
  const { problems } = await noJsAudit(browser, server.url);
  expectProblems(problems, [
    ["/kun-js/", "nojs-heading"],
    ["/kun-js/", "nojs-content"],
  ]);
});
