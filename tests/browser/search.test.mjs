// The search page /soeg/ on the built demo portal, used as a citizen would: typing
// without æ/ø/å, inflected words and parts of compounds, filtering by facets, with
// the keyboard, on a phone, without JavaScript, and within the transfer budget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { runInNewContext } from "node:vm";
import { gunzipSync, gzipSync } from "node:zlib";
import { buildSite, serve, launch, blockThirdParty, repo } from "./harness.mjs";

const require = createRequire(import.meta.url);
let out, server, browser;

before(async () => {
  out = buildSite();
  server = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page whose requests outside the site are blocked and recorded. */
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const thirdParty = [];
  await blockThirdParty(context, server.url, thirdParty);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, thirdParty, errors };
}

/** Waits until the status line has answered `query` (the results are then shown). */
async function answered(page, query) {
  await page.waitForFunction(
    (q) => {
      const s = document.getElementById("search-status").textContent;
      return (s.includes(`»${q}«`) || (!q && /resultat/.test(s))) && /resultat/i.test(s);
    },
    query,
    { timeout: 10_000 },
  );
}

/** The links of the first `n` results. */
async function top(page, n = 3) {
  return page.$$eval(".search-result h2 a", (as, n) => as.slice(0, n).map((a) => a.getAttribute("href")), n);
}

/** Types a query into the search field key by key, as a person does. */
async function type(page, query) {
  await page.fill("#q", "");
  await page.focus("#q");
  await page.keyboard.type(query, { delay: 30 });
  await answered(page, query);
}

const expectations = [
  // Folding: typed without æ/ø/å.
  ["helsingor", "/kommuner/helsingoer/"],
  ["allerod", "/kommuner/alleroed/"],
  ["hjorring", "/kommuner/hjoerring/"],
  // Inflection: "sygedagpengene" is not in any plan; its stem is.
  ["sygedagpengene", "/kommuner/alleroed/2022/#rm4-helaarspersoner"],
  // Compounds: the target only says "sygedagpenge", the other "voksenlærlingeforløb".
  ["dagpenge", "/kommuner/alleroed/2022/#rm4-helaarspersoner"],
  ["lærling", "/kommuner/hjoerring/2022/#voksenlaerlinge"],
];

