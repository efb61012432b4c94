// Screenshots of the page types a citizen meets most, at phone and desktop widths, and a
// plan in print, written to target/screenshots/ for people to look at. The test also
// asserts what print must do: no navigation on paper, the plan's content kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { repo, withSite, blockThirdParty } from "./harness.mjs";
import { DESKTOP, PHONE, open } from "./checks.mjs";

export const SHOTS = [
  ["forside", "/"],
  ["ministermaal", "/ministermaal/kvalificeret-arbejdskraft/"],
  ["ministermaal-aar", "/ministermaal/kvalificeret-arbejdskraft/2022/"],
  ["maalgruppe-aar", "/maalgrupper/unge/2022/"],
  ["plan", "/kommuner/hjoerring/2022/"],
  ["kapitel", "/kommuner/hjoerring/2022/unge/"],
  ["overblik", "/overblik/2022/"],
  ["soeg", "/soeg/?q=unge"],
];
const outDir = join(repo, "target", "screenshots");
const isPng = (file) => readFileSync(file).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

test("screenshots at 390 and 1280 px and a plan in print", async () => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await withSite(undefined, async ({ url, browser }) => {
    const context = await browser.newContext();
    const blocked = [];
    await blockThirdParty(context, url, blocked);
    const page = await context.newPage();
    for (const vp of [PHONE, DESKTOP]) {
      await page.setViewportSize(vp);
      for (const [name, path] of SHOTS) {
        const res = await open(page, url, path);
        assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
        const file = join(outDir, `${name}-${vp.width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(isPng(file), `${file} is not a PNG`);
      }
    }

    // Paper: an A4 page is 794 CSS px wide at 96 dpi.
    const plan = SHOTS.find(([n]) => n === "plan")[1];
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.goto(url + plan, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((el) => el.checkVisibility());
      return {
        chrome: ["header.site-header", "nav.main-nav", "footer.site-footer", ".skip-link", "form[role=search]"].filter(visible),
        content: ["main h1", "#resume", "#maalkort", "#resultatmaal table", "#kapitler"].filter((s) => !visible(s)),
        initiativesOpen: [...document.querySelectorAll("details .initiatives")].every((el) => el.checkVisibility()),
      };
    });
    assert.deepEqual(shown.chrome, [], `${plan} in print shows the site's navigation: ${shown.chrome.join(", ")}`);
    assert.deepEqual(shown.content, [], `${plan} in print hides its content: ${shown.content.join(", ")}`);
    assert.ok(shown.initiativesOpen, `${plan} in print keeps the initiatives in closed <details>`);
    await page.screenshot({ path: join(outDir, "plan-print.png"), fullPage: true });
    await page.pdf({ path: join(outDir, "plan-print.pdf"), format: "A4", printBackground: false });
    assert.ok(isPng(join(outDir, "plan-print.png")));
    assert.equal(readFileSync(join(outDir, "plan-print.pdf")).subarray(0, 5).toString(), "%PDF-");
    assert.deepEqual(blocked, [], "third-party requests while taking screenshots");
    await context.close();
  });
});
