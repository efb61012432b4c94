//! Writing the index's JSON by hand: millions of numbers and sentences, where
//! `serde_json`'s general writer was the slowest part of the index. Each function writes
//! what `serde_json` would, and its test says so.

/// The digits of the index's number strings: a number is written in base 32, most
/// significant digit first, its last digit from `LAST` and any before it from `MORE`,
/// so numbers need no separator and most postings' numbers are one character. All 64
/// are plain in JSON. `search.js` (`numbers()`) reads them.
pub(super) const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
pub(super) const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends a number to a number string (see [`LAST`]).
pub(super) fn push_digits(mut n: u32, out: &mut Vec<u8>) {
    let mut digits = [0u8; 7];
    let mut i = digits.len() - 1;
    digits[i] = LAST[(n & 31) as usize];
    n >>= 5;
    while n > 0 {
        i -= 1;
        digits[i] = MORE[(n & 31) as usize];
        n >>= 5;
    }
    out.extend_from_slice(&digits[i..]);
}

/// The postings of a shard's terms as two number strings, each a column, which
/// compress far better than rows of three numbers did: the records, delta-coded from
/// each term's first, and their weights. `postings` are each term's `[record, weight]`.
pub(super) fn encode_postings<'a>(
    postings: impl Iterator<Item = &'a [[u32; 2]]> + Clone,
    out: &mut Vec<u8>,
) {
    out.extend_from_slice(b"\"d\":\"");
    for p in postings.clone() {
        let mut last = 0;
        for &[doc, _] in p {
            push_digits(doc - last, out);
            last = doc;
        }
    }
    out.extend_from_slice(b"\",\"w\":\"");
    for p in postings {
        for &[_, weight] in p {
            push_digits(weight, out);
        }
    }
    out.push(b'"');
}

/// A hash of a file's bytes for the index version, 40 bits in hex like
/// `crate::text::content_hash`, but eight bytes a step: the index is tens of megabytes on a
/// large site, and FNV's byte a step took longer than writing it. Each step is a
/// bijection of the state, so files that differ in one eight-byte word never collide.
pub(super) fn fingerprint(bytes: &[u8]) -> String {
    format!("{:010x}", hash64(bytes) & 0xff_ffff_ffff)
}

/// The 64 bits [`fingerprint`] keeps 40 of: what tells a file made again from the one
/// made before (see `format::rewrite`).
pub(super) fn hash64(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default());
        h = (h ^ w).wrapping_mul(K).rotate_left(29);
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(last)).wrapping_mul(K);
    // SplitMix64's finalizer: every bit of the state reaches the 40 that are kept.
    h ^= h >> 30;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// A JSON string, escaped as `serde_json` escapes it. The sentences are most of the
/// index's bytes, so eight bytes are checked at a time and runs without an escape are
/// copied at once.
pub(super) fn push_json_str(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8)
            && !needs_escape(u64::from_le_bytes(
                <[u8; 8]>::try_from(word).unwrap_or_default(),
            ))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..0x20 => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ],
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(escape);
        i += 1;
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Whether any of the eight bytes is a control character, `"` or `\\` (the bit tricks
/// of "Bit Twiddling Hacks": a byte less than n, a zero byte after xor).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    (control | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')))) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_base_32_digits_without_separators() {
        let mut out = Vec::new();
        for n in [0, 1, 31, 32, 1_000, u32::MAX] {
            push_digits(n, &mut out);
        }
        // 32 = 1·32 + 0; 1000 = 31·32 + 8; u32::MAX = 3·32⁶ + 31·(32⁵ + … + 1).
        assert_eq!(out, b"01vx0_8z_____v");
        let mut out = Vec::new();
        let terms: [&[[u32; 2]]; 2] = [&[[3, 12], [10, 1]], &[[0, 40]]];
        encode_postings(terms.iter().copied(), &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), r#""d":"370","w":"c1x8""#);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("æøå – \u{2028}\u{7f}\"\\");
        let long = format!("{all}{all} og så videre, længe nok til flere ord ad gangen\n{all}");
        for text in [
            all.as_str(),
            &long,
            "",
            "Helt almindelig tekst.",
            "\"",
            "a\\b",
        ] {
            let mut out = Vec::new();
            push_json_str(text, &mut out);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
        for k in 0..20 {
            for special in ["\u{1}", "\u{1f}", "\"", "\\", " ", "\u{7f}", "ø"] {
                let text = format!("{}{special}{}", "a".repeat(k), "b".repeat(20 - k));
                let mut out = Vec::new();
                push_json_str(&text, &mut out);
                assert_eq!(out, serde_json::to_vec(&text).unwrap(), "{text:?}");
            }
        }
    }

    #[test]
    fn fingerprints_tell_files_apart() {
        let mut seen = rustc_hash::FxHashSet::default();
        let text = b"Sygedagpengemodtagere i Helsing\xc3\xb8r: 2,2 pct. i 4. kvartal.";
        for len in 0..text.len() {
            assert!(seen.insert(fingerprint(&text[..len])), "{len}");
            let mut changed = text[..len].to_vec();
            if let Some(b) = changed.last_mut() {
                *b ^= 1;
                assert!(seen.insert(fingerprint(&changed)), "{len} changed");
            }
        }
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_eq!(fingerprint(b"").len(), 10);
    }
}