test("typed queries find the expected page among the first three results", async () => {
  const { context, page, thirdParty, errors } = await newPage();
  await page.goto(server.url + "/soeg/");
  for (const [query, expected] of expectations) {
    await type(page, query);
    const links = await top(page);
    assert.ok(links.includes(expected), `${query}: expected ${expected} in ${links.join(", ")}`);
    // The query is in the URL, so the search can be shared.
    assert.equal(new URL(page.url()).searchParams.get("q"), query);
  }
  assert.deepEqual(thirdParty, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the compound's part is marked in the result it was found in", async () => {
  const { context, page } = await newPage();
  await page.goto(server.url + "/soeg/?q=dagpenge");
  await answered(page, "dagpenge");
  const marked = await page.$$eval(".search-result mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marked.some((m) => m.startsWith("sygedagpenge")), marked.join(", "));
  await context.close();
});

/** Ticks the facet value `value` of the facet whose legend is `legend`. */
async function tick(page, legend, value) {
  const box = page
    .locator("#search-facets fieldset", { has: page.locator("legend", { hasText: legend }) })
    .getByRole("checkbox", { name: new RegExp(`^${value} \\(\\d+\\)$`) });
  const before = await page.textContent("#search-status");
  await box.check();
  await page.waitForFunction((b) => document.getElementById("search-status").textContent !== b, before);
}

async function metas(page) {
  return page.$$eval(".search-result-meta", (ps) => ps.map((p) => p.textContent));
}

test("facets filter by municipality, year and minister goal, with counts", async () => {
  const { context, page } = await newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(server.url + "/soeg/?q=unge");
  await answered(page, "unge");

  // Municipality: the count beside the value is the number of results after ticking.
  const label = await page
    .locator("#search-facets fieldset", { has: page.locator("legend", { hasText: "Kommune" }) })
    .getByRole("checkbox", { name: /^Hjørring \(\d+\)$/ })
    .evaluate((box) => box.parentElement.textContent);
  const count = Number(label.match(/\((\d+)\)/)[1]);
  await tick(page, "Kommune", "Hjørring");
  assert.match(await page.textContent("#search-status"), new RegExp(`^${count} resultat`));
  assert.ok((await metas(page)).every((m) => m.includes("Hjørring")));
  assert.ok((await top(page)).includes("/kommuner/hjoerring/2022/#ips-ung-virksomhed"));
  assert.deepEqual(new URL(page.url()).searchParams.getAll("kommune"), ["Hjørring"]);

  // Year: a fresh search filtered to 2020 shows only Hedensted's 2020 plan.
  await page.goto(server.url + "/soeg/?q=unge");
  await answered(page, "unge");
  await tick(page, "År", "2020");
  assert.ok((await metas(page)).every((m) => m.includes("2020")));
  assert.ok((await top(page)).includes("/kommuner/hedensted/2020/strategier/#uddannelsesplan-til-alle-unge-under-25-aar"));

  // Minister goal, from a shared link with the filter in the URL.
  const goal = "Personer med handicap i job";
  await page.goto(`${server.url}/soeg/?q=fleksjob&ministermaal=${encodeURIComponent(goal)}`);
  await answered(page, "fleksjob");
  const checked = await page.getByRole("checkbox", { name: new RegExp(`^${goal} \\(\\d+\\)$`) }).isChecked();
  assert.ok(checked);
  const links = await top(page);
  assert.ok(links.includes("/kommuner/helsingoer/2021/maal-resultatkrav-og-indsatser/#fleksjob-og-ledighedsydelse"), links.join(", "));
  const filtered = Number((await page.textContent("#search-status")).match(/^\d+/)[0]);
  await page.getByRole("checkbox", { name: new RegExp(`^${goal} `) }).uncheck();
  await page.waitForFunction((n) => !document.getElementById("search-status").textContent.startsWith(`${n} `), filtered);
  const all = Number((await page.textContent("#search-status")).match(/^\d+/)[0]);
  assert.ok(filtered < all, `${filtered} of ${all}`);
  await context.close();
});

test("the page works by keyboard and announces results", async () => {
  const { context, page } = await newPage();
  await page.goto(server.url + "/soeg/");
  const status = page.locator("#search-status");
  assert.equal(await status.getAttribute("aria-live"), "polite");
  assert.equal(await status.getAttribute("role"), "status");
  // Tab from the start of the page reaches the field; Enter searches at once.
  await page.keyboard.press("Tab"); // skip link
  for (let i = 0; i < 20 && !(await page.evaluate(() => document.activeElement?.id === "q")); i++) {
    await page.keyboard.press("Tab");
  }
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.type("allerod");
  await page.keyboard.press("Enter");
  await answered(page, "allerod");
  assert.match(await status.textContent(), /^\d+ resultater for »allerod«\.$/);
  // Tab on reaches the first result's link.
  await page.keyboard.press("Tab");
  for (let i = 0; i < 40 && !(await page.evaluate(() => !!document.activeElement?.closest(".search-result"))); i++) {
    await page.keyboard.press("Tab");
  }
  assert.ok(await page.evaluate(() => !!document.activeElement.closest(".search-result")));
  // Ticking a facet with the space bar keeps the focus on it while the results change.
  await page.locator("#search-filters").evaluate((d) => (d.open = true));
  const box = page.getByRole("checkbox", { name: /^Indsats \(\d+\)$/ });
  await box.focus();
  const before = await status.textContent();
  await page.keyboard.press("Space");
  await page.waitForFunction((b) => document.getElementById("search-status").textContent !== b, before);
  assert.deepEqual(
    await page.evaluate(() => [document.activeElement.name, document.activeElement.value, document.activeElement.checked]),
    ["type", "Indsats", true],
  );
  await context.close();
});

test("no accessibility violations with results shown, and fine at 390 px", async () => {
  for (const viewport of [{ width: 1200, height: 900 }, { width: 390, height: 844 }]) {
    const { context, page } = await newPage({ viewport });
    await page.goto(server.url + "/soeg/?q=helsingor");
    await answered(page, "helsingor");
    await page.addScriptTag({ content: readFileSync(require.resolve("axe-core/axe.min.js"), "utf8") });
    const result = await page.evaluate(() => axe.run(document));
    const violations = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`);
    assert.deepEqual(violations, [], `at ${viewport.width}px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${overflow}px wider than the ${viewport.width}px screen`);
    await context.close();
  }
});

test("without JavaScript the page says so and links to the browse pages", async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(server.url + "/soeg/?q=helsingor");
  const note = page.locator(".no-js-note");
  assert.ok(await note.isVisible());
  assert.match(await note.textContent(), /kræver JavaScript/);
  const links = await note.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(links, ["/ministermaal/", "/kommuner/", "/maalgrupper/"]);
  assert.equal(await page.locator("#search").isVisible(), false);
  await context.close();
});

test("a first query on the demo stays within 40 kB compressed, and makes no third-party requests", async () => {
  const { context, page, thirdParty } = await newPage();
  const sizes = [];
  page.on("response", async (res) => {
    try {
      const body = await res.body();
      // As a static host serves it: compressed, unless compression would not help.
      sizes.push({ url: res.url(), bytes: Math.min(body.length, gzipSync(body, { level: 6 }).length) });
    } catch {
      // Redirects and aborted requests have no body.
    }
  });
  await page.goto(server.url + "/soeg/?q=helsingor");
  await answered(page, "helsingor");
  await page.waitForLoadState("networkidle");
  const total = sizes.reduce((a, s) => a + s.bytes, 0);
  const search = sizes.filter((s) => s.url.includes("/soeg/indeks/") || s.url.includes("search.js"));
  const searchTotal = search.reduce((a, s) => a + s.bytes, 0);
  console.log(
    `first query "helsingor": ${(total / 1000).toFixed(1)} kB compressed in ${sizes.length} responses ` +
      `(search script and index: ${(searchTotal / 1000).toFixed(1)} kB)`,
  );
  // Issue 17: the demo's first query within 40 kB, page, styles and script included
  // (a 5,000-page site's within 100 kB: measured with first-query.mjs, docs/search.md).
  assert.ok(total <= 40_000, `${total} bytes`);
  const urls = sizes.map((s) => s.url);
  assert.deepEqual(urls.filter((u, i) => urls.indexOf(u) !== i), [], "fetched twice");
  assert.deepEqual(thirdParty, []);
  await context.close();
});

test("search.js folds and stems exactly as the index was built", async () => {
  // Every word of the demo's indexed text, folded and stemmed by search.js, must be a
  // term of the index the Rust build wrote, or the page would miss it.
  const sandbox = { module: { exports: {} } };
  runInNewContext(readFileSync(join(repo, "themes/default/static/search.js"), "utf8"), sandbox);
  const { fold, stem, words } = sandbox.module.exports;
  const dir = join(out, "soeg/indeks");
  const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"));
  const terms = new Set();
  for (const f of readdirSync(join(dir, "t"))) {
    for (const t of JSON.parse(readFileSync(join(dir, "t", f), "utf8")).t) terms.add(t);
  }
  const stop = new Set(meta.stop);
  let checked = 0;
  const missing = new Set();
  for (const f of readdirSync(join(dir, "r"))) {
    for (const sentence of JSON.parse(gunzipSync(readFileSync(join(dir, "r", f))).toString("utf8")).s) {
      for (const w of words(sentence)) {
        const folded = fold(w);
        if ([...folded].length < 2 || stop.has(folded)) continue;
        checked++;
        if (!terms.has(stem(folded))) missing.add(`${w} → ${stem(folded)}`);
      }
    }
  }
  assert.ok(checked > 10_000, `${checked} words`);
  assert.deepEqual([...missing], []);
  assert.equal(fold("Helsingoer"), "helsingor");
  assert.equal(stem(fold("kommunerne")), "kommun");
});

test("a query never ends in nothing when part of it can be answered", async () => {
  const { context, page, errors } = await newPage({ viewport: { width: 390, height: 844 } });
  // A municipality without a plan here is named, with the way to those that have one.
  await page.goto(server.url + "/soeg/?q=aarhus");
  await page.waitForSelector("#search-note:not([hidden])");
  const note = page.locator("#search-note");
  assert.match(await note.innerText(), /Aarhus Kommune har ingen plan på portalen endnu/);
  assert.equal(new URL(await note.locator("a").getAttribute("href"), server.url).pathname, "/kommuner/");
  await page.screenshot({ path: join(repo, "target", "search-absent-390.png") });
  // One word found nowhere with the others: the rest are answered, and the word named.
  await page.fill("#q", "jobcenter hjørring telefon");
  await answered(page, "jobcenter hjørring");
  assert.match(await note.innerText(), /»telefon«/);
  assert.ok((await metas(page)).every((m) => m.includes("Hjørring")));
  // A typo of one letter.
  await type(page, "lonttilskud");
  assert.ok((await top(page)).length > 0);
  assert.match(await note.innerText(), /ligner/);
  // Hjørring's youth chapter first.
  await type(page, "unge hjørring");
  assert.equal((await top(page, 1))[0], "/kommuner/hjoerring/2022/unge/");
  await page.screenshot({ path: join(repo, "target", "search-fallbacks-390.png"), fullPage: false });
  assert.deepEqual(errors, []);
  await context.close();
});
