//! Splitting Danish compounds, so that a search for a part finds the whole word.
//!
//! Danish writes compounds as one word: "sygedagpengemodtagere" is syge + dagpenge +
//! modtagere. The search matches a query against the start of indexed words, so the
//! index needs, for every compound, the tails that start where a part starts:
//! "dagpengemodtagere", "pengemodtagere" and "modtagere". A query for "dagpenge" is
//! then a prefix of one of them. Finding the part boundaries needs a word list: the
//! vendored `da_words.txt` (derived from hunspell-da, see its header), which holds only
//! words that are not themselves compounds.
//!
//! A word splits into modifiers (listed words of three or more letters, each
//! optionally followed by the linking `s` or `e` of Danish compounds: "hjælp-s-",
//! "lærling-e-") and a final listed word or inflected form of one (by its Snowball
//! stem), taking the split with the fewest parts. A word that is itself a listed word
//! or a form of one ("indsatsen") does not split. Particles that are prefixes rather
//! than words ("for", "ind", "be" …) never count as modifiers, so "forsikring" stays
//! whole.

use std::sync::OnceLock;

use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;

/// The vendored word list: one lower-case word per line, `#` comments.
const WORDS: &str = include_str!("da_words.txt");

/// The Snowball stems of the listed words that are not listed words themselves, one per
/// line, sorted: stemming 43,000 words took more time than indexing a small site, so
/// the stems are computed once, when the word list changes. The test
/// `stems_are_those_of_the_word_list` checks them and rewrites the file when run with
/// `PLANPORTAL_WRITE_STEMS=1`.
const STEMS: &str = include_str!("da_stems.txt");

/// Prefixes that are not words of their own in a compound; must match `da_words.py`.
const STOP: &[&str] = &[
    "af", "an", "be", "bi", "er", "ge", "for", "fra", "ind", "med", "mod", "ned", "om", "op",
    "til", "ud", "gen", "mis", "sam",
];

/// Stems of derivational endings that are also words; must match `da_words.py`.
const SUFFIXES: &[&str] = &["hed", "skab", "dom", "els", "ning"];

/// Words shorter than this are never split.
const MIN_COMPOUND: usize = 6;
/// The shortest part: "job", "mål", "dag".
const MIN_PART: usize = 3;
/// Parts longer than this are not looked up (no listed word is longer).
const MAX_PART: usize = 24;
/// The longest last part looked up: a listed word with an inflection ("-erne", "-ernes").
const MAX_FORM: usize = MAX_PART + 8;
/// Words longer than this are never split: the longest Danish compounds in real use have
/// some 50 letters, and without a cap a 1 MB "word" (a pasted blob) cost minutes.
pub const MAX_COMPOUND: usize = 80;

pub struct Splitter {
    words: FxHashSet<&'static str>,
    stems: FxHashSet<&'static str>,
    stemmer: Stemmer,
}

/// The entries of a vendored list: non-empty lines that are no `#` comment.
fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Splitter {
    /// The shared splitter, built on first use (about 40,000 words).
    pub fn get() -> &'static Splitter {
        static SPLITTER: OnceLock<Splitter> = OnceLock::new();
        SPLITTER.get_or_init(Splitter::new)
    }

    fn new() -> Splitter {
        Splitter {
            words: entries(WORDS).collect(),
            stems: entries(STEMS).collect(),
            stemmer: Stemmer::create(Algorithm::Danish),
        }
    }

    /// The parts of a word at its split points: `["syge", "dagpenge", "modtagere"]`;
    /// the word alone when it does not split.
    pub fn parts(&self, word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut out = Vec::new();
        let mut last = 0;
        for p in self.split_points(word) {
            out.push(chars[last..p].iter().collect());
            last = p;
        }
        out.push(chars[last..].iter().collect());
        out
    }

    /// Where `word` (lower case) splits into parts, as char offsets, in order: the
    /// split into the fewest parts. Empty for a word that is a listed word (or a form
    /// of one) itself, or that is no compound of listed words.
    pub fn split_points(&self, word: &str) -> Vec<usize> {
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        if !(MIN_COMPOUND..=MAX_COMPOUND).contains(&n) || !chars.iter().all(|c| c.is_alphabetic()) {
            return Vec::new();
        }
        // Byte offset of every char offset, for slicing `word`.
        let mut at: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
        at.push(word.len());
        let part = |i: usize, j: usize| &word[at[i]..at[j]];

        // parts[i]: the fewest parts word[i..] splits into (modifiers, then a word
        // form), with the end of its first part; None when it does not split.
        let mut parts: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        for i in (0..n).rev() {
            // Only a short tail can be a word form: looking up every tail of a long word
            // would cost its length squared.
            if n - i <= MAX_FORM
                && self.is_form(part(i, n))
                && (i == 0 || !self.is_suffix(part(i, n)))
            {
                parts[i] = Some((1, n));
                continue;
            }
            for k in i + MIN_PART..=(i + MAX_PART).min(n.saturating_sub(MIN_PART)) {
                if let Some((count, _)) = parts[k]
                    && parts[i].is_none_or(|(best, _)| count + 1 < best)
                    && self.is_modifier(part(i, k))
                {
                    parts[i] = Some((count + 1, k));
                }
            }
        }
        let mut points = Vec::new();
        let mut i = 0;
        while let Some((_, next)) = parts[i] {
            if next >= n {
                break;
            }
            points.push(next);
            i = next;
        }
        points
    }

    /// A derivational ending that is also a word ("hed", "skab"): never a last part.
    fn is_suffix(&self, x: &str) -> bool {
        SUFFIXES.contains(&&*self.stemmer.stem(x))
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
        if self.words.contains(x) {
            return true;
        }
        // Snowball is not idempotent ("indsatsen" → "indsats" → "indsat"): look the
        // stem up both as a word and as the stem of one.
        let stem = self.stemmer.stem(x);
        let known = |s: &str| self.words.contains(s) || self.stems.contains(s);
        // Snowball leaves the -ed of past participles ("berettigede" → "berettiged").
        len > MIN_PART && (known(&stem) || stem.strip_suffix("ed").is_some_and(known))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stems `da_stems.txt` should hold, as the file writes them.
    fn stems_file() -> String {
        let stemmer = Stemmer::create(Algorithm::Danish);
        let words: FxHashSet<&str> = entries(WORDS).collect();
        let mut stems: Vec<String> = words
            .iter()
            .map(|w| stemmer.stem(w).into_owned())
            .filter(|s| !words.contains(s.as_str()))
            .collect();
        stems.sort();
        stems.dedup();
        let mut out = String::from(
            "# Snowball (Danish) stems of the words in da_words.txt that are not listed words\n\
             # themselves, for src/index/compound.rs. Generated: run\n\
             # PLANPORTAL_WRITE_STEMS=1 cargo test --lib stems_are_those_of_the_word_list\n",
        );
        for s in stems {
            out.push_str(&s);
            out.push('\n');
        }
        out
    }

    #[test]
    fn stems_are_those_of_the_word_list() {
        let expected = stems_file();
        if std::env::var_os("PLANPORTAL_WRITE_STEMS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/index/da_stems.txt");
            std::fs::write(path, &expected).expect("write da_stems.txt");
        } else {
            assert!(
                STEMS == expected,
                "src/index/da_stems.txt is out of date: run \
                 PLANPORTAL_WRITE_STEMS=1 cargo test --lib stems_are_those_of_the_word_list"
            );
        }
    }

    fn parts(word: &str) -> Vec<String> {
        Splitter::get().parts(word)
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
        assert_eq!(parts("langtidsledige"), ["lang", "tids", "ledige"]);
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
