// The built demo portal under the Content-Security-Policy that docs/deploy.md documents:
// the policy is read from docs/deploy/nginx.conf and docs/deploy/Caddyfile (which must
// agree), the site is served with it and the other security headers, and every page is
// opened in Chromium. No page may break the policy (a `securitypolicyviolation` event or
// a "Refused to …" console message), and search must still find things. A probe page
// with an inline script and style shows the check can fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, normalize, extname } from "node:path";
import { repo, buildSite, launch, blockThirdParty } from "./harness.mjs";
import { crawl } from "./crawl.mjs";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".xml": "application/xml", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
};

/** The policy as the deploy guide's nginx and Caddy configurations set it. */
function documentedPolicy() {
  const policyIn = (file) => {
    const text = readFileSync(join(repo, "docs", "deploy", file), "utf8");
    const m = text.match(/Content-Security-Policy "([^"]+)"/);
    assert.ok(m, `docs/deploy/${file} sets no Content-Security-Policy`);
    return m[1];
  };
  const nginx = policyIn("nginx.conf");
  assert.equal(policyIn("Caddyfile"), nginx, "nginx.conf and Caddyfile set different policies");
  return nginx;
}

const PROBE = '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>probe</title>'
  + '<style>body{color:red}</style></head><body><h1 style="color:blue">probe</h1>'
  + '<script>document.title="ran"</script></body></html>';

/** A static host for `dir` that sends `headers` with every response, as deployed. */
async function serveWithHeaders(dir, headers) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (url.pathname === "/__csp-probe.html") {
      res.writeHead(200, { ...headers, "content-type": TYPES[".html"] }).end(PROBE);
      return;
    }
    const file0 = join(dir, normalize(decodeURIComponent(url.pathname)));
    if (!file0.startsWith(dir)) { res.writeHead(403, headers).end(); return; }
    try {
      const file = statSync(file0).isDirectory() ? join(file0, "index.html") : file0;
      const body = readFileSync(file);
      res.writeHead(200, { ...headers, "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      const nf = join(dir, "404.html");
      res.writeHead(404, { ...headers, "content-type": TYPES[".html"] }).end(existsSync(nf) ? readFileSync(nf) : "");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const close = () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${server.address().port}`, close };
}

/** Opens `path` and returns the policy violations it caused, and its same-site links. */
async function visitUnderPolicy(page, origin, path, consoleLines) {
  const before = consoleLines.length;
  const res = await page.goto(origin + path, { waitUntil: "load" });
  if (path.startsWith("/soeg/")) await page.waitForLoadState("networkidle");
  const seen = await page.evaluate(() => ({
    violations: window.__csp || [],
    links: [...document.querySelectorAll("a[href], link[href], script[src], img[src]")].map((e) => e.href || e.src),
  }));
  const refused = consoleLines.slice(before).filter((l) => /Content Security Policy|Refused to/i.test(l));
  return { status: res.status(), header: res.headers()["content-security-policy"], violations: seen.violations, refused, links: seen.links };
}

test("the built demo works under the documented Content-Security-Policy", async (t) => {
  const policy = documentedPolicy();
  t.diagnostic(policy);
  const headers = {
    "content-security-policy": policy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
  };
  const dir = buildSite();
  const server = await serveWithHeaders(dir, headers);
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const blocked = [];
    await blockThirdParty(context, server.url, blocked);
    // Every violation the page reports, collected before any of its scripts run.
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber})`);
      });
    });
    const page = await context.newPage();
    const consoleLines = [];
    page.on("console", (m) => consoleLines.push(m.text()));
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));

    // The check can fail: the probe's inline style, style attribute and script are refused.
    const probe = await visitUnderPolicy(page, server.url, "/__csp-probe.html", consoleLines);
    assert.ok(probe.violations.length >= 2, `the probe page reported ${JSON.stringify(probe.violations)}`);
    assert.notEqual(await page.title(), "ran", "the inline script ran despite the policy");

    const problems = [];
    const visit = async (path) => {
      const r = await visitUnderPolicy(page, server.url, path, consoleLines);
      if (r.header !== policy) problems.push(`${path}: served without the policy`);
      for (const v of r.violations) problems.push(`${path}: ${v}`);
      for (const l of r.refused) problems.push(`${path}: console: ${l}`);
      return r.links;
    };
    const { pages } = await crawl(server.url, visit, { extraSeeds: ["/404.html", "/soeg/?q=unge"] });
    assert.ok(pages.length >= 60, `the crawl found only ${pages.length} pages`);
    t.diagnostic(`${pages.length} pages opened under the policy`);

    // Search, as a reader uses it: type a query and get results.
    await page.goto(server.url + "/soeg/");
    await page.focus("#q");
    await page.keyboard.type("dagpenge", { delay: 20 });
    await page.waitForFunction(() => document.querySelectorAll(".search-result h2 a").length > 0, null, { timeout: 15_000 });
    const hits = await page.$$eval(".search-result h2 a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(hits.some((h) => h.startsWith("/kommuner/")), `search found ${hits.join(", ")}`);
    const after = await page.evaluate(() => window.__csp);
    for (const v of after) problems.push(`/soeg/ while searching: ${v}`);

    assert.deepEqual(problems, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(blocked, []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
