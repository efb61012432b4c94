// The pictures in the README and the staff guide (docs/vejledning.md), taken of the demo
// portal as a reader sees it: the front page, a plan with its goal map, and a target with
// its follow-up. They go to target/screenshots/, and to docs/img/ with
// PLANPORTAL_DOC_IMAGES=1 (see shots.mjs). The overlay's pictures come from
// serve-overlay.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSite, blockThirdParty } from "./harness.mjs";
import { DESKTOP, open } from "./checks.mjs";
import { shoot } from "./shots.mjs";

const PICTURES = [
  ["readme-forside", "/"],
  ["vejledning-plan", "/kommuner/hjoerring/2022/"],
  ["vejledning-kapitel", "/kommuner/hjoerring/2022/unge/"],
];

test("the documentation's screenshots", async () => {
  await withSite(undefined, async ({ url, browser }) => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const blocked = [];
    await blockThirdParty(context, url, blocked);
    const page = await context.newPage();
    for (const [name, path] of PICTURES) {
      const res = await open(page, url, path);
      assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
      await shoot(page, name, { doc: true });
    }
    assert.deepEqual(blocked, []);
    await context.close();
  });
});
