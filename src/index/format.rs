//! The index files, as `search.js` reads them (all JSON, compressed by the host):
//!
//! - `meta.json`: record count, chunk sizes, the list of term shards, the folded stop
//!   words, the facets (label, values, and for each value the records that have it as
//!   runs `[gap, length, gap, length, …]`) and `v`, a hash of the whole index that the
//!   other files are fetched with, so a new build is never mixed with a cached old one.
//! - `t/<prefix>.json`: the terms (stems) starting with `prefix`, sorted, with their
//!   postings: per record `[record, weight, sentence]`, the record delta-coded. The
//!   weight is a BM25 term weight ×10; the sentence is the first one with the term,
//!   counted from the record's first sentence.
//!   A prefix that would make a large file is split into longer prefixes.
//! - `d/<n>.json`: records `n×100 …`: `[url, title, type, municipality, years,
//!   subtype, first sentence]`.
//! - `s/<n>.json`: sentences `n×32 …`, the text results quote.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::danish::{self, fold, key, stop_words, words};
use super::records::{Record, facet, kind};
use crate::link::Site;

/// Records per `d/` file.
pub const DOC_CHUNK: usize = 100;
/// Sentences per `s/` file.
pub const SENTENCE_CHUNK: usize = 32;
/// A term shard larger than this (JSON bytes) is split by a longer prefix.
const SHARD_LIMIT: usize = 24_000;
const MAX_PREFIX: usize = 6;
/// A title word counts this many times a body word.
const TITLE_WEIGHT: f32 = 3.0;
/// The record's municipality counts this much (it is not in the text).
const PLACE_WEIGHT: f32 = 0.3;
/// A compound's tail counts this much of the word ("dagpenge" in "sygedagpenge").
const TAIL_WEIGHT: f32 = 0.7;
/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One record's terms: key number → (weighted count, first sentence).
type Terms = HashMap<u32, (f32, u32)>;

/// A word's index keys, by number.
struct Keyed {
    key: Option<u32>,
    tails: Vec<u32>,
}

/// The index key of a word, or none for a stop word or a single letter.
fn word_key(word: &str) -> Option<String> {
    let folded = fold(word);
    (folded.chars().count() >= 2 && !stop_words().contains(&folded)).then(|| key(&folded))
}

