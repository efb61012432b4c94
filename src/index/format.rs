//! The index files, as `search.js` reads them (all JSON):
//!
//! - `meta.json`: record count, the records in each `r/` file, the list of term shards, the
//!   folded stop words, the facets (label, values, and which records have each value:
//!   see `facets.rs`) and `v`, a hash of the whole index that the other files are
//!   fetched with, so a new build is never mixed with a cached old one.
//! - `t/<prefix>.json`: the terms (stems) starting with `prefix`, sorted (`t`), how
//!   many records each is in (`c`), and their postings as two number strings (see
//!   [`super::json::LAST`]): the records, delta-coded from each term's first (`d`), and
//!   the BM25 term weights ×10 (`w`). A prefix that would make a large file is split
//!   into longer prefixes.
//! - `r/<n>.json.gz`: a few records in order (how many: `files` in `meta.json`, a
//!   digit a file), with the sentences results quote (a record's first
//!   [`QUOTE_SENTENCES`]): `{"r": rows,
//!   "s": sentences}`, a row `[url, title, type, municipality, years, subtype, runs]`,
//!   the runs `[first, count, …]` its sentences in `s`. Each distinct sentence of the
//!   file is written once: an initiative quotes its chapter's section, often in the
//!   same file. The file is compressed with gzip by the build (`search.js` unpacks it
//!   with the browser's `DecompressionStream`): sentences are most of the index, and so
//!   a result costs one small file, and the index a fifth of the room on the host.
//!
//! `meta.json` names the format (`format`), which `search.js` checks: a page cached
//! from an older build never reads a newer index wrongly.

use std::borrow::Cow;
use std::io;

use rayon::prelude::*;
use serde_json::json;

use super::danish::stop_words;
use super::facets::Facets;
use super::json::{encode_postings, fingerprint, push_json_str};
use super::records::{Record, Source, records_of, sources};
use super::terms::{Term, Vocabulary};
use crate::link::Site;
use rustc_hash::FxHashMap;

/// The most records in an `r/` file. A result reads one file, its record's: a first
/// query reads ten, so the smaller the better, while the files of a 5,000-page site
/// stay under 5,000 (eight records of the generated corpus, with their sentences, are
/// about 3 kB compressed).
pub const RECORD_CHUNK: usize = 8;
/// A result quotes one of its record's first this many sentences: the first with a
/// word of the query, else the first. A long chapter of a real plan has 150 or more,
/// and its whole text made a result cost 9 kB compressed; forty are about 1,500 words,
/// where most words a chapter is found by are met.
pub const QUOTE_SENTENCES: usize = 40;
/// An `r/` file is closed before a record that would take its sentences over this many
/// bytes (a record is never split): real chapters are long, and eight of them would
/// make a file of 12 kB compressed that a result of the demo once had to load.
pub const FILE_BYTES: usize = 20_000;
/// The index format `search.js` reads; see [`crate::theme::SEARCH_SCRIPT_FORMAT`].
pub const FORMAT: u32 = 2;
/// A term shard larger than this (JSON bytes) is split by a longer prefix.
const SHARD_LIMIT: usize = 24_000;
const MAX_PREFIX: usize = 6;
/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Sources (plans, mostly) whose records are made and indexed together. The text of a
/// batch is written out and dropped before the next is made, so indexing holds the
/// postings and the vocabulary, not the site's text; a batch is large enough to keep
/// every core busy. The first batches are smaller: a record with words not met before
/// is read twice (see [`Vocabulary::read_all`]), and most of a site's words are met in
/// its first plans.
const BATCH: usize = 32;
const FIRST_BATCH: usize = 2;
/// The postings are made in about this many passes over the terms (see `write`).
const POSTING_PASSES: usize = 8;

/// Where index files go: name (relative to the index folder), bytes.
pub trait Sink: Fn(&str, &[u8]) -> io::Result<()> + Sync {}
impl<T: Fn(&str, &[u8]) -> io::Result<()> + Sync> Sink for T {}

