// Discovers the pages of a served site: every page reachable from `/` and from
// `sitemap.xml`, following same-site links. Each page is opened by a caller-supplied
// `visit` function (in a real browser), which returns the links it found; every other
// same-site URL is fetched once here, so broken links and assets are known with the page
// that points to them.

/** URL key for a same-site URL: path and query, without the fragment. */
export function keyOf(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

/** The paths listed in the site's sitemap.xml, whatever host its base_url names. */
export async function sitemapPaths(origin) {
  const res = await fetch(origin + "/sitemap.xml");
  if (!res.ok) return { paths: [], status: res.status };
  const xml = await res.text();
  const paths = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => {
    const u = new URL(m[1].replace(/&amp;/g, "&"));
    return u.pathname + u.search;
  });
  return { paths, status: res.status };
}

/**
 * Crawls the site at `origin`. `visit(path)` opens an HTML page and returns the URLs it
 * links to or loads (absolute or relative to the page). Returns:
 * - `pages`: the HTML pages visited, in order of discovery;
 * - `resources`: for every other same-site URL, its status and the pages that point to it;
 * - `linkedFrom`: for every same-site key, the pages that link to it;
 * - `seedProblems`: problems with the seeds themselves (a missing sitemap).
 * `extraSeeds` are visited too (e.g. `/404.html`, which nothing links to).
 */
export async function crawl(origin, visit, { extraSeeds = [] } = {}) {
  const seen = new Map(); // key -> { status, type }
  const linkedFrom = new Map(); // key -> Set(page)
  const pages = [];
  const queue = [];
  const seedProblems = [];

  const sitemap = await sitemapPaths(origin);
  if (sitemap.status !== 200) seedProblems.push({ page: "/sitemap.xml", rule: "sitemap", message: `sitemap.xml answered ${sitemap.status}` });
  for (const p of sitemap.paths) note(p, "/sitemap.xml");

  async function probe(key) {
    if (seen.has(key)) return seen.get(key);
    const info = { status: 0, type: "" };
    seen.set(key, info);
    try {
      const res = await fetch(origin + key, { redirect: "follow" });
      info.status = res.status;
      info.type = res.headers.get("content-type") || "";
      await res.arrayBuffer();
    } catch (e) {
      info.status = 0;
      info.error = String(e);
    }
    return info;
  }

  function note(key, from) {
    if (!linkedFrom.has(key)) linkedFrom.set(key, new Set());
    if (from) linkedFrom.get(key).add(from);
  }

  async function enqueue(key) {
    const info = await probe(key);
    if (info.status === 200 && info.type.startsWith("text/html") && !pages.includes(key) && !queue.includes(key)) {
      queue.push(key);
    }
  }

  await enqueue("/");
  for (const p of sitemap.paths) await enqueue(p);
  for (const p of extraSeeds) await enqueue(p);

  while (queue.length) {
    const page = queue.shift();
    pages.push(page);
    const links = await visit(page);
    for (const href of links) {
      let u;
      try { u = new URL(href, origin + page); } catch { continue; }
      if (u.origin !== origin) continue;
      const key = u.pathname + u.search;
      note(key, page);
      await enqueue(key);
    }
  }

  const resources = new Map();
  for (const [key, info] of seen) resources.set(key, { ...info, from: [...(linkedFrom.get(key) || [])].sort() });
  return { pages, resources, linkedFrom, seedProblems };
}
