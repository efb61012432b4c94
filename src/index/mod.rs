//! Indexing: the search index under `pagefind/`, built at build time with Pagefind as a
//! library and loaded by `/soeg/` in chunks as a query needs them.
//!
//! This stage owns what can be found ([`records`]), how Danish is made searchable
//! ([`danish`]: folding æ/ø/å with their ASCII spellings, and [`compound`]: the tails of
//! compounds) and the files written. Every record is handed to Pagefind as a custom
//! record in Danish (so it is stemmed with Snowball's Danish stemmer), with the facets
//! municipality, year, minister goal, target group and type as Pagefind filters.
//!
//! Only what `search.js` loads is published: Pagefind's search script and worker, the
//! Danish WebAssembly, the entry, the metadata, and the index, filter and fragment
//! chunks. Pagefind's own UI bundles are left out.

pub mod compound;
pub mod danish;
pub mod records;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::link::Site;
use records::{Record, facet};

/// The folder of the index in the output, and the path `search.js` loads it from.
pub const FOLDER: &str = "pagefind";

/// A file of the index: its path in the output and its bytes.
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What the index holds and the files that make it.
pub struct Index {
    pub records: usize,
    pub files: Vec<File>,
}

/// Builds the search index of the site.
pub fn build(site: &Site) -> Result<Index, Diagnostic> {
    let records = records::records(site);
    let encoded = encode(&records);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the search indexer: {e}")))?;
    let files = runtime
        .block_on(run_pagefind(encoded))
        .map_err(|e| Diagnostic::error(format!("cannot build the search index: {e}")))?;
    Ok(Index {
        records: records.len(),
        files,
    })
}

/// A record as Pagefind gets it.
struct Encoded {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// Encodes every record's text (see [`danish`]), splitting each distinct word once.
fn encode(records: &[Record]) -> Vec<Encoded> {
    // The compound splits of every distinct long word, computed in parallel.
    let mut words: HashSet<String> = HashSet::new();
    for r in records {
        for text in [&r.title, &r.text] {
            for run in text.split(|c: char| !c.is_alphabetic()) {
                if run.chars().count() >= 6 {
                    words.insert(run.to_lowercase());
                }
            }
        }
    }
    let splits: HashMap<String, Vec<usize>> = words
        .into_par_iter()
        .map(|w| {
            let points = danish::split_points(&w);
            (w, points)
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let lookup = |w: &str| splits.get(w).cloned().unwrap_or_default();

    records
        .par_iter()
        .map(|r| {
            let mut meta = BTreeMap::new();
            meta.insert("title".to_string(), danish::encode_text(&r.title, &lookup));
            // Indexed too, so "dagpenge allerød" finds Allerød's targets.
            if let Some(m) = &r.municipality {
                meta.insert("k".to_string(), danish::encode_text(m, &lookup));
            }
            if let Some(s) = r.subkind {
                meta.insert("sub".to_string(), s.to_string());
            }
            let mut filters = BTreeMap::new();
            filters.insert(facet::KIND.to_string(), vec![r.kind.to_string()]);
            if let Some(m) = &r.municipality {
                filters.insert(facet::MUNICIPALITY.to_string(), vec![m.clone()]);
            }
            let mut put = |key: &str, values: Vec<String>| {
                if !values.is_empty() {
                    filters.insert(key.to_string(), values);
                }
            };
            put(facet::YEAR, r.years.iter().map(i32::to_string).collect());
            put(facet::MINISTER_GOAL, r.minister_goals.clone());
            put(facet::TARGET_GROUP, r.target_groups.clone());
            Encoded {
                url: r.url.clone(),
                content: danish::encode_text(&r.text, &lookup),
                meta,
                filters,
            }
        })
        .collect()
}

async fn run_pagefind(records: Vec<Encoded>) -> Result<Vec<File>, String> {
    let options = PagefindServiceConfig::builder()
        .force_language("da".to_string())
        .keep_index_url(true)
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("{e:#}"))?;
    for r in records {
        let url = r.url.clone();
        index
            .add_custom_record(
                r.url,
                r.content,
                "da".into(),
                Some(r.meta),
                Some(r.filters),
                None,
            )
            .await
            .map_err(|e| format!("{url}: {e:#}"))?;
    }
    let mut files: Vec<File> = index
        .get_files()
        .await
        .map_err(|e| format!("{e:#}"))?
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            wanted(&name).then(|| File {
                path: format!("{FOLDER}/{name}"),
                bytes: f.contents,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The files of Pagefind's bundle that `search.js` uses.
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json" | "wasm.da.pagefind"
    ) || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|d| name.starts_with(d))
}
