// The search page (/soeg/): results as you type from the index the build wrote to
// soeg/indeks/ (see src/index/format.rs for the files). Danish as citizens type it:
// "helsingor", "Helsingoer" and "Helsingør" are one word (fold), inflections meet at
// their Snowball stem (stem), and compounds are found by their parts because the
// index holds their tails. fold() and stem() must stay in step with
// src/index/danish.rs; tests/search.rs and tests/browser/search.test.mjs check both
// against the same words.
"use strict";

// The index format this script reads. The build refuses a portal's own search.js
// without this line (src/theme.rs, SEARCH_SCRIPT_FORMAT): change both with the format.
const INDEX_FORMAT = 2;

/** The folded form of a text: æ→ae, ø→o, å→a, and the second letter of aa/oe dropped. */
function fold(text) {
  let out = "";
  let prev = "";
  for (const c of text.normalize("NFC").toLowerCase()) {
    if (c === "æ") {
      out += "ae";
      prev = "";
    } else if (c === "ø") {
      out += "o";
      prev = "o";
    } else if (c === "å") {
      out += "a";
      prev = "a";
    } else if ((c === "a" && prev === "a") || (c === "e" && prev === "o")) {
      prev = "";
    } else {
      out += c;
      prev = c === "a" || c === "o" ? c : "";
    }
  }
  return out;
}

const VOWELS = new Set("aeiouyæåø");
const S_ENDING = new Set("abcdfghjklmnoprtvyzå");
const CONSONANTS = new Set("bcdfghjklmnpqrstvwxz");
const MAIN_SUFFIXES = (
  "hed ethed ered e erede ende erende ene erne ere en heden eren er heder erer s heds es " +
  "endes erendes enes ernes eres ens hedens erens ers ets erets et eret"
)
  .split(" ")
  .map((s) => [...s])
  .sort((a, b) => b.length - a.length);
const OTHER_SUFFIXES = ["elig", "løst", "lig", "els", "ig"].map((s) => [...s]);
const PAIRS = new Set(["gd", "dt", "gt", "kt"]);

/** Snowball's Danish stemmer (snowballstem.org/algorithms/danish/stemmer.html). */
function stem(word) {
  const w = [...word];
  if (/^[0-9]+$/.test(word)) return word;
  // R1: after the first non-vowel that follows a vowel, and at least 3 letters in.
  let p1 = w.length;
  if (w.length >= 3) {
    let i = 0;
    while (i < w.length && !VOWELS.has(w[i])) i++;
    if (i < w.length) {
      i++;
      while (i < w.length && VOWELS.has(w[i])) i++;
      if (i < w.length) p1 = Math.max(i + 1, 3);
    }
  }
  let end = w.length;
  const endsWith = (s, from) => {
    if (end - s.length < from) return false;
    for (let k = 0; k < s.length; k++) if (w[end - s.length + k] !== s[k]) return false;
    return true;
  };
  const consonantPair = () => {
    if (end - p1 >= 2 && PAIRS.has(w[end - 2] + w[end - 1])) end -= 1;
  };
  // Main suffixes, in R1; a final s only after a valid s-ending.
  if (end > p1) {
    const suffix = MAIN_SUFFIXES.find((s) => endsWith(s, p1));
    if (suffix) {
      if (suffix.length === 1 && suffix[0] === "s") {
        if (end >= 2 && S_ENDING.has(w[end - 2])) end -= 1;
      } else {
        end -= suffix.length;
      }
    }
  }
  consonantPair();
  // Other suffixes: igst → ig anywhere, then in R1 ig, lig, elig, els, løst.
  if (endsWith([..."igst"], 0)) end -= 2;
  if (end - 1 > p1) {
    const suffix = OTHER_SUFFIXES.find((s) => endsWith(s, p1));
    if (suffix && suffix.join("") === "løst") {
      end -= 1;
    } else if (suffix) {
      end -= suffix.length;
      consonantPair();
    }
  }
  // Undouble a final consonant in R1.
  if (end - 1 >= p1 && CONSONANTS.has(w[end - 1]) && end >= 2 && w[end - 2] === w[end - 1]) {
    end -= 1;
  }
  return w.slice(0, end).join("");
}

