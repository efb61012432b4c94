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
//!   digit a file; a file holds the records of one source, so an edit of a plan changes
//!   that plan's files and no other's), with the sentences results quote (a record's first
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
use std::ops::Range;

use rayon::prelude::*;
use serde_json::json;

use super::danish::stop_words;
use super::facets::Facets;
use super::json::{encode_postings, fingerprint, hash64, push_json_str};
use super::postings::Postings;
use super::records::{Record, Source, records_of, sources};
use super::terms::{Read, Term, Vocabulary};
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

/// Where index files go: name (relative to the index folder), bytes.
pub trait Sink: Fn(&str, &[u8]) -> io::Result<()> + Sync {}
impl<T: Fn(&str, &[u8]) -> io::Result<()> + Sync> Sink for T {}

/// Files written so far: their sink, and each file's name and hash for the version.
struct Files<'s, S: Sink> {
    sink: &'s S,
    /// The term shards of the index being rewritten (name, fingerprint): one that comes
    /// out the same is not written again.
    before: Option<&'s FxHashMap<String, String>>,
}

impl<S: Sink> Files<'_, S> {
    /// Writes a file, unless it is a shard that is already there; returns its hash, for
    /// the version.
    fn put(&self, name: &str, bytes: &[u8]) -> io::Result<String> {
        let hash = fingerprint(bytes);
        if self.before.and_then(|b| b.get(name)) != Some(&hash) {
            (self.sink)(name, bytes)?;
        }
        Ok(hash)
    }
}

/// What indexing keeps of one source's records (see [`sources`]): their lengths and `r/`
/// files, and, for a [`rewrite`], their terms and facet values. It is what the term
/// shards and `meta.json` are made from, so they can be made again without the records'
/// text, and it tells which of the source's `r/` files an edit changed.
#[derive(Default)]
struct Indexed {
    /// Every record's terms, record after record; `ends[i]` is where record `i`'s end.
    /// Kept only for a rewrite.
    terms: Vec<Term>,
    ends: Vec<u32>,
    lengths: Vec<f32>,
    /// The source's `r/` files, in order (a file never holds two sources' records).
    files: Vec<RFile>,
    /// Each record's facet values: kept only for a rewrite.
    facets: Vec<FacetValues>,
}

impl Indexed {
    fn records(&self) -> usize {
        self.lengths.len()
    }
}

/// The postings of the kept terms of `sources`, records numbered in order.
fn postings_of(sources: &[Indexed]) -> Postings {
    let mut postings = Postings::default();
    let mut record = 0;
    for s in sources {
        let mut from = 0;
        for &to in &s.ends {
            postings.add(record, &s.terms[from..to as usize]);
            from = to as usize;
            record += 1;
        }
    }
    postings
}

/// An `r/` file: how many records it holds, a hash of its JSON before compression (to
/// tell whether a rewrite changes it; 0 in a build that keeps nothing) and the
/// fingerprint of the file.
struct RFile {
    records: usize,
    content: u64,
    fingerprint: String,
}

/// What `serve` keeps of the index it published, to write again only the files an edit
/// changes ([`rewrite`]).
pub struct Kept {
    vocabulary: Vocabulary,
    sources: Vec<Indexed>,
    /// The term shards: name, fingerprint.
    shards: FxHashMap<String, String>,
}

/// Writes the index files through `sink` (names relative to the index folder, the
/// same bytes for the same site in every build); returns the number of records.
pub fn write(site: &Site, sink: &impl Sink) -> io::Result<usize> {
    write_all(site, sink, false).map(|(count, _)| count)
}

/// [`write`], and what a later [`rewrite`] needs.
pub fn write_keeping(site: &Site, sink: &impl Sink) -> io::Result<(usize, Kept)> {
    let (count, kept) = write_all(site, sink, true)?;
    Ok((count, kept.expect("kept when asked")))
}