/// Files written so far: their sink, and each file's name and hash for the version.
struct Files<'s, S: Sink> {
    sink: &'s S,
}

impl<S: Sink> Files<'_, S> {
    /// Writes a file; returns `name:hash`, a line of what the version is a hash of.
    fn put(&self, name: &str, bytes: &[u8]) -> io::Result<String> {
        (self.sink)(name, bytes)?;
        Ok(format!("{name}:{}", fingerprint(bytes)))
    }
}

/// Writes the index files through `sink` (names relative to the index folder, the
/// same bytes for the same site in every build); returns the number of records.
pub fn write(site: &Site, sink: &impl Sink) -> io::Result<usize> {
    write_in_passes(site, sink, POSTING_PASSES)
}

/// [`write`], with the postings made in about `passes` passes over the terms (the
/// files are the same for any number).
fn write_in_passes(site: &Site, sink: &impl Sink, passes: usize) -> io::Result<usize> {
    let files = Files { sink };
    let mut vocabulary = Vocabulary::default();
    let mut facets = Facets::new(site);
    // Every record's terms, record after record, in one list per batch made to size
    // (one list grown by doubling kept up to twice the room it needed: 50 MB of spare
    // room at 20,000 pages): `ends[doc]` is where its terms end in its batch's list.
    let mut terms: Vec<Vec<Term>> = Vec::new();
    let mut batch_records: Vec<usize> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut lengths: Vec<f32> = Vec::new();
    // Records not yet written: less than a file's worth.
    let mut pending: Vec<Entry<'static>> = Vec::new();
    let mut r_lines = Vec::new();
    // How many records each `r/` file holds, in order.
    let mut file_sizes: Vec<usize> = Vec::new();

    let sources = sources(site);
    let mut batches: Vec<&[Source]> = Vec::new();
    let mut rest = &sources[..];
    let mut size = FIRST_BATCH;
    while !rest.is_empty() {
        let (batch, after) = rest.split_at(size.min(rest.len()));
        batches.push(batch);
        rest = after;
        size = (size * 2).min(BATCH);
    }
    for (b, batch) in batches.iter().enumerate() {
        let last = b + 1 == batches.len();
        let records: Vec<Record> = batch
            .par_iter()
            .flat_map_iter(|&s| records_of(site, s))
            .collect();
        let read = vocabulary.read_all(&records);
        let mut batch_terms = Vec::with_capacity(read.iter().map(|r| r.terms.len()).sum());
        for (r, read) in records.iter().zip(&read) {
            let doc = lengths.len() as u32;
            facets.add(r, doc);
            batch_terms.extend_from_slice(&read.terms);
            ends.push(batch_terms.len());
            lengths.push(read.length);
        }
        terms.push(batch_terms);
        batch_records.push(records.len());

        let mut entries: Vec<Entry> = std::mem::take(&mut pending);
        entries.par_extend(
            records
                .par_iter()
                .zip(&read)
                .map(|(r, read)| Entry::new(r, &read.sentences)),
        );
        // The records are cut into files; the last, still open, waits for the next
        // batch, so the files are the same however the batches fall.
        let mut groups = groups(&entries);
        if !last {
            groups.pop();
        }
        let full: usize = groups.iter().sum();
        let first = r_lines.len();
        let ranges: Vec<std::ops::Range<usize>> = groups
            .iter()
            .scan(0, |at, &n| {
                *at += n;
                Some(*at - n..*at)
            })
            .collect();
        let lines = ranges
            .par_iter()
            .enumerate()
            .map(|(i, range)| {
                files.put(
                    &format!("r/{}.json.gz", first + i),
                    &compress(&chunk_json(&entries[range.clone()])),
                )
            })
            .collect::<io::Result<Vec<String>>>()?;
        r_lines.extend(lines);
        file_sizes.extend(groups);
        pending = entries.drain(full..).map(Entry::into_owned).collect();
    }
    let count = lengths.len();

    // The postings of each key, keys in sorted order, records in order.
    let keys = vocabulary.into_keys();
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    let mut rank = vec![0u32; keys.len()];
    for (r, &k) in order.iter().enumerate() {
        rank[k as usize] = r as u32;
    }
    let mut starts = vec![0usize; keys.len() + 1];
    for t in terms.iter().flatten() {
        starts[rank[t.key as usize] as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let average = lengths.iter().sum::<f32>() / count.max(1) as f32;
    // BM25's length normalisation of each record.
    let norms: Vec<f32> = lengths
        .iter()
        .map(|&length| K1 * (1.0 - B + B * length / average.max(1.0)))
        .collect();
    let sorted: Vec<(&str, usize)> = order
        .iter()
        .enumerate()
        .map(|(r, &k)| (&*keys[k as usize], starts[r + 1] - starts[r]))
        .collect();
    let mut shards = Vec::new();
    shard(&sorted, 0, 2, &mut shards);

    // The postings are made a group of shards at a time, each group a pass over the
    // terms: they are never all held at once beside the terms they are made from.
    let total: usize = terms.iter().map(Vec::len).sum();
    let group_size = total / passes.max(1) + 1;
    let mut t_lines = Vec::with_capacity(shards.len());
    let mut first = 0;
    while first < shards.len() {
        let (lo, base) = (shards[first].1.start, starts[shards[first].1.start]);
        let mut end = first + 1;
        while end < shards.len() && starts[shards[end].1.end] - base <= group_size {
            end += 1;
        }
        let hi = shards[end - 1].1.end;
        let mut postings = vec![[0u32; 2]; starts[hi] - base];
        let mut next: Vec<usize> = starts[lo..hi].iter().map(|s| s - base).collect();
        let mut doc = 0;
        for (batch, &records) in terms.iter().zip(&batch_records) {
            let mut from = 0;
            for _ in 0..records {
                let (to, norm) = (ends[doc], norms[doc]);
                for t in &batch[from..to] {
                    let r = rank[t.key as usize] as usize;
                    if !(lo..hi).contains(&r) {
                        continue;
                    }
                    // BM25's term weight, 0–2.2, in tenths: enough to rank by, short
                    // to write.
                    let weight = t.tf * (K1 + 1.0) / (t.tf + norm);
                    let weight = ((weight * 10.0).round() as u32).max(1);
                    postings[next[r - lo]] = [doc as u32, weight];
                    next[r - lo] += 1;
                }
                from = to;
                doc += 1;
            }
        }
        let lines = shards[first..end]
            .par_iter()
            .map(|(prefix, range)| {
                let mut bytes = Vec::new();
                bytes.push(b'{');
                encode_postings(
                    range
                        .clone()
                        .map(|r| &postings[starts[r] - base..starts[r + 1] - base]),
                    &mut bytes,
                );
                bytes.extend_from_slice(b",\"c\":");
                let counts: Vec<usize> = sorted[range.clone()].iter().map(|(_, n)| *n).collect();
                let _ = serde_json::to_writer(&mut bytes, &counts);
                bytes.extend_from_slice(b",\"t\":");
                let terms: Vec<&str> = sorted[range.clone()].iter().map(|(t, _)| *t).collect();
                let _ = serde_json::to_writer(&mut bytes, &terms);
                bytes.push(b'}');
                files.put(&format!("t/{prefix}.json"), &bytes)
            })
            .collect::<io::Result<Vec<String>>>()?;
        t_lines.extend(lines);
        first = end;
    }
    drop(terms);
    let shard_names: Vec<&String> = shards.iter().map(|(name, _)| name).collect();

    let mut stop: Vec<&String> = stop_words().iter().collect();
    stop.sort();
    // A hash of every file's name and hash.
    let lines: Vec<String> = t_lines.into_iter().chain(r_lines).collect();
    let version = crate::text::content_hash(lines.join("\n").as_bytes());
    let meta = json!({
        "format": FORMAT,
        "n": count,
        "files": file_sizes_text(&file_sizes),
        "shards": shard_names,
        "stop": stop,
        "facets": facets.json(count),
        "v": version,
    });
    (files.sink)("meta.json", &serde_json::to_vec(&meta).unwrap_or_default())?;
    Ok(count)
}

/// A record as its `r/` file lists it: its row (`[url, title, type, municipality, years,
/// subtype` as JSON, the list not yet closed) and its sentences.
struct Entry<'a> {
    row: Vec<u8>,
    sentences: Vec<Cow<'a, str>>,
}

impl<'a> Entry<'a> {
    fn new(r: &Record, sentences: &[&'a str]) -> Entry<'a> {
        let row = (
            &r.url,
            &r.title,
            r.kind,
            r.municipality.as_deref().unwrap_or(""),
            years_text(&r.years),
            r.subkind.unwrap_or(""),
        );
        let mut row = serde_json::to_vec(&row).unwrap_or_default();
        row.pop(); // the closing `]`: the sentences' runs come last
        Entry {
            row,
            sentences: sentences
                .iter()
                .take(QUOTE_SENTENCES)
                .map(|&s| Cow::Borrowed(s))
                .collect(),
        }
    }

    /// The same, holding its text, to wait for the next batch's records.
    fn into_owned(self) -> Entry<'static> {
        Entry {
            row: self.row,
            sentences: self
                .sentences
                .into_iter()
                .map(|s| Cow::Owned(s.into_owned()))
                .collect(),
        }
    }
}

/// The records cut into `r/` files: how many records each file holds. A file ends
/// after [`RECORD_CHUNK`] records, or before a record whose sentences would take it
/// over [`FILE_BYTES`].
fn groups(entries: &[Entry]) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut count, mut bytes) = (0, 0);
    for entry in entries {
        let size: usize = entry.sentences.iter().map(|s| s.len()).sum();
        if count == RECORD_CHUNK || (count > 0 && bytes + size > FILE_BYTES) {
            out.push(count);
            (count, bytes) = (0, 0);
        }
        count += 1;
        bytes += size;
    }
    if count > 0 {
        out.push(count);
    }
    out
}

