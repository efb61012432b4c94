//! The ground floor's text helpers: slugs, HTML escaping, short Markdown, sentences and
//! content hashes.
//!
//! Every stage uses these, so this module uses none of them: it may depend on the
//! standard library and a few crates (comrak, deunicode, libdeflater, memchr), never on
//! `crate::…` outside `text`. `tests/it/layers.rs` keeps it that way.

pub mod compress;
pub mod html;
pub mod packed;
pub mod slug;
pub mod spreadsheet;

/// Where `needle` first occurs in `haystack`, as `str::find` says for a string, but
/// searched with SIMD (memchr's `memmem`): the passes after Markdown and templates look
/// for marks (`<!--initiative:`, `{{`, `<table>`) through every page's whole HTML.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}

/// `text` with each run of whitespace made one space and none at the ends, as
/// `split_whitespace` and `join(" ")` make it, in one pass and one allocation.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The Danish months, as dates are written in plans ("31. december 2022").
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// The number (1–12) of a Danish month written in full, in any case.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    MONTHS.iter().position(|m| *m == w).map(|i| i as u8 + 1)
}

/// The first sentences of `text`, up to about `max` characters, for meta descriptions.
pub fn first_sentences(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for sentence in text.split_inclusive(". ") {
        if out.chars().count() + sentence.chars().count() > max && !out.is_empty() {
            break;
        }
        out.push_str(sentence);
    }
    if out.chars().count() > max {
        out = out.chars().take(max.saturating_sub(1)).collect::<String>() + "…";
    }
    out.trim().to_string()
}

/// A short, stable content hash (FNV-1a) for cache-busting static file links and the
/// search index's version.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:010x}", h & 0xff_ffff_ffff)
}

/// A key that sorts names in Danish order: case aside, æ, ø and å after z, in that
/// order, and a double `aa` read as å, as Danish dictionaries and phone books do
/// (Aabenraa after Vordingborg, Allerød among the A's).
pub fn danish_sort_key(name: &str) -> String {
    let lower = name.to_lowercase().replace("aa", "å");
    lower
        .chars()
        .map(|c| match c {
            'æ' | 'ä' => '{',
            'ø' | 'ö' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

/// The letter a name is filed under in a Danish A–Å index: its first letter in upper
/// case, with `Aa` filed under Å.
pub fn index_letter(name: &str) -> String {
    let lower = name.to_lowercase();
    if lower.starts_with("aa") {
        return "Å".into();
    }
    lower
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_as_split_and_join_would() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\t\nc ",
            "x\u{a0}y\u{2003}z",
            "Ét  æble ",
        ] {
            assert_eq!(
                collapse_whitespace(text),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                "{text:?}"
            );
        }
    }

    #[test]
    fn names_sort_in_danish_order() {
        let mut names = vec![
            "Aabenraa",
            "Ærø",
            "Allerød",
            "Ålborg",
            "Østerbro",
            "Vejle",
            "Odense",
        ];
        names.sort_by_key(|n| danish_sort_key(n));
        assert_eq!(
            names,
            [
                "Allerød",
                "Odense",
                "Vejle",
                "Ærø",
                "Østerbro",
                "Aabenraa",
                "Ålborg"
            ]
        );
        assert_eq!(index_letter("Aabenraa"), "Å");
        assert_eq!(index_letter("Ærø"), "Æ");
        assert_eq!(index_letter("helsingør"), "H");
    }
}