/** The words of a text: runs of letters and digits. */
function words(text) {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The shard file a term belongs to at a prefix length (see shard_name in format.rs). */
function shardName(term, len) {
  return [...term]
    .slice(0, len)
    .map((c) => (/[a-z0-9]/.test(c) ? c : "_"))
    .join("");
}

/** The index's 64 digits (see LAST and MORE in src/index/json.rs). */
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/**
 * A number string as numbers: base 32, highest digit first; a digit from the second
 * half of DIGITS has more digits after it, one from the first half ends the number.
 */
function numbers(text) {
  const out = [];
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGITS.indexOf(text[i]);
    if (d >= 32) {
      n = n * 32 + (d - 32);
    } else {
      out.push(n * 32 + d);
      n = 0;
    }
  }
  return out;
}

/** Whether a folded word is found by an index key: inflections start with it, compounds contain it. */
function wordHas(folded, key) {
  return folded.startsWith(key) || (key.length >= 4 && folded.includes(key));
}

/** Runs [gap, length, …] as a list of ids. */
function fromRuns(runs) {
  const ids = [];
  let at = 0;
  for (let i = 0; i + 1 < runs.length; i += 2) {
    at += runs[i];
    for (let k = 0; k < runs[i + 1]; k++) ids.push(at + k);
    at += runs[i + 1];
  }
  return ids;
}

/**
 * Denmark's 98 municipalities (since 2007), as their own names are written. A query
 * that names one without a plan on the portal is told so, not left with nothing.
 */
const MUNICIPALITIES = (
  "Albertslund Allerød Ballerup Bornholm Brøndby Dragør Egedal Fredensborg Frederiksberg " +
  "Frederikssund Furesø Gentofte Gladsaxe Glostrup Gribskov Halsnæs Helsingør Herlev " +
  "Hillerød Hvidovre Høje-Taastrup Hørsholm Ishøj København Lyngby-Taarbæk Rudersdal " +
  "Rødovre Tårnby Vallensbæk Faxe Greve Guldborgsund Holbæk Kalundborg Køge Lejre Lolland " +
  "Næstved Odsherred Ringsted Roskilde Slagelse Solrød Sorø Stevns Vordingborg Assens " +
  "Billund Esbjerg Fanø Fredericia Faaborg-Midtfyn Haderslev Kerteminde Kolding Langeland " +
  "Middelfart Nordfyn Nyborg Odense Svendborg Sønderborg Tønder Varde Vejen Vejle Ærø " +
  "Aabenraa Favrskov Hedensted Herning Holstebro Horsens Ikast-Brande Lemvig Norddjurs Odder " +
  "Randers Ringkøbing-Skjern Samsø Silkeborg Skanderborg Skive Struer Syddjurs Viborg Aarhus " +
  "Brønderslev Frederikshavn Hjørring Jammerbugt Læsø Mariagerfjord Morsø Rebild Thisted " +
  "Vesthimmerland Aalborg"
).split(" ");

/** A municipality's own name for itself ("Københavns Kommune", "Bornholms Regionskommune"). */
function municipalityName(name) {
  if (name === "Bornholm") return "Bornholms Regionskommune";
  if (["København", "Nordfyn", "Vesthimmerland"].includes(name)) return `${name}s Kommune`;
  return `${name} Kommune`;
}

/**
 * The municipalities a query names. A name is its folded words in a row ("hoje
 * taastrup", "lyngby-taarbaek"), with or without a genitive s, and may be followed by
 * "kommune". Returns the names of those without a plan on the portal (`absent`: not in
 * `here`, the portal's own), and the query's words without them, in their order.
 */
function places(query, here) {
  const all = words(query);
  const qw = all.map(fold);
  const absent = [];
  const kept = [];
  for (let i = 0; i < qw.length; ) {
    let hit = null;
    for (const name of MUNICIPALITIES) {
      const nw = words(name).map(fold);
      const last = nw.length - 1;
      const same = nw.every((w, k) => qw[i + k] === w || (k === last && qw[i + k] === `${w}s`));
      if (same && (!hit || nw.length > hit.length)) hit = { name, length: nw.length };
    }
    if (hit && !here.includes(hit.name)) {
      absent.push(hit.name);
      i += hit.length;
      if (qw[i] === "kommune" || qw[i] === "kommunes") i++;
    } else {
      kept.push(all[i]);
      i++;
    }
  }
  return { absent, kept };
}