/// The records per `r/` file, one digit each (1–8), for `meta.json`.
fn file_sizes_text(sizes: &[usize]) -> String {
    sizes
        .iter()
        .map(|&n| char::from(super::json::LAST[n.min(31)]))
        .collect()
}

/// An `r/` file: `{"r": rows, "s": sentences}`, each distinct sentence of the records
/// once, each row ending with its sentences as runs `[first, count, …]` into `s`.
fn chunk_json(chunk: &[Entry]) -> Vec<u8> {
    let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
    let mut texts: Vec<&str> = Vec::new();
    let mut out = Vec::with_capacity(chunk.len() * 1024);
    out.extend_from_slice(b"{\"r\":[");
    for (i, entry) in chunk.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&entry.row);
        let mut runs: Vec<u32> = Vec::new();
        for sentence in &entry.sentences {
            let n = *numbers.entry(sentence).or_insert_with(|| {
                texts.push(sentence);
                texts.len() as u32 - 1
            });
            match runs.as_mut_slice() {
                [.., first, count] if *first + *count == n => *count += 1,
                _ => runs.extend([n, 1]),
            }
        }
        out.push(b',');
        let _ = serde_json::to_writer(&mut out, &runs);
        out.push(b']');
    }
    out.extend_from_slice(b"],\"s\":[");
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_json_str(text, &mut out);
    }
    out.extend_from_slice(b"]}");
    out
}

