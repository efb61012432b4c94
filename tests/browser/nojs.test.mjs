// The demo portal with JavaScript disabled: every page but search shows its content and
// navigation; the search page still shows its form and navigation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSite } from "./harness.mjs";
import { noJsAudit, report } from "./checks.mjs";

test("every page of the demo portal works without JavaScript", async (t) => {
  await withSite(undefined, async ({ url, browser }) => {
    const { pages, problems } = await noJsAudit(browser, url);
    assert.ok(pages.length >= 60, `the crawl found only ${pages.length} pages`);
    t.diagnostic(`${pages.length} pages checked`);
    assert.ok(problems.length === 0, report(problems));
  });
});