/** Damerau–Levenshtein distance of at most one: one letter more, less, other or swapped. */
function oneEditApart(a, b) {
  if (a === b) return false;
  const [s, t] = a.length <= b.length ? [a, b] : [b, a];
  if (t.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s[i] === t[i]) i++;
  if (s.length === t.length) {
    if (s.slice(i + 1) === t.slice(i + 1)) return true;
    return s[i] === t[i + 1] && s[i + 1] === t[i] && s.slice(i + 2) === t.slice(i + 2);
  }
  return s.slice(i) === t.slice(i + 1);
}

/** How much more a chapter counts than a part of a plan that matches as well. */
const CHAPTER_PRIOR = 1.3;

/** The shortest word a one-letter typo is looked for in: shorter words have too many neighbours. */
const TYPO_MIN_LENGTH = 5;

/**
 * Adds to `best` the records of every term in `shards` that `factor` gives a weight,
 * keeping each record's best score and the sentence it was found in.
 */
function collect(best, shards, factor) {
  for (const shard of shards) {
    let from = 0;
    shard.t.forEach((t, i) => {
      const count = shard.c[i];
      const at = from;
      from += count;
      const f = factor(t);
      if (!f) return;
      let doc = 0;
      for (let k = at; k < at + count; k++) {
        doc += shard.d[k];
        const score = shard.w[k] * f;
        const seen = best.get(doc);
        if (!seen || seen.score < score) best.set(doc, { score, key: t });
      }
    });
  }
}

/**
 * The records found by every one of `matches` (each a map of record → score and the
 * index term it was found by), with their scores added up and those terms, best match
 * first, which pick the sentence the result quotes.
 */
function together(matches) {
  const hits = new Map();
  for (const [doc, first] of matches[0] || []) {
    let score = first.score;
    const found = [first];
    let all = true;
    for (const m of matches.slice(1)) {
      const hit = m.get(doc);
      if (!hit) {
        all = false;
        break;
      }
      score += hit.score;
      found.push(hit);
    }
    if (all) {
      const keys = found.sort((a, b) => b.score - a.score).map((h) => h.key);
      hits.set(doc, { doc, score, keys });
    }
  }
  return hits;
}

/** The search engine over one index folder. */
class Index {
  constructor(base) {
    this.base = base;
    this.files = new Map();
    this.meta = null;
  }

  async load() {
    if (!this.meta) {
      this.meta = fetch(this.base + "meta.json", { cache: "no-cache" })
        .then((r) => {
          if (!r.ok) throw new Error(`${r.status}`);
          return r.json();
        })
        .then((meta) => {
          if (meta.format !== INDEX_FORMAT) {
            throw new Error(`søgeindekset har formatet ${meta.format}, scriptet læser ${INDEX_FORMAT}`);
          }
          meta.stopSet = new Set(meta.stop);
          // The first record of each r/ file, from each file's count of records.
          meta.starts = [];
          let start = 0;
          for (const c of meta.files) {
            meta.starts.push(start);
            start += DIGITS.indexOf(c);
          }
          // For every facet, the values of each record: as each value's runs of
          // records, as each record's one value + 1, or as each record's set of
          // values (w digits of six bits); see src/index/facets.rs.
          for (const f of meta.facets) {
            f.of = Array.from({ length: meta.n }, () => []);
            if (f.docs) {
              f.docs.forEach((runs, v) => {
                for (const id of fromRuns(runs)) f.of[id].push(v);
              });
            } else if (f.one) {
              for (let id = 0; id < meta.n; id++) {
                const d = DIGITS.indexOf(f.one[id]);
                if (d > 0) f.of[id].push(d - 1);
              }
            } else {
              for (let id = 0; id < meta.n; id++) {
                let set = 0;
                for (let k = 0; k < f.w; k++) set = set * 64 + DIGITS.indexOf(f.mask[id * f.w + k]);
                for (let v = 0; set; v++, set = Math.floor(set / 2)) if (set % 2) f.of[id].push(v);
              }
            }
          }
          return meta;
        });
    }
    return this.meta;
  }

