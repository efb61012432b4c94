//! gzip for whole buffers, through libdeflate: the search index's files.
//!
//! Everything this crate compresses is already whole in memory, which is what
//! libdeflate is made for. Against zlib (flate2 with zlib-rs) on the 5,352-page corpus:
//! the index's gzip files at level 3 took 7 % of the build's CPU instead of 12–13 % at
//! zlib's default level, for 1 % more bytes (14.5 against 14.3 MB); level 1 takes 4–5 %
//! fewer instructions for the whole build than level 3, for 3 % more bytes; see
//! docs/performance.md.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// The level of the index's gzip files. libdeflate's levels 1–12, at 5,352 pages: 1,
/// 14.99 MB; 3, 14.55 MB; 6, 14.3 MB, with half again the CPU time of 3. Level 1 uses a
/// simpler match finder: a build at 98 × 1 runs 3.74 instead of 3.92 billion
/// instructions (cachegrind), and the demo's first query stays within its 40 kB.
const GZIP_LEVEL: i32 = 1;

thread_local! {
    // A compressor holds a few hundred kB of tables: one per thread, reused.
    static GZIP: RefCell<Compressor> = RefCell::new(compressor(GZIP_LEVEL));
}

fn compressor(level: i32) -> Compressor {
    Compressor::new(CompressionLvl::new(level).unwrap_or_default())
}

/// `bytes` as a gzip file, the same bytes for the same input (libdeflate writes no
/// time or name in the header).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    GZIP.with_borrow_mut(|c| {
        let mut out = vec![0; c.gzip_compress_bound(bytes.len())];
        // The buffer has the room libdeflate says the worst case needs: it cannot fail.
        let n = c.gzip_compress(bytes, &mut out).unwrap_or(0);
        out.truncate(n);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_a_plain_gzip_file_the_same_each_time() {
        let text = "Ledige i job – æ, ø og å. ".repeat(400);
        let gz = gzip(text.as_bytes());
        assert!(gz.len() < text.len() / 10);
        assert_eq!(gz, gzip(text.as_bytes()));
        // Magic, DEFLATE, no flags (no name), no time.
        assert_eq!(gz[..8], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
        // Read by another implementation (zlib's, as browsers have).
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .expect("gzip");
        assert_eq!(back, text);
    }
}