/// A file compressed with gzip, the same bytes for the same input (no time or name in
/// the header).
fn compress(bytes: &[u8]) -> Vec<u8> {
    crate::text::compress::gzip(bytes)
}

/// Cuts the sorted terms into shards by prefix; a shard over the limit is cut again by
/// a longer prefix. Terms shorter than the prefix stay in the shard of their own.
/// `terms` are the terms with their number of postings.
fn shard(
    terms: &[(&str, usize)],
    offset: usize,
    len: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let mut start = 0;
    while start < terms.len() {
        let prefix = shard_name(terms[start].0, len);
        let mut end = start;
        let mut size = 0;
        while end < terms.len() && shard_name(terms[end].0, len) == prefix {
            size += terms[end].0.len() + terms[end].1 * 3 + 8;
            end += 1;
        }
        let whole = terms[start..end]
            .iter()
            .all(|(t, _)| t.chars().count() <= len);
        if size > SHARD_LIMIT && len < MAX_PREFIX && !whole {
            // Terms as short as the prefix itself keep it as their shard's name.
            let short = terms[start..end]
                .iter()
                .take_while(|(t, _)| t.chars().count() <= len)
                .count();
            if short > 0 {
                out.push((prefix.clone(), offset + start..offset + start + short));
            }
            shard(
                &terms[start + short..end],
                offset + start + short,
                len + 1,
                out,
            );
        } else {
            out.push((prefix, offset + start..offset + end));
        }
        start = end;
    }
}