  file(path) {
    // The promise is cached at once, so results sharing a file fetch it once.
    if (!this.files.has(path)) {
      const p = this.load()
        .then((meta) => fetch(`${this.base}${path}?v=${meta.v}`))
        .then(async (r) => {
          if (!r.ok) throw new Error(`${r.status} ${path}`);
          if (!path.endsWith(".gz")) return r.json();
          // Compressed by the build. A host that serves it with Content-Encoding has
          // unpacked it already: only bytes that start as gzip does are unpacked.
          const bytes = new Uint8Array(await r.arrayBuffer());
          if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
          const plain = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          return new Response(plain).json();
        })
        .then((data) => {
          // A term shard's postings arrive as number strings.
          if (typeof data.d === "string") {
            data.d = numbers(data.d);
            data.w = numbers(data.w);
          }
          return data;
        });
      p.catch(() => this.files.delete(path));
      this.files.set(path, p);
    }
    return this.files.get(path);
  }

  /** The query's terms: folded, without stop words and single letters, stemmed. */
  terms(query, meta) {
    return words(query)
      .map((word) => ({ word, folded: fold(word) }))
      .filter(({ folded }) => [...folded].length > 1 && !meta.stopSet.has(folded))
      .map(({ word, folded }) => ({ word, folded, key: stem(folded) }));
  }

  /**
   * Records matching one term, each with its score and best sentence.
   *
   * The term's own shards always load. Words that only start like it ("job" →
   * "jobcenter") are looked up only for the last word, and only when it is not a word
   * of the index itself: while it is being typed ("helsin"). A common complete word
   * would otherwise fetch every shard of its longer forms, the largest files there are.
   */
  async match(term, meta, last) {
    const name = shardName(term.key, 6);
    const own = meta.shards.filter((s) => name.startsWith(s));
    let loaded = await Promise.all(own.map((s) => this.file(`t/${s}.json`)));
    const known = loaded.some((shard) => shard.t.includes(term.key));
    if (last && !known) {
      const longer = meta.shards.filter((s) => s.startsWith(name) && !name.startsWith(s));
      loaded = loaded.concat(await Promise.all(longer.map((s) => this.file(`t/${s}.json`))));
    }
    const best = new Map();
    collect(best, loaded, (t) => {
      if (t.startsWith(term.key)) {
        // A longer word that starts like the query counts a little less.
        return t === term.key ? 1 : 0.5 + (0.5 * term.key.length) / t.length;
      }
      if (
        (term.key.startsWith(t) && t.length >= Math.max(3, term.key.length - 3)) ||
        (term.folded.startsWith(t) && t.length >= Math.max(3, term.folded.length - 3))
      ) {
        // The query is a longer form of an indexed stem: "virksomhederne" (stem
        // "virksomhed") finds "virksomhed" (stem "virksom"), "ledighe" while typing.
        return 0.8;
      }
      return 0;
    });
    if (!best.size && [...term.folded].length >= TYPO_MIN_LENGTH) {
      // Nothing found: a typo of one letter ("lonttilskud") finds the word. The shards
      // looked in are those of the word with one letter left out or two swapped, so an
      // extra, missing, wrong or swapped letter after the first few is found.
      const variants = new Set([term.key]);
      for (let i = 0; i < term.key.length; i++) {
        variants.add(term.key.slice(0, i) + term.key.slice(i + 1));
        if (i + 1 < term.key.length) {
          variants.add(term.key.slice(0, i) + term.key[i + 1] + term.key[i] + term.key.slice(i + 2));
        }
      }
      const names = new Set();
      for (const v of variants) {
        const n = shardName(v, 6);
        for (const s of meta.shards) if (n.startsWith(s)) names.add(s);
      }
      const near = await Promise.all([...names].map((s) => this.file(`t/${s}.json`)));
      term.near = [];
      collect(best, near, (t) => {
        if (!oneEditApart(t, term.key) && !oneEditApart(t, term.folded)) return 0;
        term.near.push(t);
        return 0.6;
      });
    }
    const df = best.size;
    const idf = Math.log(1 + (meta.n - df + 0.5) / (df + 0.5));
    for (const v of best.values()) v.score *= idf;
    return best;
  }

