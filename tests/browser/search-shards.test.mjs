// Which index files a query fetches (search.js's Index, run in Node against an index
// held in memory): a common short word must not pull in the shards of every longer
// word that starts like it, while a word still being typed must.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Index, fold, stem } = require("../../themes/default/static/search.js");

const key = (word) => stem(fold(word));

/** An index of three shards as format.rs cuts them: "jo", and "jobcen" split out. */
function index() {
  const jobcenter = key("jobcenter");
  // Postings as format.rs writes them: per term its count (c), then all records
  // delta-coded (d) and weights (w) as digit strings ("a" is 10).
  const jo = [key("job"), key("jord")].sort();
  const shards = {
    jo: { t: jo, c: [1, 1], d: jo.map((t) => (t === key("job") ? "2" : "3")).join(""), w: "aa" },
    jobcen: { t: [jobcenter], c: [2], d: "01", w: "aa" },
  };
  const files = {
    "meta.json": { format: 2, n: 4, files: "4", shards: ["jo", "jobcen"], stop: [], facets: [], v: "1" },
    "t/jo.json": shards.jo,
    "t/jobcen.json": shards.jobcen,
  };
  const fetched = [];
  globalThis.fetch = async (url) => {
    const name = url.replace(/^\/i\//, "").replace(/\?.*$/, "");
    fetched.push(name);
    return { ok: name in files, status: 404, json: async () => files[name] };
  };
  return { search: new Index("/i/"), fetched };
}

test("a complete short word fetches its own shard, not its longer words' shards", async () => {
  assert.ok(key("jobcenter").startsWith(key("job")), "the fixture needs job to prefix jobcenter");
  const { search, fetched } = index();
  const { hits } = await search.search("job", new Map());
  assert.deepEqual(fetched.sort(), ["meta.json", "t/jo.json"]);
  assert.deepEqual(hits.map((h) => h.doc), [2]);
});

test("a word being typed also finds the longer words, from their own shards", async () => {
  const { search, fetched } = index();
  const { hits } = await search.search("jobc", new Map());
  assert.deepEqual(fetched.sort(), ["meta.json", "t/jo.json", "t/jobcen.json"]);
  // "jobcenter"'s records, and "job"'s: "jobc" may be "job" with a letter too many.
  assert.deepEqual(hits.map((h) => h.doc).sort(), [0, 1, 2]);
});

test("only the last word of a query is completed", async () => {
  const { search, fetched } = index();
  await search.search("jobc jord", new Map());
  assert.ok(!fetched.includes("t/jobcen.json"), `fetched ${fetched}`);
});