/// The shard a term belongs to at a prefix length: its first letters, with anything
/// but a–z and 0–9 written `_` (the same in `search.js`).
pub fn shard_name(term: &str, len: usize) -> String {
    term.chars()
        .take(len)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A record's years for the result line: "2021", "2019–2022", "2019, 2021".
fn years_text(years: &[i32]) -> String {
    match years {
        [] => String::new(),
        [y] => y.to_string(),
        [first, .., last] if years.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{first}–{last}")
        }
        _ => years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn large_shards_split_by_longer_prefixes_and_keep_their_terms() {
        let mut owned: Vec<(String, usize)> = Vec::new();
        for word in ["ar", "arb", "arbejd", "arbejde", "arv", "b", "ba", "bo"] {
            for n in 0..40 {
                owned.push((format!("{word}{n:02}"), 60));
            }
            owned.push((word.to_string(), 10));
        }
        owned.sort();
        let terms: Vec<(&str, usize)> = owned.iter().map(|(t, n)| (t.as_str(), *n)).collect();
        let mut shards = Vec::new();
        shard(&terms, 0, 2, &mut shards);
        assert!(shards.iter().any(|(name, _)| name.len() > 2), "{shards:?}");
        let mut covered = 0;
        for (name, range) in &shards {
            assert_eq!(range.start, covered, "{name}");
            covered = range.end;
            for (t, _) in &terms[range.clone()] {
                assert_eq!(shard_name(t, name.chars().count()), *name, "{t} in {name}");
            }
        }
        assert_eq!(covered, terms.len());
        let names: rustc_hash::FxHashSet<&String> = shards.iter().map(|(n, _)| n).collect();
        assert_eq!(names.len(), shards.len(), "a shard name twice");
    }

    #[test]
    fn postings_made_in_any_number_of_passes_are_the_same_files() {
        let out = tempfile::tempdir().expect("temp dir");
        let opts = crate::BuildOptions {
            output: Some(out.path().join("site")),
            ..crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
        };
        let (report, built) = crate::build_keeping(&opts);
        assert!(report.ok(), "the demo portal builds");
        let site = built.expect("the built site").site;
        let files = |passes| {
            let files = std::sync::Mutex::new(BTreeMap::new());
            write_in_passes(
                &site,
                &|name: &str, bytes: &[u8]| {
                    if let Ok(mut files) = files.lock() {
                        files.insert(name.to_string(), bytes.to_vec());
                    }
                    Ok(())
                },
                passes,
            )
            .expect("the index is written");
            files.into_inner().expect("no writer panicked")
        };
        let once = files(1);
        assert!(once.keys().filter(|k| k.starts_with("t/")).count() > 10);
        for passes in [2, POSTING_PASSES, 1_000] {
            assert!(files(passes) == once, "{passes} passes differ from one");
        }
    }

    #[test]
    fn years_read_as_ranges() {
        assert_eq!(years_text(&[2019, 2020, 2021]), "2019–2021");
        assert_eq!(years_text(&[2019, 2021]), "2019, 2021");
        assert_eq!(years_text(&[2022]), "2022");
    }
}
