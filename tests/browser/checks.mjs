// The checks the browser suite runs on a served site. Each audit crawls every page
// (see crawl.mjs) in one shared browser and returns a list of problems, each naming
// the page, the width when it matters, the rule and what was found, so a failing run
// says exactly where to look. The tests assert that the demo portal has none and that
// the broken fixture site has the ones it was built to have.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { crawl, keyOf } from "./crawl.mjs";
import { blockThirdParty } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** WCAG 2.0 and 2.1, levels A and AA: the law for Danish public-sector sites. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
export const REFLOW = { width: 320, height: 256 };
/** HTML + CSS + JS a page may load, uncompressed. */
export const MAX_PAGE_BYTES = 100_000;
/** The search page: the one page allowed to need JavaScript. */
export const isSearchPage = (path) => path === "/soeg/" || path.startsWith("/soeg/?");
/**
 * Pages no link leads to that are checked too: the 404 page, and search with a query,
 * so the results, facets and their script are audited as a reader meets them.
 */
export const EXTRA_PAGES = ["/404.html", "/soeg/?q=unge", "/soeg/?q=aarhus", "/soeg/?q=jobcenter+hj%C3%B8rring+telefon"];

/**
 * Opens `path` and waits until it is ready to check. The search page builds its results
 * from fetched index files after load, so it is checked once the network is idle.
 */
export async function open(page, origin, path) {
  const res = await page.goto(origin + path, { waitUntil: "load" });
  if (isSearchPage(path)) await page.waitForLoadState("networkidle");
  return res;
}
/**
 * Search index chunks are data loaded on demand and do not count towards page weight:
 * Pagefind's `.pf_*` files, or an index shipped as a script (Zola's `search_index.da.js`).
 * Only documents, stylesheets and scripts are weighed, so most index formats never count.
 */
export const isSearchIndexChunk = (url) => /\.pf_(index|fragment|meta)$|search[-_]?index[^/]*$|[-_.]chunk[-_.][^/]*$/i.test(new URL(url).pathname);

/** One line per problem: `page (width) – rule: message`. */
export function formatProblem(p) {
  return `${p.page}${p.width ? ` (${p.width} px)` : ""} – ${p.rule}: ${p.message}`;
}

/** All problems, grouped by page (in the order the pages were found), one a line. */
export function report(problems) {
  const order = [...new Set(problems.map((p) => p.page))];
  const sorted = [...problems].sort((a, b) => order.indexOf(a.page) - order.indexOf(b.page));
  return `${problems.length} problem(s):\n` + sorted.map((p) => "  " + formatProblem(p)).join("\n");
}

/** A list of problems that holds each distinct problem once (a blocked font is retried). */
function collector() {
  const problems = [];
  const seen = new Set();
  const add = (page, rule, message, width) => {
    const key = JSON.stringify([page, rule, message, width]);
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ page, rule, message, ...(width ? { width } : {}) });
  };
  return { problems, add };
}

/**
 * The full audit: crawl, and on every page the head rules, link and asset status,
 * third-party requests, console and page errors, page weight, and axe-core plus
 * horizontal overflow at desktop and phone widths.
 */