/// Returns the files of the index: name (relative to the index folder) → bytes.
pub fn write(site: &Site, records: &[Record]) -> Vec<(String, Vec<u8>)> {
    // Sentences, numbered across the site in record order.
    let per_record_sentences: Vec<Vec<String>> = records
        .par_iter()
        .map(|r| {
            let s = split_sentences(&r.text);
            // A record without text quotes its title.
            if s.is_empty() {
                vec![r.title.clone()]
            } else {
                s
            }
        })
        .collect();
    let mut firsts: Vec<u32> = Vec::with_capacity(records.len());
    let mut total = 0u32;
    for s in &per_record_sentences {
        firsts.push(total);
        total += s.len() as u32;
    }

    // Every distinct word as written, keyed once, in parallel: its key (none for stop
    // words and single letters) and, for a compound, the keys of its tails. Keys are
    // then numbered, so records count terms by number.
    let mut distinct: HashSet<&str> = HashSet::new();
    for r in records {
        distinct.extend(words(&r.title));
        distinct.extend(words(&r.text));
        distinct.extend(r.municipality.iter().flat_map(|m| words(m)));
    }
    let keyed: Vec<(&str, Option<String>, Vec<String>)> = distinct
        .into_par_iter()
        .map(|w| {
            let tails = if w.chars().count() >= 6 {
                let lower = w.to_lowercase();
                let points = danish::split_points(&lower);
                danish::tails(&lower, &points)
                    .iter()
                    .filter_map(|t| word_key(t))
                    .collect()
            } else {
                Vec::new()
            };
            (w, word_key(w), tails)
        })
        .collect();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    let mut number = |k: &String| -> u32 {
        if let Some(&n) = numbers.get(k) {
            return n;
        }
        keys.push(k.clone());
        numbers.insert(k.clone(), keys.len() as u32 - 1);
        keys.len() as u32 - 1
    };
    let lookup: HashMap<&str, Keyed> = keyed
        .iter()
        .map(|(w, k, tails)| {
            let key = k.as_ref().map(&mut number);
            let tails = tails.iter().map(&mut number).collect();
            (*w, Keyed { key, tails })
        })
        .collect();

    // Each record's terms: key number → (weighted count, first sentence).
    let per_record: Vec<(Terms, f32)> = records
        .par_iter()
        .zip(per_record_sentences.par_iter())
        .zip(firsts.par_iter())
        .map(|((r, sentences), &start)| {
            let mut terms = Terms::new();
            let mut length = 0.0;
            let mut add = |word: &str, weight: f32, sentence: u32, tails: bool| {
                let Some(k) = lookup.get(word) else { return };
                if let Some(key) = k.key {
                    terms.entry(key).or_insert((0.0, sentence)).0 += weight;
                    length += weight;
                }
                if tails {
                    for &t in &k.tails {
                        terms.entry(t).or_insert((0.0, sentence)).0 += weight * TAIL_WEIGHT;
                    }
                }
            };
            for w in words(&r.title) {
                add(w, TITLE_WEIGHT, start, true);
            }
            // The municipality's name, lightly: "sygedagpenge allerød" finds Allerød's
            // targets, which rarely name their municipality.
            for w in r.municipality.iter().flat_map(|m| words(m)) {
                add(w, PLACE_WEIGHT, start, false);
            }
            for (i, s) in sentences.iter().enumerate() {
                for w in words(s) {
                    add(w, 1.0, start + i as u32, true);
                }
            }
            (terms, length)
        })
        .collect();

    let average = per_record.iter().map(|(_, l)| *l).sum::<f32>() / records.len().max(1) as f32;
    let mut by_key: Vec<Vec<[u32; 3]>> = vec![Vec::new(); keys.len()];
    for (doc, (terms, length)) in per_record.into_iter().enumerate() {
        let norm = K1 * (1.0 - B + B * length / average.max(1.0));
        for (key, (tf, sentence)) in terms {
            // BM25's term weight, 0–2.2, in tenths: enough to rank by, short to write.
            let weight = tf * (K1 + 1.0) / (tf + norm);
            let weight = ((weight * 10.0).round() as u32).max(1);
            // The sentence counts from the record's first: small numbers compress well.
            by_key[key as usize].push([doc as u32, weight, sentence - firsts[doc]]);
        }
    }
    // Records were visited in order, so each list is sorted; the terms are sorted here.
    let mut terms: Vec<(String, Vec<[u32; 3]>)> = keys.into_iter().zip(by_key).collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let sentences: Vec<String> = per_record_sentences.into_iter().flatten().collect();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut shards = Vec::new();
    shard(&terms, 0, 2, &mut shards);
    let mut shard_names = Vec::new();
    for (prefix, range) in shards {
        let slice = &terms[range];
        let value = json!({
            "t": slice.iter().map(|(t, _)| t).collect::<Vec<_>>(),
            "p": slice.iter().map(|(_, p)| encode_postings(p)).collect::<Vec<_>>(),
        });
        files.push((format!("t/{prefix}.json"), to_bytes(&value)));
        shard_names.push(prefix);
    }

    for (n, chunk) in records.chunks(DOC_CHUNK).enumerate() {
        let rows: Vec<Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!([
                    r.url,
                    r.title,
                    r.kind,
                    r.municipality.as_deref().unwrap_or(""),
                    years_text(&r.years),
                    r.subkind.unwrap_or(""),
                    firsts[n * DOC_CHUNK + i],
                ])
            })
            .collect();
        files.push((format!("d/{n}.json"), to_bytes(&Value::Array(rows))));
    }
    for (n, chunk) in sentences.chunks(SENTENCE_CHUNK).enumerate() {
        files.push((format!("s/{n}.json"), to_bytes(&json!(chunk))));
    }

    let mut stop: Vec<&String> = stop_words().iter().collect();
    stop.sort();
    // A hash of every file's name and hash.
    let hashes: Vec<String> = files
        .par_iter()
        .map(|(n, b)| format!("{n}:{}", crate::content_hash(b)))
        .collect();
    let version = crate::content_hash(hashes.join("\n").as_bytes());
    let meta = json!({
        "n": records.len(),
        "dc": DOC_CHUNK,
        "sc": SENTENCE_CHUNK,
        "shards": shard_names,
        "stop": stop,
        "facets": facets(site, records),
        "v": version,
    });
    files.push(("meta.json".into(), to_bytes(&meta)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Postings flattened, records delta-coded: `[Δrecord, weight, sentence, …]`.
fn encode_postings(p: &[[u32; 3]]) -> Vec<u32> {
    let mut out = Vec::with_capacity(p.len() * 3);
    let mut last = 0;
    for &[doc, weight, sentence] in p {
        out.extend([doc - last, weight, sentence]);
        last = doc;
    }
    out
}

/// Cuts the sorted terms into shards by prefix; a shard over the limit is cut again by
/// a longer prefix. Terms shorter than the prefix stay in the shard of their own.
fn shard(
    terms: &[(String, Vec<[u32; 3]>)],
    offset: usize,
    len: usize,
    out: &mut Vec<(String, std::ops::Range<usize>)>,
) {
    let mut start = 0;
    while start < terms.len() {
        let prefix = shard_name(&terms[start].0, len);
        let mut end = start;
        let mut size = 0;
        while end < terms.len() && shard_name(&terms[end].0, len) == prefix {
            size += terms[end].0.len() + terms[end].1.len() * 12 + 8;
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

/// The facets: for each, its values in display order and the records of each value.
fn facets(site: &Site, records: &[Record]) -> Value {
    let mut municipalities: Vec<&str> = site
        .municipalities
        .iter()
        .map(|m| m.short_title.as_str())
        .collect();
    municipalities.sort_by_key(|m| fold(m));
    let mut years: Vec<String> = records
        .iter()
        .flat_map(|r| r.years.iter().map(i32::to_string))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    years.reverse();
    let goals: Vec<&str> = site
        .minister_goals
        .iter()
        .map(|g| g.short_title.as_str())
        .collect();
    let groups: Vec<&str> = site
        .target_groups
        .iter()
        .map(|g| g.title.as_str())
        .collect();
    let kinds = [
        kind::PLAN,
        kind::CHAPTER,
        kind::TARGET,
        kind::INITIATIVE,
        kind::MINISTER_GOAL,
        kind::MUNICIPALITY,
        kind::TARGET_GROUP,
        kind::PAGE,
    ];
    let facet =
        |key: &str, label: &str, values: Vec<String>, of: &dyn Fn(&Record) -> Vec<String>| {
            // One pass over the records: value → its records, in order.
            let position: HashMap<&str, usize> = values
                .iter()
                .enumerate()
                .map(|(i, v)| (v.as_str(), i))
                .collect();
            let mut ids: Vec<Vec<u32>> = vec![Vec::new(); values.len()];
            for (i, r) in records.iter().enumerate() {
                for v in of(r) {
                    if let Some(&p) = position.get(v.as_str())
                        && ids[p].last() != Some(&(i as u32))
                    {
                        ids[p].push(i as u32);
                    }
                }
            }
            let docs: Vec<Vec<u32>> = ids.iter().map(|ids| runs(ids)).collect();
            // Values no record has are left out.
            let (values, docs): (Vec<String>, Vec<Vec<u32>>) = values
                .into_iter()
                .zip(docs)
                .filter(|(_, d)| !d.is_empty())
                .unzip();
            json!({"key": key, "label": label, "values": values, "docs": docs})
        };
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    json!([
        facet(
            facet::MUNICIPALITY,
            "Kommune",
            strings(&municipalities),
            &|r| r.municipality.iter().cloned().collect()
        ),
        facet(facet::YEAR, "År", years, &|r| r
            .years
            .iter()
            .map(i32::to_string)
            .collect()),
        facet(
            facet::MINISTER_GOAL,
            "Ministerens mål",
            strings(&goals),
            &|r| r.minister_goals.clone()
        ),
        facet(facet::TARGET_GROUP, "Målgruppe", strings(&groups), &|r| r
            .target_groups
            .clone()),
        facet(facet::KIND, "Type", strings(&kinds), &|r| vec![
            r.kind.to_string()
        ]),
    ])
}

/// Sorted ids as runs: `[gap, length, gap, length, …]`, each gap from the end of the
/// run before (`[3, 2]` is 3 and 4).
fn runs(ids: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut end = 0;
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        let mut j = i + 1;
        while j < ids.len() && ids[j] == ids[j - 1] + 1 {
            j += 1;
        }
        out.push(start - end);
        out.push((j - i) as u32);
        end = start + (j - i) as u32;
        i = j;
    }
    out
}

/// The sentences of a text, as results quote them: cut after `.`, `!` and `?` (not
/// after abbreviations or ordinals: "ca.", "4. kvartal"), and every 40 words at most.
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        current.push(word);
        let ends = word.ends_with(['.', '!', '?'])
            // "ca." and "pct." and "nr." do not end sentences.
            && !matches!(word, "ca." | "pct." | "nr." | "f.eks." | "bl.a." | "jf." | "evt." | "mv." | "kl.")
            && !word.trim_end_matches('.').chars().all(|c| c.is_ascii_digit());
        if ends || current.len() >= 40 {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_code_consecutive_ids() {
        assert_eq!(runs(&[3, 4, 7, 8, 9, 20]), [3, 2, 2, 3, 10, 1]);
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_abbreviations() {
        assert_eq!(
            split_sentences("Der er ca. 60 sager. Mål: 2,2 pct. i 4. kvartal. Slut"),
            [
                "Der er ca. 60 sager.",
                "Mål: 2,2 pct. i 4. kvartal.",
                "Slut"
            ]
        );
    }

    #[test]
    fn large_shards_split_by_longer_prefixes_and_keep_their_terms() {
        let mut terms: Vec<(String, Vec<[u32; 3]>)> = Vec::new();
        for word in ["ar", "arb", "arbejd", "arbejde", "arv", "b", "ba", "bo"] {
            for n in 0..40 {
                terms.push((format!("{word}{n:02}"), vec![[1, 2, 3]; 60]));
            }
            terms.push((word.to_string(), vec![[1, 2, 3]; 10]));
        }
        terms.sort();
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
        let names: HashSet<&String> = shards.iter().map(|(n, _)| n).collect();
        assert_eq!(names.len(), shards.len(), "a shard name twice");
    }

    #[test]
    fn years_read_as_ranges() {
        assert_eq!(years_text(&[2019, 2020, 2021]), "2019–2021");
        assert_eq!(years_text(&[2019, 2021]), "2019, 2021");
        assert_eq!(years_text(&[2022]), "2022");
    }
}
