// Search without dead ends, on the built demo portal's real index (search.js's Index run
// in Node, files read from the build): a word that finds nothing leaves the results of
// the others, a one-letter typo finds the word, a municipality without a plan is named,
// a named municipality of the portal ranks its own records first, and no result quotes
// markup.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { buildSite } from "./harness.mjs";

const require = createRequire(import.meta.url);
const { Index, places, oneEditApart } = require("../../themes/default/static/search.js");

let index;

before(() => {
  const out = buildSite();
  const dir = join(out, "soeg", "indeks");
  globalThis.fetch = async (url) => {
    const file = join(dir, url.replace(/^\/i\//, "").replace(/\?.*$/, ""));
    return existsSync(file) ? new Response(readFileSync(file)) : new Response("", { status: 404 });
  };
  index = new Index("/i/");
});

/** The URLs and texts of the first `n` results of a query. */
async function top(query, n = 5) {
  const result = await index.search(query, new Map());
  const shown = await Promise.all(result.hits.slice(0, n).map((h) => index.details(h, result.meta)));
  return { result, shown };
}

test("one unknown word leaves the results of the others and is named", async () => {
  const { result, shown } = await top("jobcenter hjørring telefon");
  assert.ok(result.hits.length > 0, "results for jobcenter hjørring");
  assert.deepEqual(result.missing.map((t) => t.word), ["telefon"]);
  assert.ok(shown.every((d) => d.municipality === "Hjørring"), JSON.stringify(shown.map((d) => d.url)));
  // The same query without the unknown word gives the same results.
  const { result: without } = await top("jobcenter hjørring");
  assert.deepEqual(result.hits.map((h) => h.doc), without.hits.map((h) => h.doc));
});

test("a query of unknown words only finds nothing", async () => {
  const { result } = await top("xyzzyqq plughzz");
  assert.equal(result.hits.length, 0);
  assert.equal(result.missing.length, 2);
});

test("a one-letter typo in a word of five or more letters finds the word", async () => {
  const right = await top("løntilskud");
  assert.ok(right.result.hits.length > 0, "løntilskud is in the demo");
  for (const typo of ["lonttilskud", "løntilskut", "løntilksud"]) {
    const { result } = await top(typo);
    assert.ok(result.hits.length > 0, `${typo} finds løntilskud`);
    const got = new Set(result.hits.map((h) => h.doc));
    assert.ok(right.result.hits.some((h) => got.has(h.doc)), `${typo}: the same records`);
    assert.ok(result.terms[0].near.length > 0, `${typo}: the near words are known for marking`);
  }
  // Short words are not guessed at: too many neighbours.
  const { result } = await top("jobx");
  assert.equal(result.terms[0].near, undefined);
});

test("a municipality without a plan on the portal is named, whatever else is asked", async () => {
  for (const q of ["aarhus", "Århus Kommune", "unge i aarhus"]) {
    const { result } = await top(q);
    assert.deepEqual(result.absent, ["Aarhus"], q);
  }
  // The portal's own municipalities are not "absent".
  assert.deepEqual(places("hjørring allerød", ["Hjørring", "Allerød"]).absent, []);
  assert.deepEqual(places("høje-taastrup", []).absent, ["Høje-Taastrup"]);
  assert.deepEqual(places("kobenhavns kommune", []).absent, ["København"]);
});

test("unge hjørring ranks Hjørring's youth chapter first", async () => {
  const { shown } = await top("unge hjørring");
  assert.ok(shown.length > 0);
  assert.match(shown[0].url, /\/kommuner\/hjoerring\/2022\/[^/]*unge[^/]*\/$/, JSON.stringify(shown.map((d) => d.url)));
  assert.equal(shown[0].kind, "Kapitel");
});

test("no result quotes markup", async () => {
  for (const q of ["plan", "beskæftigelsesplan", "hjørring", "allerød"]) {
    const { result } = await top(q, 50);
    const shown = await Promise.all(result.hits.map((h) => index.details(h, result.meta)));
    for (const d of shown) assert.doesNotMatch(d.text, /<\/?[a-z][^>]*>/i, `${q}: ${d.url} quotes ${d.text.slice(0, 80)}`);
  }
});

test("the one-edit rule", () => {
  assert.ok(oneEditApart("lonttilskud", "lontilskud"));
  assert.ok(oneEditApart("lontilskut", "lontilskud"));
  assert.ok(oneEditApart("lontliskud", "lontilskud"));
  assert.ok(!oneEditApart("lontilskud", "lontilskud"));
  assert.ok(!oneEditApart("lontilsk", "lontilskud"));
});