export async function auditSite(browser, origin, { extraSeeds = EXTRA_PAGES } = {}) {
  const { problems, add } = collector();

  const context = await browser.newContext({ viewport: DESKTOP });
  const thirdParty = [];
  await blockThirdParty(context, origin, thirdParty);
  const page = await context.newPage();

  let current = null; // the page being audited: its path, weight and pending body reads
  page.on("requestfailed", (r) => {
    if (current && r.url().startsWith(origin)) add(current.path, "request-failed", `${keyOf(r.url())}: ${r.failure()?.errorText}`);
  });
  page.on("console", (m) => {
    if (current && m.type() === "error") add(current.path, "console-error", m.text());
  });
  page.on("pageerror", (e) => {
    if (current) add(current.path, "page-error", e.message);
  });
  page.on("response", (res) => {
    if (!current || !res.url().startsWith(origin)) return;
    const type = res.request().resourceType();
    if (res.status() >= 400) add(current.path, "broken-asset", `${keyOf(res.url())} answered ${res.status()}`);
    if (["document", "stylesheet", "script"].includes(type) && !isSearchIndexChunk(res.url())) {
      current.reads.push(res.body().then((b) => { current.weight.push([keyOf(res.url()), b.length]); }, () => {}));
    }
  });

  const idsByPage = new Map();
  const fragmentLinks = []; // { from, key, id }

  async function visit(path) {
    current = { path, reads: [], weight: [] };
    const firstThirdParty = thirdParty.length;
    const res = await open(page, origin, path);
    if (!res || res.status() !== 200) add(path, "page-status", `answered ${res ? res.status() : "nothing"}`);

    const facts = await page.evaluate(() => {
      const abs = (v) => { try { return new URL(v, document.baseURI).href; } catch { return null; } };
      const loads = [];
      for (const el of document.querySelectorAll("link[href]")) {
        const rel = (el.getAttribute("rel") || "").toLowerCase();
        if (rel === "canonical") continue; // names the public address, loads nothing
        loads.push({ what: `<link rel=${rel}>`, url: abs(el.getAttribute("href")), fetches: rel !== "alternate" });
      }
      for (const el of document.querySelectorAll("script[src], img[src], iframe[src], source[src], video[src], audio[src], embed[src], track[src]")) {
        loads.push({ what: `<${el.localName}>`, url: abs(el.getAttribute("src")), fetches: true });
      }
      for (const el of document.querySelectorAll("img[srcset], source[srcset]")) {
        for (const part of el.getAttribute("srcset").split(",")) {
          const u = part.trim().split(/\s+/)[0];
          if (u) loads.push({ what: `<${el.localName} srcset>`, url: abs(u), fetches: true });
        }
      }
      for (const el of document.querySelectorAll("object[data]")) loads.push({ what: "<object>", url: abs(el.getAttribute("data")), fetches: true });
      const links = [...document.querySelectorAll("a[href], area[href]")].map((a) => a.getAttribute("href"));
      return {
        title: document.title.trim(),
        lang: document.documentElement.getAttribute("lang"),
        h1: document.querySelectorAll("h1").length,
        description: document.querySelector('meta[name="description"]')?.getAttribute("content")?.trim() ?? null,
        viewport: document.querySelector('meta[name="viewport"]')?.getAttribute("content") ?? null,
        links: links.map(abs).filter(Boolean),
        loads: loads.filter((l) => l.url),
        ids: [...document.querySelectorAll("[id]")].map((e) => e.id).concat([...document.querySelectorAll("a[name]")].map((a) => a.name)),
      };
    });

    if (!facts.title) add(path, "title", "the page has no <title> (or it is empty)");
    if (facts.lang !== "da") add(path, "lang", `<html lang> is ${JSON.stringify(facts.lang)}, expected "da"`);
    if (facts.h1 !== 1) add(path, "one-h1", `the page has ${facts.h1} <h1> elements, expected exactly 1`);
    if (!facts.description) add(path, "meta-description", "the page has no <meta name=\"description\"> (or it is empty)");
    if (!facts.viewport || !/width\s*=\s*device-width/.test(facts.viewport)) {
      add(path, "viewport", `<meta name="viewport"> is ${JSON.stringify(facts.viewport)}, expected width=device-width`);
    }
    for (const l of facts.loads) {
      if (l.fetches && new URL(l.url).origin !== origin && !l.url.startsWith("data:")) {
        add(path, "third-party-resource", `${l.what} loads ${l.url}`);
      }
    }

    idsByPage.set(path, new Set(facts.ids));
    for (const href of facts.links) {
      const u = new URL(href);
      if (u.origin !== origin || !u.hash || u.hash === "#") continue;
      fragmentLinks.push({ from: path, key: u.pathname + u.search, id: decodeURIComponent(u.hash.slice(1)) });
    }

    // axe-core and overflow at both widths; the page is laid out again when resized.
    await page.evaluate(axeSource);
    for (const vp of [DESKTOP, PHONE]) {
      if (vp !== DESKTOP) await page.setViewportSize(vp);
      const violations = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        }));
      }, AXE_TAGS);
      for (const v of violations) {
        const shown = v.nodes.slice(0, 3).join(", ") + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : "");
        add(path, `axe ${v.id}`, `${v.help} (${v.impact}) at ${shown}`, vp.width);
      }
      if (vp === PHONE) {
        const overflow = await page.evaluate(horizontalOverflow);
        if (overflow) add(path, "horizontal-scroll", overflow, vp.width);
      }
    }
    // WCAG 1.4.10 Reflow: content must fit 320 CSS px (a 1280 px screen zoomed to 400 %).
    await page.setViewportSize(REFLOW);
    const reflow = await page.evaluate(horizontalOverflow);
    if (reflow) add(path, "reflow", reflow, REFLOW.width);
    await page.setViewportSize(DESKTOP);

    for (const u of thirdParty.slice(firstThirdParty)) add(path, "third-party-request", `blocked a request to ${u}`);
    await Promise.all(current.reads);
    const total = current.weight.reduce((s, [, n]) => s + n, 0);
    if (total > MAX_PAGE_BYTES) {
      const parts = current.weight.map(([k, n]) => `${k} ${(n / 1000).toFixed(1)} kB`).join(", ");
      add(path, "page-weight", `HTML + CSS + JS is ${(total / 1000).toFixed(1)} kB, over ${MAX_PAGE_BYTES / 1000} kB (${parts})`);
    }
    current = null;
    return facts.links.concat(facts.loads.map((l) => l.url));
  }

  const result = await crawl(origin, visit, { extraSeeds });
  problems.push(...result.seedProblems);
  for (const [key, r] of result.resources) {
    if (r.status >= 400 || r.status === 0) {
      // One problem per broken target, named by the first page that links to it: a
      // broken footer link is one mistake, not seventy.
      const [first = "(seed)", ...rest] = r.from;
      const others = rest.length ? ` (also linked from ${rest.length} other page${rest.length > 1 ? "s" : ""})` : "";
      add(first, "broken-link", `${key} answered ${r.status || r.error}${others}`);
    }
  }
  for (const { from, key, id } of fragmentLinks) {
    const ids = idsByPage.get(key);
    if (ids && !ids.has(id)) add(from, "broken-fragment", `${key}#${id}: no element has id "${id}"`);
  }
  await context.close();
  return { pages: result.pages, problems };
}

