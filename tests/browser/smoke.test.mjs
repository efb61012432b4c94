// The demo portal opens in a real browser and its front page is Danish.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch } from "./harness.mjs";

test("the front page opens in Chromium", async () => {
  const out = buildSite();
  const server = await serve(out);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const res = await page.goto(server.url + "/");
    assert.equal(res.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), "da");
    assert.equal(await page.locator("h1").count(), 1);
  } finally {
    await browser.close();
    await server.close();
  }
});
