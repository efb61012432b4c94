//! Danish as citizens type it: folding æ/ø/å and their ASCII spellings together, the
//! words of a text and their index keys (stems), and the tails of compounds, so that
//! the index holds folded words while the text shown in results stays as written.
//!
//! **Folding.** [`fold`] maps a word to the key both the index and the query use:
//! lower case, `æ` → `ae`, `ø` → `o`, `å` → `a`, and the second letter of `aa` and `oe`
//! dropped. So Helsingør, Helsingoer and helsingor all become `helsingor`; Allerød and
//! allerod `allerod`; Hjørring, Hjoerring and hjorring `hjorring`. `search.js` folds the
//! query with the same rules (keep the two in step).
//!
//! **Keys.** A word's index key is the Snowball (Danish) stem of its folded form, so
//! "kommunerne" and "kommunens" meet at `kommun`. Common words ("og", "at", "på") are
//! not indexed; the list travels with the index so `search.js` drops them from queries.
//! A compound also gets the keys of its tails (see [`compound`](super::compound)), so
//! "sygedagpengemodtagere" is found by "dagpenge" and "modtagere".

use std::sync::OnceLock;

use pagefind_stem::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;

use super::compound::Splitter;

/// The folded form of a word (or of any text): what the index and the query compare.
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut prev = None;
    for c in lower.chars() {
        match c {
            'æ' => {
                out.push_str("ae");
                prev = None;
            }
            'ø' => {
                out.push('o');
                prev = Some('o');
            }
            'å' => {
                out.push('a');
                prev = Some('a');
            }
            'a' if prev == Some('a') => prev = None,
            'e' if prev == Some('o') => prev = None,
            _ => {
                out.push(c);
                prev = matches!(c, 'a' | 'o').then_some(c);
            }
        }
    }
    out
}

/// Danish words too common to find anything with: Snowball's Danish stop list, and a
/// few more that every plan uses on every page ("så", "kan", "ved", "samt", "pct").
pub const STOP_WORDS: &[&str] = &[
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller",
    "en", "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned",
    "noget", "nogle", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "selv", "sig",
    "sin", "sine", "sit", "skal", "skulle", "som", "sådan", "thi", "til", "ud", "under", "var",
    "vi", "vil", "ville", "vor", "være", "været", "så", "kan", "ved", "samt", "pct", "ca",
];

/// The stop list folded, as the index and `search.js` compare it.
pub fn stop_words() -> &'static FxHashSet<String> {
    static STOP: OnceLock<FxHashSet<String>> = OnceLock::new();
    STOP.get_or_init(|| STOP_WORDS.iter().map(|w| fold(w)).collect())
}

/// The index key of a folded word: its Danish Snowball stem (numbers stay as written).
pub fn key(folded: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    if folded.chars().all(|c| c.is_ascii_digit()) {
        return folded.to_string();
    }
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::Danish))
        .stem(folded)
        .into_owned()
}

/// Calls `f` with each word of `text`: runs of letters and digits, as written. Indexing
/// reads every word of the site through it, so it scans bytes and decodes only non-ASCII
/// letters (`char::is_alphanumeric`).
#[inline]
pub fn each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut at = 0;
    while let Some((start, end)) = next_word(text, at) {
        f(&text[start..end]);
        at = end;
    }
}