/** In the page: a description of what makes it scroll sideways, or null. */
function horizontalOverflow() {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const describe = (el) => el.localName + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join("");
  // The outermost elements sticking out, outside any box that scrolls or clips them.
  const culprits = [];
  const walk = (el) => {
    for (const child of el.children) {
      const r = child.getBoundingClientRect();
      const style = getComputedStyle(child);
      if (r.right > width + 1 && r.width > 0) { culprits.push(`${describe(child)} (right edge ${Math.round(r.right)} px)`); continue; }
      if (style.overflowX !== "visible") continue;
      walk(child);
    }
  };
  walk(document.body);
  return `the page is ${root.scrollWidth} px wide in a ${width} px viewport; sticking out: ${culprits.slice(0, 4).join(", ") || "unknown"}`;
}

/**
 * Presses Tab `n` times as real key events. The events are sent without waiting for each
 * to return: Chromium handles them in order, and a page with 200 links takes a fraction
 * of the time one round trip per key would.
 */
async function pressTab(cdp, n) {
  const key = { key: "Tab", code: "Tab", windowsVirtualKeyCode: 9, nativeVirtualKeyCode: 9 };
  const sent = [];
  for (let i = 0; i < n; i++) {
    sent.push(cdp.send("Input.dispatchKeyEvent", { type: "keyDown", ...key }));
    sent.push(cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...key }));
  }
  await Promise.all(sent);
}

/**
 * Keyboard use on every page: Tab first reaches a visible skip link, whose Enter moves
 * focus into <main>; Tab then reaches every interactive element, and each shows a focus
 * indicator (outline or box-shadow) it does not show unfocused.
 */
export async function keyboardAudit(browser, origin, { extraSeeds = EXTRA_PAGES } = {}) {
  const { problems, add } = collector();
  const context = await browser.newContext({ viewport: DESKTOP });
  await blockThirdParty(context, origin, []);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);

  async function visit(path) {
    await open(page, origin, path);
    // List the interactive elements with their unfocused look, and log every focus.
    const expected = await page.evaluate(() => {
      const sig = (el) => { const s = getComputedStyle(el); return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow }; };
      const describe = (el) => {
        const text = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || el.id || "").trim().replace(/\s+/g, " ").slice(0, 50);
        return `<${el.localName}${el.id ? ` id=${el.id}` : ""}${el.getAttribute("href") ? ` href=${el.getAttribute("href")}` : ""}> "${text}"`;
      };
      const selector = "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, audio[controls], video[controls], [contenteditable]:not([contenteditable=false]), [tabindex]";
      const list = [];
      document.querySelectorAll(selector).forEach((el) => {
        const tabindex = el.getAttribute("tabindex");
        const native = !el.matches("[tabindex]") || el.matches("a[href], area[href], button, input, select, textarea, summary, iframe, [contenteditable]");
        if (!native && Number(tabindex) < 0) return; // a focus target such as <main tabindex=-1>, not a control
        if (el.disabled || el.closest("[inert]")) return;
        if (el.localName === "summary" && el.parentElement.querySelector(":scope > summary") !== el) return;
        // Not rendered: display none, visibility hidden, or inside a closed <details>.
        if (!el.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true })) return;
        el.dataset.kbIndex = String(list.length);
        list.push({ desc: describe(el), tabindex, unfocused: sig(el) });
      });
      window.__focusLog = [];
      document.addEventListener("focusin", (e) => {
        const el = e.target;
        const entry = { index: el.dataset?.kbIndex ?? null, desc: describe(el), focused: sig(el) };
        if (window.__focusLog.length === 0) {
          // The first stop must be a visible skip link to <main>.
          window.__first = el;
          const r = el.getBoundingClientRect();
          const href = el.getAttribute("href") || "";
          entry.skip = {
            href,
            visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
            targetsMain: href.startsWith("#") && href.length > 1 && !!document.querySelector("main")?.matches(`#${CSS.escape(href.slice(1))}`),
          };
        }
        window.__focusLog.push(entry);
      }, true);
      return list;
    });
    await pressTab(cdp, expected.length + 3);
    const log = await page.evaluate(() => window.__focusLog);

    // The skip link: first, visible, and Enter on it moves focus into <main>.
    const first = log[0];
    if (!first) add(path, "skip-link", "Tab focuses nothing");
    else if (!first.skip.targetsMain) add(path, "skip-link", `the first Tab focuses ${first.desc}, not a link to <main>`);
    else {
      if (!first.skip.visible) add(path, "skip-link", "the skip link is not visible when focused");
      await page.evaluate(() => window.__first.focus());
      await page.keyboard.press("Enter");
      const inMain = await page.evaluate(() => {
        const main = document.querySelector("main");
        return !!main && (document.activeElement === main || main.contains(document.activeElement));
      });
      if (!inMain) add(path, "skip-link", "Enter on the skip link does not move focus into <main>");
    }

    // Every interactive element is reached, and shows focus it does not show unfocused.
    const reached = new Set();
    for (const f of log) {
      if (f.index === null || reached.has(f.index)) continue;
      reached.add(f.index);
      const e = expected[Number(f.index)];
      const visibleOutline = (o) => !o.startsWith("none") && !/ 0px /.test(o) && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(o);
      const outlineShows = visibleOutline(f.focused.outline) && f.focused.outline !== e.unfocused.outline;
      const shadowShows = f.focused.shadow !== "none" && f.focused.shadow !== e.unfocused.shadow;
      if (!outlineShows && !shadowShows) {
        add(path, "focus-visible", `${e.desc} shows no focus indicator (focused: outline ${f.focused.outline}, box-shadow ${f.focused.shadow})`);
      }
    }
    expected.forEach((e, i) => {
      if (!reached.has(String(i))) add(path, "keyboard-reachable", `${e.desc}${e.tabindex !== null ? ` (tabindex=${e.tabindex})` : ""} is not reached with Tab`);
    });
    return page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href));
  }

  const result = await crawl(origin, visit, { extraSeeds });
  await context.close();
  return { pages: result.pages, problems };
}

