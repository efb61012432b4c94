// `planportal serve` in a real browser: the injected script reloads the page when a
// chapter is edited, the error overlay appears when its front matter breaks, and goes
// away when it is fixed. Every wait is for something to appear, with a timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch } from "./harness.mjs";

const TIMEOUT = 60_000;

/** Starts `serve` on a free port and resolves with its URL once it listens. */
function startServe(root) {
  const child = spawn(binary(), ["--root", root, "serve", "--port", "0"], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let said = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${said}`)), TIMEOUT);
    child.stderr.on("data", (chunk) => {
      said += chunk;
      const m = said.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${said}`)));
  });
  return { child, url };
}

/** Replaces text in a file by writing beside it and renaming, as many editors do. */
function edit(root, rel, from, to) {
  const path = join(root, rel);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${rel} has no ${from}`);
  writeFileSync(join(root, "edit.tmp"), text.replace(from, to));
  renameSync(join(root, "edit.tmp"), path);
}

test("serve reloads the page on an edit and shows a broken build over it", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "planportal-serve-browser-"));
  const root = join(tmp, "portal");
  const init = spawnSync(binary(), ["init", root], { encoding: "utf8" });
  assert.equal(init.status, 0, init.stderr);
  const chapter = "content/kommuner/eksempelby/2022/02-unge.md";

  const { child, url } = startServe(root);
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
    const exited = new Promise((ok) => child.on("exit", ok));
    child.kill("SIGINT");
    await exited;
    rmSync(tmp, { recursive: true, force: true });
  }
});
