//! Splitting Danish compounds, so that a search for a part finds the whole word.
//!
//! Danish writes compounds as one word: "sygedagpengemodtagere" is syge + dagpenge +
//! modtagere. Pagefind matches a query against the start of indexed words, so the
//! index needs, for every compound, the tails that start where a part starts:
//! "dagpengemodtagere", "pengemodtagere" and "modtagere". A query for "dagpenge" is
//! then a prefix of one of them. Finding the part boundaries needs a word list: the
//! vendored `da_words.txt` (derived from hunspell-da, see its header), which holds only
//! words that are not themselves compounds.
//!
//! A split is accepted where the word before it is a chain of modifiers (a listed word
//! of three or more letters, optionally followed by the linking `s` or `e` of Danish
//! compounds: "hjælp-s-", "lærling-e-") and the word after it is a listed word, an
//! inflected form of one (by its Snowball stem), or again such a chain. Particles that
//! are prefixes rather than words ("for", "ind", "be" …) never count as modifiers, so
//! "forsikring" and "indsats" stay whole.

use std::collections::HashSet;
use std::sync::OnceLock;

use pagefind_stem::{Algorithm, Stemmer};

/// The vendored word list: one lower-case word per line, `#` comments.
const WORDS: &str = include_str!("da_words.txt");

/// Prefixes that are not words of their own in a compound; must match `da_words.py`.
const STOP: &[&str] = &[
    "af", "an", "be", "bi", "er", "ge", "for", "fra", "ind", "med", "mod", "ned", "om", "op",
    "til", "ud", "gen", "mis", "sam",
];

/// Words shorter than this are never split.
const MIN_COMPOUND: usize = 6;
/// The shortest part: "job", "mål", "dag".
const MIN_PART: usize = 3;
/// Parts longer than this are not looked up (no listed word is longer).
const MAX_PART: usize = 24;

pub struct Splitter {
    words: HashSet<&'static str>,
    stems: HashSet<String>,
    stemmer: Stemmer,
}

impl Splitter {
    /// The shared splitter, built on first use (about 40,000 words).
    pub fn get() -> &'static Splitter {
        static SPLITTER: OnceLock<Splitter> = OnceLock::new();
        SPLITTER.get_or_init(Splitter::new)
    }

    fn new() -> Splitter {
        let words: HashSet<&'static str> = WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let stemmer = Stemmer::create(Algorithm::Danish);
        let stems = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
        Splitter {
            words,
            stems,
            stemmer,
        }
    }

    /// Where `word` (lower case) splits into parts, as char offsets, in order. Empty
    /// for a word that is not a compound of listed words.
    pub fn split_points(&self, word: &str) -> Vec<usize> {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        if n < MIN_COMPOUND || !chars.iter().all(|c| c.is_alphabetic()) {
            return Vec::new();
        }
        // Byte offset of every char offset, for slicing `word`.
        let mut at: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        at.push(word.len());
        let part = |i: usize, j: usize| &word[at[i]..at[j]];

        // head[i]: word[..i] is a chain of modifiers.
        let mut head = vec![false; n + 1];
        head[0] = true;
        for i in MIN_PART..=n {
            head[i] = (i.saturating_sub(MAX_PART + 1)..=i - MIN_PART)
                .any(|j| head[j] && self.is_modifier(part(j, i)));
        }
        // tail[i]: word[i..] is a word form, or modifiers followed by one.
        let mut tail = vec![false; n + 1];
        for i in (0..n.saturating_sub(MIN_PART - 1)).rev() {
            tail[i] = self.is_form(part(i, n))
                || (i + MIN_PART..=(i + MAX_PART + 1).min(n - MIN_PART))
                    .any(|k| tail[k] && self.is_modifier(part(i, k)));
        }
        (MIN_PART..=n - MIN_PART)
            .filter(|&i| head[i] && tail[i])
            .collect()
    }

    fn is_modifier(&self, x: &str) -> bool {
        let len = x.chars().count();
        if len < MIN_PART || STOP.contains(&x) {
            return false;
        }
        if self.words.contains(x) {
            return true;
        }
        // A linking s or e: "hjælps", "lærlinge".
        match x.strip_suffix(['s', 'e']) {
            Some(base) => len > MIN_PART && !STOP.contains(&base) && self.words.contains(base),
            None => false,
        }
    }

    fn is_form(&self, x: &str) -> bool {
        let len = x.chars().count();
        if len < MIN_PART {
            return false;
        }
        self.words.contains(x) || (len > MIN_PART && self.stems.contains(&*self.stemmer.stem(x)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut out = Vec::new();
        let mut last = 0;
        for p in Splitter::get().split_points(word) {
            out.push(chars[last..p].iter().collect());
            last = p;
        }
        out.push(chars[last..].iter().collect());
        out
    }

    #[test]
    fn splits_compounds_from_the_plans() {
        assert_eq!(
            parts("sygedagpengemodtagere"),
            ["syge", "dag", "penge", "modtagere"]
        );
        assert_eq!(
            parts("voksenlærlingeordningen"),
            ["voksen", "lærlinge", "ordningen"]
        );
        assert_eq!(
            parts("kontanthjælpsmodtagere"),
            ["kontant", "hjælps", "modtagere"]
        );
        assert_eq!(parts("resultatmål"), ["resultat", "mål"]);
        assert_eq!(parts("jobcentret"), ["job", "centret"]);
    }

    #[test]
    fn leaves_words_that_only_look_like_compounds() {
        for word in [
            "forsikring",
            "indsatsen",
            "beskæftigelse",
            "uddannelse",
            "modtagere",
            "helsingør",
            "job",
        ] {
            assert_eq!(parts(word), [word], "{word}");
        }
    }
}