/// [`write`], keeping what a [`rewrite`] needs if `keep`.
fn write_all(site: &Site, sink: &impl Sink, keep: bool) -> io::Result<(usize, Option<Kept>)> {
    let files = Files { sink, before: None };
    let mut vocabulary = Vocabulary::default();
    let mut facets = Facets::new(site);
    let mut postings = Postings::default();
    let mut indexed: Vec<Indexed> = Vec::new();
    let mut count = 0;
    let sources = sources(site);
    let mut rest = &sources[..];
    let mut size = FIRST_BATCH;
    while !rest.is_empty() {
        let (batch, after) = rest.split_at(size.min(rest.len()));
        rest = after;
        size = (size * 2).min(BATCH);
        // The text of a batch is written out and dropped before the next is made.
        let (records, counts) = make_records(site, batch);
        let read = vocabulary.read_all(&records);
        for (r, read) in records.iter().zip(&read) {
            facets.add_record(r, count as u32);
            postings.add(count as u32, &read.terms);
            count += 1;
        }
        let entries = entries(&records, &read);
        let first = indexed.iter().map(|s| s.files.len()).sum();
        let made = chunks(&split(&entries, &counts), keep);
        let mut written = write_chunks(&files, first, &made)?.into_iter();
        let fresh = kept_of(&records, &read, &counts, keep);
        for (mut source, made) in fresh.into_iter().zip(&made) {
            source.files = written.by_ref().take(made.len()).collect();
            indexed.push(source);
        }
    }
    let shards = write_terms_and_meta(&indexed, &postings, vocabulary.keys(), facets, &files)?;
    let kept = keep.then_some(Kept {
        vocabulary,
        sources: indexed,
        shards,
    });
    Ok((count, kept))
}

/// Where the index of [`rewrite`] is: its files can be read and removed, besides
/// written.
pub trait Folder: Sync {
    fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()>;
    fn read(&self, name: &str) -> io::Result<Vec<u8>>;
    fn remove(&self, name: &str) -> io::Result<()>;
}

/// Writes the index of `site` again after an edit, into the index [`Kept`] describes
/// (in `folder`): the records of the sources `dirty` lists (plans, by their place in the
/// site's plans) are made again, and always those of the goals, groups and
/// municipalities (a municipality's record names its plans) and of the ordinary pages
/// (an edit of one marks no plan), which are few; the rest is read from what was kept.
/// Only files that change are written; the result is the same as a full build's. `Ok(None)` when the site's sources are no
/// longer those the index was made of (a plan came or went): a full build is needed.
pub fn rewrite(
    site: &Site,
    kept: &mut Kept,
    dirty: &std::collections::BTreeSet<usize>,
    folder: &impl Folder,
) -> io::Result<Option<usize>> {
    let sources = sources(site);
    if sources.len() != kept.sources.len() {
        return Ok(None);
    }
    let again: Vec<usize> = (sources.iter().enumerate())
        .filter(|(_, s)| match s {
            Source::Plan(p) => dirty.contains(p),
            Source::Site | Source::Pages => true,
        })
        .map(|(i, _)| i)
        .collect();
    let batch: Vec<Source> = again.iter().map(|&i| sources[i]).collect();
    let (records, counts) = make_records(site, &batch);
    let read = kept.vocabulary.read_all(&records);
    let entries = entries(&records, &read);
    let made = chunks(&split(&entries, &counts), true);
    let fresh = kept_of(&records, &read, &counts, true);

    // Where each file was, and where it is now: a file of a source that was not made
    // again, or that came out the same, is kept; where files before it were added or
    // taken away, it moves to its new number.
    let first_of = |sources: &[Indexed]| -> Vec<usize> {
        (sources.iter())
            .scan(0, |at, s| {
                *at += s.files.len();
                Some(*at - s.files.len())
            })
            .collect()
    };
    let old_first = first_of(&kept.sources);
    let old_count: usize = kept.sources.iter().map(|s| s.files.len()).sum();
    // For each file of each source, its number before when it is the same file: every
    // file of a source not made again, and those of the sources made again that came
    // out as they were.
    let mut was: Vec<Vec<Option<usize>>> = (kept.sources.iter().zip(&old_first))
        .map(|(source, &first)| (first..first + source.files.len()).map(Some).collect())
        .collect();
    for ((&s, mut source), made) in again.iter().zip(fresh).zip(&made) {
        let old = &kept.sources[s].files;
        let same: Vec<Option<&RFile>> = (made.iter().enumerate())
            .map(|(j, chunk)| {
                old.get(j)
                    .filter(|f| f.content == chunk.content && f.records == chunk.records)
            })
            .collect();
        was[s] = (same.iter().enumerate())
            .map(|(j, f)| f.map(|_| old_first[s] + j))
            .collect();
        source.files = made
            .iter()
            .zip(&same)
            .map(|(chunk, f)| RFile {
                records: chunk.records,
                content: chunk.content,
                fingerprint: f.map(|f| f.fingerprint.clone()).unwrap_or_default(),
            })
            .collect();
        kept.sources[s] = source;
    }
    let new_first = first_of(&kept.sources);
    let numbered = || {
        (was.iter().enumerate()).flat_map(|(s, files)| {
            let first = new_first[s];
            (files.iter().enumerate()).map(move |(j, &old)| (s, j, first + j, old))
        })
    };
    // The files that move are read before any is written.
    let moved = numbered()
        .filter_map(|(_, _, new, old)| old.filter(|&old| old != new).map(|old| (new, old)))
        .map(|(new, old)| Ok((new, folder.read(&format!("r/{old}.json.gz"))?)))
        .collect::<io::Result<Vec<(usize, Vec<u8>)>>>()?;
    let before = std::mem::take(&mut kept.shards);
    let sink = |name: &str, bytes: &[u8]| folder.write(name, bytes);
    let files = Files {
        sink: &sink,
        before: Some(&before),
    };
    for (number, bytes) in &moved {
        files.put(&format!("r/{number}.json.gz"), bytes)?;
    }
    // The sources' own files that changed.
    let made_of = |s: usize| again.iter().position(|&a| a == s).map(|d| &made[d]);
    let changed: Vec<(usize, usize, usize)> = numbered()
        .filter(|(_, _, _, old)| old.is_none())
        .map(|(s, j, new, _)| (s, j, new))
        .collect();
    let written = changed
        .par_iter()
        .map(|&(s, j, new)| match made_of(s) {
            Some(made) => put_chunk(&files, new, &made[j]),
            None => Err(io::Error::other("a file of a source not made again")),
        })
        .collect::<io::Result<Vec<RFile>>>()?;
    for (&(s, j, _), file) in changed.iter().zip(written) {
        kept.sources[s].files[j] = file;
    }
    let new_count: usize = kept.sources.iter().map(|s| s.files.len()).sum();
    for gone in new_count..old_count {
        folder.remove(&format!("r/{gone}.json.gz"))?;
    }

    let count = kept.sources.iter().map(Indexed::records).sum();
    let facets = kept_facets(site, &kept.sources);
    let postings = postings_of(&kept.sources);
    let shards = write_terms_and_meta(
        &kept.sources,
        &postings,
        kept.vocabulary.keys(),
        facets,
        &files,
    )?;
    for gone in before.keys().filter(|name| !shards.contains_key(*name)) {
        folder.remove(gone)?;
    }
    kept.shards = shards;
    Ok(Some(count))
}

