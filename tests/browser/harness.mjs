// Shared harness for the browser tests: build a site with the planportal binary,
// serve it on loopback, and launch Debian's Chromium through playwright-core.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, writeFileSync, renameSync, statSync, existsSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, extname, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The planportal binary: PLANPORTAL_BIN, or the release/debug build in target/. */
export function binary() {
  if (process.env.PLANPORTAL_BIN) return process.env.PLANPORTAL_BIN;
  for (const profile of ["release", "debug"]) {
    const p = join(repo, "target", profile, "planportal");
    if (existsSync(p)) return p;
  }
  const r = spawnSync("cargo", ["build", "--quiet"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) throw new Error("cargo build failed");
  return join(repo, "target", "debug", "planportal");
}

// Every folder a test process makes lies under one temporary folder, removed when the
// process exits, however it exits: without this, each run of the suite left about
// 70 MB of built sites in /tmp (a machine's disk once filled up that way).
let scratchRoot;
process.on("exit", () => {
  if (scratchRoot) rmSync(scratchRoot, { recursive: true, force: true });
});

/** A new empty folder, removed with the others when the test process exits. */
export function scratchDir(prefix) {
  if (!scratchRoot) scratchRoot = mkdtempSync(join(tmpdir(), "planportal-browser-"));
  return mkdtempSync(join(scratchRoot, `${prefix}-`));
}

/** Builds the site at `root` into a fresh temporary folder and returns its path. */
export function buildSite(root = repo, extraArgs = []) {
  const out = join(scratchDir("site"), "public");
  const r = spawnSync(binary(), ["--root", root, "build", "--output-dir", out, ...extraArgs], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`planportal build failed:\n${r.stderr}`);
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
  ".wasm": "application/wasm", ".png": "image/png", ".woff2": "font/woff2",
};

/** Serves `dir` on 127.0.0.1 (a random port) like a static host, with 404.html. */
export async function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      const notFound = join(dir, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(existsSync(notFound) ? readFileSync(notFound) : "not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  // close() also drops Chromium's keep-alive connections, so the test process can exit.
  const close = () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** Launches Debian's Chromium headless with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-component-update", "--no-first-run",
    ],
  });
}

/** Blocks and records every request that leaves `origin`. */
export async function blockThirdParty(context, origin, record) {
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
    record.push(u);
    return route.abort();
  });
}

/** A copy of `fixtures/<name>` with the repository's default theme, ready to build. */
export function fixtureSite(name) {
  const root = join(scratchDir(`fixture-${name}`), "site");
  cpSync(join(repo, "tests", "browser", "fixtures", name), root, { recursive: true });
  cpSync(join(repo, "themes", "default"), join(root, "themes", "default"), { recursive: true });
  return root;
}

/**
 * Builds the site at `root`, serves it and launches Chromium; runs `fn({ url, browser, dir })`
 * and always closes the browser and stops the server, whatever `fn` does.
 */
export async function withSite(root, fn, buildArgs = []) {
  const dir = buildSite(root, buildArgs);
  const server = await serve(dir);
  let browser;
  try {
    browser = await launch();
    return await fn({ url: server.url, browser, dir });
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

/**
 * Starts `planportal serve` for `root` on a free port. `url` resolves with its address
 * once it listens; `stop()` sends Ctrl-C and waits for it to exit (and remove its
 * temporary build folder).
 */
export function startServe(root, { timeout = 60_000 } = {}) {
  const child = spawn(binary(), ["--root", root, "serve", "--port", "0"], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let said = "";
  const exited = new Promise((ok) => child.on("exit", ok));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${said}`)), timeout);
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
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
    await exited;
  };
  return { child, url, stop };
}

/** Replaces text in a file by writing beside it and renaming, as many editors do. */
export function editFile(root, rel, from, to) {
  const path = join(root, rel);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${rel} has no ${from}`);
  writeFileSync(join(root, "edit.tmp"), text.replace(from, to));
  renameSync(join(root, "edit.tmp"), path);
}
