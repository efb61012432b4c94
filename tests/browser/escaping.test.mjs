// Script injection: a portal whose every text field carries payloads
// (fixtures/escaping/) is built and every page loaded in Chromium. The test fails on
// any dialog (alert, confirm, prompt), any element or attribute the payloads would
// add (all carry "pwn"), any event-handler attribute, any javascript: URL, any
// iframe/object/embed, and on template syntax that was evaluated instead of shown.
// Feeds and open data must still parse.
//
// Search: /soeg/ is loaded with a query for "pwnsoeg", a word in a paragraph full of
// payloads. Until search lands this only loads the page; once it does, the excerpts
// it shows are checked by the same DOM scan, and the query must find the paragraph.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { repo, buildSite, serve, launch, blockThirdParty, scratchDir } from "./harness.mjs";

/** The fixture beside the repository's default theme, in a temporary folder. */
function fixtureSite() {
  const root = scratchDir("escaping");
  cpSync(join(repo, "tests/browser/fixtures/escaping"), root, { recursive: true });
  cpSync(join(repo, "themes/default"), join(root, "themes/default"), { recursive: true });
  return root;
}

/** Every file under `dir` ending in `ext`, as site paths. */
function files(dir, ext) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(ext)) out.push("/" + relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** Runs in the page: everything injected content could have added. */
function scanForInjections() {
  const bad = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "poster", "data"];
  const scriptUrl = /^[\s\u0000-\u001f]*(javascript|vbscript|data:text\/html)/i;
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (tag.includes("pwn")) bad.push(`injected element <${tag}>`);
    if (["iframe", "object", "embed", "frame", "frameset"].includes(tag)) bad.push(`<${tag}>`);
    if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") || "")) bad.push("meta refresh");
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) bad.push(`event handler ${name}= on <${tag}>`);
      if (name.includes("pwn")) bad.push(`injected attribute ${name} on <${tag}>`);
      if (name === "autofocus" && el.closest("main")) bad.push(`autofocus on <${tag}>`);
      if (urlAttrs.includes(name) && scriptUrl.test(a.value)) bad.push(`${name}="${a.value}" on <${tag}>`);
    }
  }
  for (const s of document.scripts) {
    if (s.textContent.includes("pwn")) bad.push(`injected inline script: ${s.textContent.slice(0, 60)}`);
    if (s.src && !s.src.startsWith(location.origin)) bad.push(`script from ${s.src}`);
  }
  return bad;
}

test("script-injection payloads never run, add elements or script links", async () => {
  const out = buildSite(fixtureSite());
  const pages = files(out, ".html");
  assert.ok(pages.length >= 15, `expected every page type, got ${pages.length}`);
  const server = await serve(out);
  const browser = await launch();
  const problems = [];
  try {
    const context = await browser.newContext();
    const thirdParty = [];
    await blockThirdParty(context, server.url, thirdParty);
    const page = await context.newPage();
    let current = "";
    page.on("dialog", async (d) => {
      problems.push(`${current}: a ${d.type()} dialog opened: ${d.message()}`);
      await d.dismiss();
    });
    page.on("pageerror", (e) => problems.push(`${current}: script error ${e.message}`));

    const visit = async (path) => {
      current = path;
      const res = await page.goto(server.url + path, { waitUntil: "load" });
      // The load event waits for images, so an onerror payload has fired by now.
      if (!path.endsWith("404.html")) assert.equal(res.status(), 200, `${path} status`);
      for (const p of await page.evaluate(scanForInjections)) problems.push(`${path}: ${p}`);
    };
    for (const p of pages) await visit(p.replace(/index\.html$/, ""));

    // Template syntax in content is shown, not evaluated.
    await visit("/om/");
    const text = await page.locator("main").innerText();
    assert.ok(text.includes("{% if true %}pwn-tera{% endif %}"), "template syntax shown as text");
    assert.ok(text.includes('<script>alert("pwn")</script>'), "raw HTML shown as text");

    // Search, with a query that matches the paragraph of payloads (see the top).
    await visit("/soeg/?q=pwnsoeg");
    const box = page.locator('input[type="search"], input[name="q"]').first();
    if (await box.count()) {
      await box.fill("pwnsoeg");
      await box.press("Enter");
      await page.waitForLoadState("load");
      for (const p of await page.evaluate(scanForInjections)) problems.push(`/soeg/ results: ${p}`);
    }

    // Feeds and sitemaps are well-formed XML; open data is valid JSON.
    for (const path of [...files(out, ".xml")]) {
      const ok = await page.evaluate(async (u) => {
        const xml = new DOMParser().parseFromString(await (await fetch(u)).text(), "application/xml");
        return xml.getElementsByTagName("parsererror").length === 0;
      }, server.url + path);
      if (!ok) problems.push(`${path} is not well-formed XML`);
    }
    for (const path of files(out, ".json")) {
      const ok = await page.evaluate(async (u) => {
        try { JSON.parse(await (await fetch(u)).text()); return true; } catch { return false; }
      }, server.url + path);
      if (!ok) problems.push(`${path} is not valid JSON`);
    }
    assert.deepEqual(thirdParty, [], "no request left the site");
  } finally {
    await browser.close();
    await server.close();
  }
  assert.deepEqual(problems, [], problems.join("\n"));
});