/// The records of the sources of `batch`, made in parallel, and how many each has.
fn make_records(site: &Site, batch: &[Source]) -> (Vec<Record>, Vec<usize>) {
    let made: Vec<Vec<Record>> = batch.par_iter().map(|&s| records_of(site, s)).collect();
    let counts = made.iter().map(Vec::len).collect();
    (made.into_iter().flatten().collect(), counts)
}

/// The records as their `r/` files list them.
fn entries<'a>(records: &[Record], read: &[Read<'a>]) -> Vec<Entry<'a>> {
    records
        .par_iter()
        .zip(read)
        .map(|(r, read)| Entry::new(r, &read.sentences))
        .collect()
}

/// `items` cut into runs of `counts`.
fn split<'a, T>(items: &'a [T], counts: &[usize]) -> Vec<&'a [T]> {
    let mut rest = items;
    counts
        .iter()
        .map(|&n| {
            let (run, after) = rest.split_at(n);
            rest = after;
            run
        })
        .collect()
}

/// What is kept of each source of records read (`counts` records each), but for its
/// files: the records' lengths, and their terms and facet values when they are kept for
/// a rewrite (`keep`).
fn kept_of(records: &[Record], read: &[Read], counts: &[usize], keep: bool) -> Vec<Indexed> {
    split(records, counts)
        .into_iter()
        .zip(split(read, counts))
        .map(|(records, read)| {
            let mut source = Indexed {
                terms: match keep {
                    true => Vec::with_capacity(read.iter().map(|r| r.terms.len()).sum()),
                    false => Vec::new(),
                },
                lengths: Vec::with_capacity(read.len()),
                ..Indexed::default()
            };
            for (r, read) in records.iter().zip(read) {
                source.lengths.push(read.length);
                if keep {
                    source.terms.extend_from_slice(&read.terms);
                    source.ends.push(source.terms.len() as u32);
                    source.facets.push(FacetValues::of(r));
                }
            }
            source
        })
        .collect()
}

/// An `r/` file made, not yet compressed.
struct Chunk {
    records: usize,
    json: Vec<u8>,
    content: u64,
}