/**
 * With JavaScript disabled, every page but search shows its content and navigation:
 * its <h1>, the main menu, and at least as much text in <main> as with JavaScript.
 * The search page must still show its heading, navigation and form.
 */
export async function noJsAudit(browser, origin, { extraSeeds = EXTRA_PAGES } = {}) {
  const { problems, add } = collector();
  const withJs = await browser.newContext({ viewport: PHONE });
  const withoutJs = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  await blockThirdParty(withJs, origin, []);
  await blockThirdParty(withoutJs, origin, []);
  const on = await withJs.newPage();
  const off = await withoutJs.newPage();

  const look = (p) => p.evaluate(() => {
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
    const main = document.querySelector("main");
    const nav = document.querySelector('nav[aria-label="Hovedmenu"]');
    const h1 = document.querySelector("h1");
    return {
      h1: shown(h1) ? h1.innerText.trim() : null,
      main: shown(main) ? main.innerText.replace(/\s+/g, " ").trim().length : 0,
      nav: nav ? [...nav.querySelectorAll("a[href]")].filter(shown).map((a) => a.getAttribute("href")) : [],
      form: [...document.querySelectorAll("main form")].some((f) => shown(f) && [...f.querySelectorAll("input, button")].every(shown)),
      links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    };
  });

  async function visit(path) {
    await open(on, origin, path);
    await off.goto(origin + path, { waitUntil: "load" });
    for (const vp of [PHONE, DESKTOP]) {
      await on.setViewportSize(vp);
      await off.setViewportSize(vp);
      const a = await look(on);
      const b = await look(off);
      if (!b.h1) add(path, "nojs-heading", "without JavaScript the <h1> is not shown", vp.width);
      const missingNav = a.nav.filter((h) => !b.nav.includes(h));
      if (b.nav.length === 0) add(path, "nojs-navigation", "without JavaScript the main menu shows no links", vp.width);
      else if (missingNav.length) add(path, "nojs-navigation", `without JavaScript the main menu lacks ${missingNav.join(", ")}`, vp.width);
      if (isSearchPage(path)) {
        if (!b.form) add(path, "nojs-search-form", "without JavaScript the search form is not shown", vp.width);
      } else if (b.main === 0 || b.main < a.main * 0.95) {
        add(path, "nojs-content", `without JavaScript <main> shows ${b.main} characters of text, with it ${a.main}`, vp.width);
      }
    }
    return (await look(off)).links;
  }

  const result = await crawl(origin, visit, { extraSeeds });
  await withJs.close();
  await withoutJs.close();
  return { pages: result.pages, problems };
}