  /**
   * Searches: `selected` maps a facet key to the set of chosen value indexes.
   * Returns the ranked hits and, per facet, the count of each value among the hits
   * that pass the other facets' choices.
   */
  async search(query, selected) {
    const meta = await this.load();
    const facet = meta.facets.find((f) => f.key === "kommune");
    const here = facet ? facet.values : [];
    const { absent, kept } = places(query, here);
    const terms = this.terms(kept.join(" "), meta);
    let hits = null;
    let missing = [];
    if (terms.length) {
      const each = await Promise.all(terms.map((t, i) => this.match(t, meta, i === terms.length - 1)));
      // A word that finds nothing does not empty the results of the others: it is
      // left out, and the page says which it was.
      missing = terms.filter((t, i) => !each[i].size);
      const matches = each.filter((m) => m.size);
      hits = together(matches);
      if (!hits.size && matches.length > 1) {
        // No record has every word: the results for all but one, leaving out first
        // the word found in the fewest records ("jobcenter hjørring telefon").
        const order = matches.map((m, i) => i).sort((x, y) => matches[x].size - matches[y].size);
        for (const i of order) {
          const rest = together(matches.filter((m, k) => k !== i));
          if (rest.size) {
            hits = rest;
            missing.push(terms.filter((t, k) => each[k].size)[i]);
            break;
          }
        }
      }
    } else if (query.trim() === "" && [...selected.values()].some((s) => s.size)) {
      // No words, only filters: every record, in site order.
      hits = new Map();
      for (let doc = 0; doc < meta.n; doc++) hits.set(doc, { doc, score: 0, keys: [] });
    }
    if (!hits) return { terms, hits: [], counts: null, meta, missing, absent };

    const passes = (doc, except) =>
      meta.facets.every((f) => {
        const chosen = selected.get(f.key);
        return f.key === except || !chosen || !chosen.size || f.of[doc].some((v) => chosen.has(v));
      });
    // A chapter is the plan's own account of its subject: where it matches about as
    // well as one of its initiatives, the reader is better served by the chapter
    // ("unge hjørring" opens Hjørring's youth chapter, not a refugee initiative that
    // says "unge" twice in a short text).
    const types = meta.facets.find((f) => f.key === "type");
    const chapter = types ? types.values.indexOf("Kapitel") : -1;
    if (chapter >= 0) {
      for (const hit of hits.values()) if (types.of[hit.doc].includes(chapter)) hit.score *= CHAPTER_PRIOR;
    }
    const counts = {};
    for (const f of meta.facets) counts[f.key] = new Array(f.values.length).fill(0);
    const results = [];
    for (const hit of hits.values()) {
      for (const f of meta.facets) {
        if (passes(hit.doc, f.key)) for (const v of f.of[hit.doc]) counts[f.key][v]++;
      }
      if (passes(hit.doc, null)) results.push(hit);
    }
    results.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return { terms, hits: results, counts, meta, missing, absent };
  }

  /**
   * What a result shows: its record row and the sentence it quotes: the record's first
   * with a word found by the term of its best match, else by the next term's, else its
   * first sentence.
   */
  async details(hit, meta) {
    // The last file that starts at or before the record.
    let lo = 0;
    let hi = meta.starts.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (meta.starts[mid] <= hit.doc) lo = mid;
      else hi = mid - 1;
    }
    const file = await this.file(`r/${lo}.json.gz`);
    const [url, title, kind, municipality, years, subkind, runs] = file.r[hit.doc - meta.starts[lo]];
    const sentences = [];
    for (let i = 0; i + 1 < runs.length; i += 2) {
      for (let k = 0; k < runs[i + 1]; k++) sentences.push(file.s[runs[i] + k]);
    }
    let text = sentences[0] || "";
    let rank = Infinity;
    for (const sentence of sentences) {
      const folded = words(sentence).map(fold);
      const r = hit.keys.findIndex((key) => folded.some((w) => wordHas(w, key)));
      if (r >= 0 && r < rank) {
        rank = r;
        text = sentence;
        if (r === 0) break;
      }
    }
    return { url, title, kind, municipality, years, subkind, text };
  }
}

/** Appends `text` to `parent` with the words that match the query marked. */
function appendMarked(parent, text, terms) {
  const keys = terms.flatMap((t) => [t.key, ...(t.near || [])]).filter((k) => k.length >= 2);
  const matches = (word) => {
    const f = fold(word);
    // Inflections start with the stem; compounds contain it ("sygedagpenge").
    return keys.some((k) => wordHas(f, k));
  };
  for (const part of text.split(/([\p{L}\p{N}]+)/u)) {
    if (part && /[\p{L}\p{N}]/u.test(part) && matches(part)) {
      const mark = document.createElement("mark");
      mark.textContent = part;
      parent.append(mark);
    } else if (part) {
      parent.append(part);
    }
  }
}

