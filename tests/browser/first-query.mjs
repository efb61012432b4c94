// Measures what a first search transfers on any built site, as the search test does for
// the demo: every response from opening `/soeg/?q=…` until the results are shown, each
// compressed as a static host serves it (gzip), page, stylesheets and script included.
//
//   node tests/browser/first-query.mjs BUILT_DIR [QUERY …]
//
// For the large-site figures in docs/search.md:
//   cargo run --release --example gen-corpus -- --out /dev/shm/corpus
//   target/release/planportal --root /dev/shm/corpus build -o /dev/shm/corpus-out
//   node tests/browser/first-query.mjs /dev/shm/corpus-out helsingor arbejde lærling "unge job"
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

import { blockThirdParty, launch, serve } from "./harness.mjs";

const [dir, ...queries] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node tests/browser/first-query.mjs BUILT_DIR [QUERY …]");
  process.exit(2);
}
const server = await serve(resolve(dir));
const browser = await launch();
try {
  for (const query of queries.length ? queries : ["helsingor"]) {
    // A fresh context per query: nothing cached from the one before.
    const context = await browser.newContext();
    const thirdParty = [];
    await blockThirdParty(context, server.url, thirdParty);
    const page = await context.newPage();
    const sizes = [];
    page.on("response", async (res) => {
      try {
        const body = await res.body();
        sizes.push(Math.min(body.length, gzipSync(body, { level: 6 }).length));
      } catch {
        // Redirects and aborted requests have no body.
      }
    });
    await page.goto(`${server.url}/soeg/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(
      (q) => document.getElementById("search-status").textContent.includes(`»${q}«`),
      query,
      { timeout: 30_000 },
    );
    await page.waitForLoadState("networkidle");
    const status = await page.locator("#search-status").textContent();
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(
      `${JSON.stringify(query)}: ${(total / 1000).toFixed(1)} kB in ${sizes.length} responses` +
        ` (${status.trim()})${thirdParty.length ? `; third-party requests: ${thirdParty}` : ""}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
