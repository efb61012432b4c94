//! Indexing: the search index under `soeg/indeks/`, written at build time and loaded
//! by `/soeg/` (`search.js`) in small pieces as a query needs them.
//!
//! This stage owns what can be found ([`records`]), how Danish is made searchable
//! ([`danish`]: folding æ/ø/å with their ASCII spellings, Snowball stems, stop words;
//! [`compound`]: the tails of compounds) and the index files ([`format`]).
//!
//! Why not Pagefind: it was the first choice and was tried (see the README). Its
//! Danish WebAssembly alone is 57 kB compressed, and every search term loads an index
//! chunk of about 28 kB (chunks are cut at 20,000 word positions, which its Rust API
//! cannot change), so a first query on the four-plan demo needed about 120 kB before
//! any result text, against a budget of 100 kB. This index answers the same queries
//! with about a tenth of that: stems are sharded by prefix into files of a few kB,
//! and results load only the sentence they quote.

pub mod compound;
pub mod danish;
mod facets;
pub mod format;
mod json;
mod postings;
pub mod records;
pub mod terms;
pub mod text;

use std::io;

use crate::link::Site;

pub use format::{Folder, Kept, rewrite};

/// The folder of the index in the output (`search.js` is told it by the search page).
pub const FOLDER: &str = "soeg/indeks";

/// Builds the search index of the site and writes its files through `write` (path in
/// the output, bytes) as they are made, so they are never all held at once. Returns
/// the number of records.
pub fn build(
    site: &Site,
    write: &(impl Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<usize> {
    format::write(site, &in_folder(write))
}

/// [`build`], keeping what [`rewrite`] needs to bring the index up to date after an
/// edit.
pub fn build_keeping(
    site: &Site,
    write: &(impl Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> io::Result<(usize, Kept)> {
    format::write_keeping(site, &in_folder(write))
}

/// `write`, given names in the index's folder.
fn in_folder(
    write: &(impl Fn(&str, &[u8]) -> io::Result<()> + Sync),
) -> impl Fn(&str, &[u8]) -> io::Result<()> + Sync {
    move |name: &str, bytes: &[u8]| write(&format!("{FOLDER}/{name}"), bytes)
}