/** A quote of about 30 words around the first match. */
function excerpt(text, terms) {
  const all = text.split(" ");
  if (all.length <= 32) return text;
  const keys = terms.flatMap((t) => [t.key, ...(t.near || [])]);
  const first = all.findIndex((w) => keys.some((k) => fold(w).includes(k)));
  const start = Math.max(0, Math.min(first - 8, all.length - 30));
  const end = Math.min(all.length, start + 30);
  return (start > 0 ? "… " : "") + all.slice(start, end).join(" ") + (end < all.length ? " …" : "");
}

const PAGE_SIZE = 10;

function setUp() {
  const root = document.getElementById("search");
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  if (!root || !form || !input) return;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const facetsBox = document.getElementById("search-facets");
  // A theme's own search page may lack the note: it is made beside the status.
  let note = document.getElementById("search-note");
  if (!note) {
    note = document.createElement("div");
    note.id = "search-note";
    note.className = "search-note";
    status.after(note);
  }
  const filters = document.getElementById("search-filters");
  const index = new Index(root.dataset.index);

  // With JavaScript the page searches by itself: the note about needing it goes.
  for (const note of document.querySelectorAll(".no-js-note")) note.hidden = true;
  root.hidden = false;
  if (filters && window.matchMedia("(min-width: 48em)").matches) filters.open = true;

  const params = new URLSearchParams(location.search);
  const selected = new Map();
  input.value = params.get("q") || "";

  let current = null;
  let shown = 0;
  let generation = 0;
  let timer = 0;

  function syncUrl() {
    const p = new URLSearchParams();
    if (input.value.trim()) p.set("q", input.value.trim());
    for (const [key, set] of selected) {
      const f = current && current.meta.facets.find((x) => x.key === key);
      if (f) for (const v of set) p.append(key, f.values[v]);
    }
    const qs = p.toString();
    history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
  }

  function say(text) {
    status.textContent = text;
  }

  /**
   * What the query could not find, said beside the results: a municipality without a
   * plan here (with the way to those that have one), a word found nowhere, a word
   * found only as a near spelling.
   */
  function tell(result) {
    note.replaceChildren();
    const lines = [];
    for (const name of result.absent) {
      const p = document.createElement("p");
      const a = document.createElement("a");
      a.href = root.dataset.municipalities || "../kommuner/";
      a.textContent = "Se de kommuner, der har en plan her";
      p.append(`${municipalityName(name)} har ingen plan på portalen endnu. `, a, ".");
      lines.push(p);
    }
    const words = (ts) => ts.map((t) => `»${t.word}«`).join(", ");
    if (result.missing.length && result.missing.length < result.terms.length) {
      const p = document.createElement("p");
      p.textContent = `Intet fundet for ${words(result.missing)}: resultaterne er for de andre ord.`;
      lines.push(p);
    }
    const near = result.terms.filter((t) => t.near && t.near.length);
    if (near.length) {
      const p = document.createElement("p");
      p.textContent = `Ingen ord staves præcis ${words(near)}: resultaterne er for ord, der ligner.`;
      lines.push(p);
    }
    note.append(...lines);
    note.hidden = !lines.length;
  }

  function renderFacets(result) {
    // The boxes are rebuilt with new counts: keep the keyboard where it was.
    const active = document.activeElement;
    const focused = facetsBox.contains(active) ? [active.name, active.value] : null;
    facetsBox.replaceChildren();
    if (!result.counts) return;
    for (const f of result.meta.facets) {
      const chosen = selected.get(f.key) || new Set();
      const values = f.values
        .map((name, v) => ({ name, v, count: result.counts[f.key][v] }))
        .filter((x) => x.count > 0 || chosen.has(x.v));
      if (!values.length) continue;
      const fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = f.label;
      fieldset.append(legend);
      const ul = document.createElement("ul");
      for (const { name, v, count } of values) {
        const li = document.createElement("li");
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = f.key;
        box.value = name;
        box.checked = chosen.has(v);
        box.addEventListener("change", () => {
          const set = selected.get(f.key) || new Set();
          if (box.checked) set.add(v);
          else set.delete(v);
          selected.set(f.key, set);
          run(true);
        });
        const n = document.createElement("span");
        n.className = "facet-count";
        n.textContent = `(${count})`;
        label.append(box, ` ${name} `, n);
        li.append(label);
        ul.append(li);
      }
      fieldset.append(ul);
      facetsBox.append(fieldset);
    }
    if (focused) {
      const again = [...facetsBox.querySelectorAll("input")].find(
        (b) => b.name === focused[0] && b.value === focused[1],
      );
      if (again) again.focus();
    }
  }

  async function showMore(gen) {
    const { hits, terms, meta } = current;
    const next = hits.slice(shown, shown + PAGE_SIZE);
    shown += next.length;
    const items = await Promise.all(next.map((h) => index.details(h, meta)));
    if (gen !== generation) return;
    for (const d of items) {
      const li = document.createElement("li");
      li.className = "search-result";
      const h = document.createElement("h2");
      const a = document.createElement("a");
      a.href = d.url;
      appendMarked(a, d.title, terms);
      h.append(a);
      const info = document.createElement("p");
      info.className = "search-result-meta";
      info.textContent = [d.subkind ? `${d.kind} · ${d.subkind}` : d.kind, d.municipality, d.years]
        .filter(Boolean)
        .join(" · ");
      const quote = document.createElement("p");
      quote.className = "search-result-excerpt";
      appendMarked(quote, excerpt(d.text, terms), terms);
      li.append(h, info, quote);
      list.append(li);
    }
    more.hidden = shown >= hits.length;
  }

  async function run(now) {
    const gen = ++generation;
    const query = input.value;
    let result;
    try {
      result = await index.search(query, selected);
    } catch (e) {
      if (gen === generation) say("Søgningen kunne ikke indlæses. Prøv at genindlæse siden.");
      return;
    }
    if (gen !== generation) return;
    current = result;
    shown = 0;
    list.replaceChildren();
    renderFacets(result);
    syncUrl();
    const { hits, terms } = result;
    let quoted = query.trim();
    tell(result);
    if (!result.counts) {
      more.hidden = true;
      say(
        result.absent.length && !terms.length
          ? ""
          : quoted && !terms.length
            ? `Skriv et mere præcist ord end »${quoted}«.`
            : "Skriv et ord for at søge i mål, resultatmål, indsatser og kapitler.",
      );
      return;
    }
    await showMore(gen);
    if (gen !== generation) return;
    const n = hits.length;
    const found = terms.filter((t) => !result.missing.includes(t));
    if (n && result.missing.length && found.length) {
      quoted = found.map((t) => t.word).join(" ");
    }
    const what = n === 1 ? "1 resultat" : `${n.toLocaleString("da-DK")} resultater`;
    const chosen = [...selected.values()].reduce((a, s) => a + s.size, 0);
    const filtered = chosen ? ` (${chosen === 1 ? "1 filter" : `${chosen} filtre`} valgt)` : "";
    say(
      n
        ? `${what}${quoted ? ` for »${quoted}«` : ""}${filtered}.`
        : `Ingen resultater${quoted ? ` for »${quoted}«` : ""}${filtered}. Prøv et andet ord${chosen ? " eller fjern et filter" : ""}.`,
    );
    if (now === "focus") status.focus();
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run("focus");
  });
  more.addEventListener("click", async () => {
    const first = shown;
    await showMore(generation);
    // Keyboard users continue at the first new result.
    const link = list.children[first] && list.children[first].querySelector("a");
    if (link) link.focus();
  });

  // Facet choices from the URL are applied once the index (and its values) is known.
  index
    .load()
    .then((meta) => {
      for (const f of meta.facets) {
        const set = new Set();
        for (const value of params.getAll(f.key)) {
          const v = f.values.indexOf(value);
          if (v >= 0) set.add(v);
        }
        if (set.size) selected.set(f.key, set);
      }
      run();
    })
    .catch(() => say("Søgningen kunne ikke indlæses. Prøv at genindlæse siden."));
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
}
if (typeof module !== "undefined") module.exports = { fold, stem, words, shardName, fromRuns, places, oneEditApart, Index };
