// Keyboard use on every page of the demo portal: the skip link moves focus to the main
// content, and every interactive element is reached with Tab and shows visible focus.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSite } from "./harness.mjs";
import { keyboardAudit, report } from "./checks.mjs";

test("every page of the demo portal works with the keyboard", async (t) => {
  await withSite(undefined, async ({ url, browser }) => {
    const { pages, problems } = await keyboardAudit(browser, url);
    assert.ok(pages.length >= 60, `the crawl found only ${pages.length} pages`);
    t.diagnostic(`${pages.length} pages checked`);
    assert.ok(problems.length === 0, report(problems));
  });
});