/// The `r/` files of each source, made in parallel. A file holds one source's records
/// only, so an edit of a plan changes the files of that plan and no others. Their
/// content is hashed only when it is `kept` for a rewrite.
fn chunks(sources: &[&[Entry]], kept: bool) -> Vec<Vec<Chunk>> {
    sources
        .par_iter()
        .map(|entries| {
            let mut at = 0;
            groups(entries)
                .into_iter()
                .map(|n| {
                    let json = chunk_json(&entries[at..at + n]);
                    at += n;
                    Chunk {
                        records: n,
                        content: if kept { hash64(&json) } else { 0 },
                        json,
                    }
                })
                .collect()
        })
        .collect()
}

/// Compresses and writes a file made; returns it as it is kept.
fn put_chunk(files: &Files<impl Sink>, number: usize, chunk: &Chunk) -> io::Result<RFile> {
    let bytes = compress(&chunk.json);
    Ok(RFile {
        records: chunk.records,
        content: chunk.content,
        fingerprint: files.put(&format!("r/{number}.json.gz"), &bytes)?,
    })
}

/// Writes the files made, numbered from `first` in order, in parallel.
fn write_chunks(
    files: &Files<impl Sink>,
    first: usize,
    made: &[Vec<Chunk>],
) -> io::Result<Vec<RFile>> {
    let all: Vec<&Chunk> = made.iter().flatten().collect();
    all.par_iter()
        .enumerate()
        .map(|(i, chunk)| put_chunk(files, first + i, chunk))
        .collect()
}

/// A record's facet values, kept for a rewrite.
struct FacetValues {
    municipality: Option<String>,
    years: Vec<i32>,
    minister_goals: Vec<String>,
    target_groups: Vec<String>,
    kind: &'static str,
}

impl FacetValues {
    fn of(r: &Record) -> FacetValues {
        FacetValues {
            municipality: r.municipality.clone(),
            years: r.years.clone(),
            minister_goals: r.minister_goals.clone(),
            target_groups: r.target_groups.clone(),
            kind: r.kind,
        }
    }
}

/// The facets of the records kept.
fn kept_facets(site: &Site, indexed: &[Indexed]) -> Facets {
    let mut facets = Facets::new(site);
    let values = indexed.iter().flat_map(|s| &s.facets);
    for (doc, v) in values.enumerate() {
        let municipality = v.municipality.as_deref();
        let (goals, groups) = (&v.minister_goals, &v.target_groups);
        facets.add(municipality, &v.years, goals, groups, v.kind, doc as u32);
    }
    facets
}