/// Where the next word of `text` from byte `at` (a char boundary) starts and ends.
#[inline(always)]
fn next_word(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = at;
    // Skip to the first word character.
    let start = loop {
        while i < bytes.len() && WORD[bytes[i] as usize] == NO {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        match word_char(text, i) {
            (true, _) => break i,
            (false, width) => i += width,
        }
    };
    loop {
        while i < bytes.len() && WORD[bytes[i] as usize] == YES {
            i += 1;
        }
        if i >= bytes.len() || WORD[bytes[i] as usize] == NO {
            break;
        }
        match word_char(text, i) {
            (true, width) => i += width,
            (false, _) => break,
        }
    }
    Some((start, i))
}

/// Whether a byte can be part of a word as [`each_word`] finds them: an ASCII letter
/// or digit, or any byte of a non-ASCII character (which may be a letter).
pub(super) fn may_be_word_byte(b: u8) -> bool {
    WORD[b as usize] != NO
}

/// What a byte is to [`Words`]: an ASCII letter or digit, other ASCII, or part of a
/// non-ASCII character, which is decoded to tell.
const NO: u8 = 0;
const YES: u8 = 1;
const DECODE: u8 = 2;
const WORD: [u8; 256] = {
    let mut class = [NO; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = if b >= 0x80 {
            DECODE
        } else if (b as u8).is_ascii_alphanumeric() {
            YES
        } else {
            NO
        };
        b += 1;
    }
    class
};

/// Whether the character at byte `i` of `text` (a char boundary) is a letter or digit,
/// and its width in bytes.
#[inline(always)]
fn word_char(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    // U+00C0–U+00FF (æ, ø, å …): letters but × and ÷.
    if b == 0xC3 {
        let c = bytes.get(i + 1).copied().unwrap_or(0);
        return (c != 0x97 && c != 0xB7, 2);
    }
    match text[i..].chars().next() {
        Some(c) => (is_alphanumeric(c), c.len_utf8()),
        None => (false, 1),
    }
}

/// `char::is_alphanumeric`, with the Latin-1 letters of Danish answered without
/// looking them up in Unicode's tables.
#[inline(always)]
fn is_alphanumeric(c: char) -> bool {
    if (c as u32) < 0x100 {
        matches!(c, 'ª' | '²' | '³' | 'µ' | '¹' | 'º' | '¼'..='¾' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
    } else {
        c.is_alphanumeric()
    }
}

/// The folded tails of a compound ("sygedagpengemodtagere" → "dagpengemodtagere",
/// "pengemodtagere", "modtagere"), from its split points.
pub fn tails(word: &str, points: &[usize]) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    points
        .iter()
        .filter(|&&p| p < chars.len())
        .map(|&p| fold(&chars[p..].iter().collect::<String>()))
        .collect()
}

/// The split points of a lower-case word, from the shared splitter.
pub fn split_points(word: &str) -> Vec<usize> {
    Splitter::get().split_points(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_letters_and_digits_are_unicodes() {
        for c in '\u{80}'..='\u{ff}' {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        for text in [
            "",
            "  ",
            "Sygedagpenge, ledige (18-29 år) & 2,5 pct. – Helsingør!",
            "Ærø·Øst—Åbo naïve 3½ ½ x\u{a0}y\u{2003}z",
            "ﬁre Ⅻ 一二 ab\u{301}c 2×3÷4 ÀÖØöøÿ",
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let mut words = Vec::new();
            each_word(text, |w| words.push(w));
            assert_eq!(words, expected, "{text}");
            let mut each = Vec::new();
            each_word(text, |w| each.push(w));
            assert_eq!(each, expected, "{text}");
        }
    }

    #[test]
    fn folds_danish_letters_and_their_ascii_spellings_together() {
        for (a, b) in [
            ("Helsingør", "helsingor"),
            ("Helsingoer", "helsingor"),
            ("HELSINGØR", "helsingor"),
            ("Allerød", "allerod"),
            ("Hjørring", "hjorring"),
            ("Hjoerring", "hjorring"),
            ("ældre", "aeldre"),
            ("aeldre", "aeldre"),
            ("Århus", "arhus"),
            ("Aarhus", "arhus"),
            ("på", "pa"),
            ("paa", "pa"),
            ("søen", "son"),
        ] {
            assert_eq!(fold(a), b, "{a}");
        }
    }

    #[test]
    fn inflections_share_a_key() {
        for group in [
            ["kommune", "kommunen", "kommunerne", "kommunens"],
            ["borger", "borgere", "borgeren", "borgerne"],
            ["ledig", "ledige", "ledighed", "ledigheden"],
        ] {
            let keys: std::collections::HashSet<String> =
                group.iter().map(|w| key(&fold(w))).collect();
            assert_eq!(keys.len(), 1, "{group:?}: {keys:?}");
        }
    }

    #[test]
    fn compound_tails_are_folded() {
        let w = "voksenlærlingeordningen";
        assert_eq!(
            tails(w, &split_points(w)),
            ["laerlingeordningen", "ordningen"]
        );
    }
}
