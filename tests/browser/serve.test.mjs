// `planportal serve` in a real browser: the injected script reloads the page when a
// chapter is edited, the error overlay appears when its front matter breaks, and goes
// away when it is fixed. Every wait is for something to appear, with a timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, startServe, editFile } from "./harness.mjs";

const TIMEOUT = 60_000;
const edit = editFile;

test("serve reloads the page on an edit and shows a broken build over it", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "planportal-serve-browser-"));
  const root = join(tmp, "portal");
  const init = spawnSync(binary(), ["init", root], { encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  const chapter = "content/kommuner/eksempelby/2022/02-unge.md";

  const { url, stop } = startServe(root);
  const browser = await launch();
  try {
    const base = await url;
    const page = await browser.newPage();
    const res = await page.goto(`${base}/kommuner/eksempelby/2022/unge/`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator("#planportal-fejl").count(), 0);

    // No need to wait for the event stream: it starts with the number of the latest
    // build, and a page that shows an older one reloads at once.
    edit(root, chapter, "Alt for mange unge", "Rigtig mange unge");
    await page.getByText("Rigtig mange unge").first().waitFor({ timeout: TIMEOUT });

    edit(root, chapter, 'title = "Flere unge i uddannelse og job"', 'title = "Flere unge i uddannelse og job');
    const overlay = page.locator("#planportal-fejl");
    await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
    const text = await overlay.innerText();
    assert.match(text, /02-unge\.md:2:/);
    assert.match(text, /Siden kunne ikke bygges/);
    // The last good page is still there beneath it.
    assert.ok(await page.getByText("Rigtig mange unge").count() > 0);

    edit(root, chapter, 'title = "Flere unge i uddannelse og job', 'title = "Flere unge i uddannelse og job"');
    await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
    assert.ok(await page.getByText("Rigtig mange unge").count() > 0);
  } finally {
    await browser.close();
    // Ctrl-C, and wait for serve to remove its temporary build folder.
    await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});