/// Writes the term shards, with the postings of every record of `indexed`, and then
/// `meta.json`; returns the shards' names and fingerprints.
fn write_terms_and_meta(
    indexed: &[Indexed],
    postings: &Postings,
    keys: &[Box<str>],
    facets: Facets,
    files: &Files<impl Sink>,
) -> io::Result<FxHashMap<String, String>> {
    let count: usize = indexed.iter().map(Indexed::records).sum();
    // The keys in the order of their words. A key no record has any more (a rewrite's
    // vocabulary keeps the words of text since edited away) is left out.
    let mut order: Vec<u32> = (0..keys.len() as u32)
        .filter(|&k| postings.count(k) > 0)
        .collect();
    order.par_sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    let lengths = || indexed.iter().flat_map(|s| &s.lengths);
    let average = lengths().sum::<f32>() / count.max(1) as f32;
    // BM25's length normalisation of each record.
    let norms: Vec<f32> = lengths()
        .map(|&length| K1 * (1.0 - B + B * length / average.max(1.0)))
        .collect();
    let sorted: Vec<(&str, usize)> = order
        .iter()
        .map(|&k| (&*keys[k as usize], postings.count(k)))
        .collect();
    let mut shards = Vec::new();
    shard(&sorted, 0, 2, &mut shards);

    // Each shard's postings, read from its keys' lists on every core, and its file.
    let write_shard = |(prefix, range): &(String, Range<usize>)| -> io::Result<(String, String)> {
        let size = sorted[range.clone()].iter().map(|(_, n)| n).sum();
        let mut made: Vec<[u32; 2]> = Vec::with_capacity(size);
        let mut ends = Vec::with_capacity(range.len());
        for &key in &order[range.clone()] {
            for (record, tf) in postings.of(key) {
                let norm = norms.get(record as usize).copied().unwrap_or(K1);
                // BM25's term weight, 0–2.2, in tenths: enough to rank by, short to
                // write.
                let weight = tf * (K1 + 1.0) / (tf + norm);
                let weight = ((weight * 10.0).round() as u32).max(1);
                made.push([record, weight]);
            }
            ends.push(made.len());
        }
        let mut bytes = Vec::new();
        bytes.push(b'{');
        let starts = std::iter::once(0).chain(ends.iter().copied());
        encode_postings(
            starts.zip(&ends).map(|(from, &to)| &made[from..to]),
            &mut bytes,
        );
        bytes.extend_from_slice(b",\"c\":");
        let counts: Vec<usize> = sorted[range.clone()].iter().map(|(_, n)| *n).collect();
        let _ = serde_json::to_writer(&mut bytes, &counts);
        bytes.extend_from_slice(b",\"t\":");
        let terms: Vec<&str> = sorted[range.clone()].iter().map(|(t, _)| *t).collect();
        let _ = serde_json::to_writer(&mut bytes, &terms);
        bytes.push(b'}');
        let name = format!("t/{prefix}.json");
        let hash = files.put(&name, &bytes)?;
        Ok((name, hash))
    };
    // Each shard's name and hash, in order.
    let written: Vec<(String, String)> = shards
        .par_iter()
        .map(write_shard)
        .collect::<io::Result<Vec<_>>>()?;
    let shard_names: Vec<&String> = shards.iter().map(|(name, _)| name).collect();
    let r_files = || indexed.iter().flat_map(|s| &s.files);
    let r_lines = r_files()
        .enumerate()
        .map(|(n, f)| format!("r/{n}.json.gz:{}", f.fingerprint));
    let file_sizes: Vec<usize> = r_files().map(|f| f.records).collect();

    let mut stop: Vec<&String> = stop_words().iter().collect();
    stop.sort();
    // A hash of every file's name and hash.
    let t_lines = written.iter().map(|(name, hash)| format!("{name}:{hash}"));
    let lines: Vec<String> = t_lines.chain(r_lines).collect();
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
    Ok(written.into_iter().collect())
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
    out: &mut Vec<(String, Range<usize>)>,
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

    /// Index files in memory, as a sink and as a rewrite's folder.
    #[derive(Default)]
    struct Memory(std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

    impl Memory {
        fn files(&self) -> BTreeMap<String, Vec<u8>> {
            self.0.lock().expect("no writer panicked").clone()
        }
    }

    impl Folder for Memory {
        fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
            self.0
                .lock()
                .expect("no writer panicked")
                .insert(name.to_string(), bytes.to_vec());
            Ok(())
        }
        fn read(&self, name: &str) -> io::Result<Vec<u8>> {
            let files = self.0.lock().expect("no writer panicked");
            files
                .get(name)
                .cloned()
                .ok_or_else(|| io::ErrorKind::NotFound.into())
        }
        fn remove(&self, name: &str) -> io::Result<()> {
            self.0.lock().expect("no writer panicked").remove(name);
            Ok(())
        }
    }

    #[test]
    fn postings_read_as_records_come_and_made_from_kept_terms_are_the_same_files() {
        let out = tempfile::tempdir().expect("temp dir");
        let opts = crate::BuildOptions {
            output: Some(out.path().join("site")),
            ..crate::BuildOptions::new(env!("CARGO_MANIFEST_DIR"))
        };
        let (report, built) = crate::build_keeping(&opts);
        assert!(report.ok(), "the demo portal builds");
        let site = built.expect("the built site").site;

        // A build that keeps nothing, and one that keeps the terms for a rewrite.
        let alone = Memory::default();
        write_all(&site, &|n: &str, b: &[u8]| alone.write(n, b), false).expect("written");
        let keeping = Memory::default();
        let (count, kept) =
            write_all(&site, &|n: &str, b: &[u8]| keeping.write(n, b), true).expect("written");
        let files = alone.files();
        assert!(files.keys().filter(|k| k.starts_with("t/")).count() > 10);
        assert!(
            files == keeping.files(),
            "keeping the terms changed the files"
        );

        // A rewrite of every plan makes the postings from the kept terms. Its shards
        // are written only where they differ from those before, so they are taken
        // away first: each must be made again, byte for byte.
        let mut kept = kept.expect("kept when asked");
        for name in files.keys().filter(|k| k.starts_with("t/")) {
            keeping.remove(name).expect("removed");
        }
        kept.shards.clear();
        let every: std::collections::BTreeSet<usize> = (0..site.plans.len()).collect();
        let again = rewrite(&site, &mut kept, &every, &keeping).expect("rewritten");
        assert_eq!(again, Some(count));
        assert!(
            files == keeping.files(),
            "the rewrite's files differ from a build's"
        );
    }

    #[test]
    fn years_read_as_ranges() {
        assert_eq!(years_text(&[2019, 2020, 2021]), "2019–2021");
        assert_eq!(years_text(&[2019, 2021]), "2019, 2021");
        assert_eq!(years_text(&[2022]), "2022");
    }
}
