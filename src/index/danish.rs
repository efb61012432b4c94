//! Danish as citizens type it: folding æ/ø/å and their ASCII spellings together, and
//! writing text for Pagefind so that its index holds the folded words and compound
//! tails while the text shown in results stays as written.
//!
//! **Folding.** [`fold`] maps a word to the key both the index and the query use:
//! lower case, `æ` → `ae`, `ø` → `o`, `å` → `a`, and the second letter of `aa` and `oe`
//! dropped. So Helsingør, Helsingoer and helsingor all become `helsingor`; Allerød and
//! allerod `allerod`; Hjørring, Hjoerring and hjorring `hjorring`. `search.js` folds the
//! query with the same rules (keep the two in step).
//!
//! **Encoding for Pagefind.** Pagefind lower-cases words and strips combining marks
//! (that is how it folds `å` to `a`), but it shows results from the text it indexed. So
//! [`encode_text`] writes every word as its folded letters plus combining marks that
//! say how to restore it, and `search.js` restores it before showing it:
//!
//! | written | encoded | Pagefind indexes |
//! | --- | --- | --- |
//! | `æ`, `Æ` | `a` U+0365 `e`, `A` U+0365 `e` | `ae` |
//! | `ø`, `Ø` | `o` U+0366, `O` U+0366 | `o` |
//! | `å` | `å` | `a` (Pagefind's own folding) |
//! | the dropped `a` of `aa` / `e` of `oe` | U+0363 / U+0364 (U+0368 after it if upper case) | nothing |
//!
//! The marks are "combining Latin small letters": alphabetic, so Pagefind keeps the word
//! whole, and combining, so its diacritic folding removes them. A compound gets its
//! tails (see [`compound`](super::compound)) as extra words after it, written
//! `_~tail`; Pagefind drops the punctuation when indexing, and `search.js` hides them.

use super::compound::Splitter;

/// Marks the letter before it as `æ`, with the `e` after it.
const MARK_AE: char = '\u{0365}';
/// Marks the letter before it as `ø`.
const MARK_OE: char = '\u{0366}';
/// A dropped `a` (the second letter of `aa`).
const DROP_A: char = '\u{0363}';
/// A dropped `e` (the second letter of `oe`).
const DROP_E: char = '\u{0364}';
/// After a dropped letter: it was upper case.
const UPPER: char = '\u{0368}';
/// Starts a word that only the index sees: a compound's tail.
pub const HIDDEN: &str = "_~";

/// The folded key of a word (or of any text): what the index and the query compare.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = None;
    for c in text.chars() {
        let lower = single_lower(c);
        match lower {
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
                if c.is_uppercase() && lower == c {
                    // An upper-case letter without a one-letter lower case: keep it whole.
                    out.extend(c.to_lowercase());
                } else {
                    out.push(lower);
                }
                prev = matches!(lower, 'a' | 'o').then_some(lower);
            }
        }
    }
    out
}

/// The lower case of a letter when it is one letter, else the letter itself.
fn single_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Writes one word the way Pagefind should index it (see the module docs).
fn encode_word(word: &str, out: &mut String) {
    let mut prev = None;
    for c in word.chars() {
        let lower = single_lower(c);
        let upper = lower != c;
        match lower {
            'æ' => {
                out.push(if upper { 'A' } else { 'a' });
                out.push(MARK_AE);
                out.push('e');
                prev = None;
            }
            'ø' => {
                out.push(if upper { 'O' } else { 'o' });
                out.push(MARK_OE);
                prev = Some('o');
            }
            'å' => {
                out.push(c);
                prev = Some('a');
            }
            'a' if prev == Some('a') => {
                out.push(DROP_A);
                if upper {
                    out.push(UPPER);
                }
                prev = None;
            }
            'e' if prev == Some('o') => {
                out.push(DROP_E);
                if upper {
                    out.push(UPPER);
                }
                prev = None;
            }
            // Our own marks must not occur in the text: drop any that do.
            '\u{0363}'..='\u{036F}' => {}
            _ => {
                out.push(c);
                prev = matches!(lower, 'a' | 'o').then_some(lower);
            }
        }
    }
}

/// Writes a text for Pagefind: every word encoded, every compound followed by its
/// hidden tails. `splits` gives the split points of a lower-case word (see
/// [`Splitter::split_points`]); the indexer passes a cached lookup.
pub fn encode_text(text: &str, splits: &dyn Fn(&str) -> Vec<usize>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for token in text.split_whitespace() {
        // A word of the text that looks like one of our hidden words loses the marker.
        let token = match token.strip_prefix(HIDDEN) {
            Some(rest) if !rest.is_empty() => rest,
            _ => token,
        };
        if !out.is_empty() {
            out.push(' ');
        }
        encode_word(token, &mut out);
        for tail in tails(token, splits) {
            out.push(' ');
            out.push_str(HIDDEN);
            out.push_str(&tail);
        }
    }
    out
}

/// The folded tails of the compounds in a token ("Sygedagpengemodtagere," →
/// "dagpengemodtagere", "pengemodtagere", "modtagere").
fn tails(token: &str, splits: &dyn Fn(&str) -> Vec<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for run in token.split(|c: char| !c.is_alphabetic()) {
        if run.chars().count() < 6 {
            continue;
        }
        let lower = run.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        for p in splits(&lower) {
            let tail: String = chars[p..].iter().collect();
            out.push(fold(&tail));
        }
    }
    out
}

/// The split points of a lower-case word, from the shared splitter.
pub fn split_points(word: &str) -> Vec<usize> {
    Splitter::get().split_points(word)
}

/// What `search.js` shows for an encoded text: the written words, without the hidden
/// ones. The inverse of [`encode_text`], for tests.
pub fn decode_text(encoded: &str) -> String {
    let mut words = Vec::new();
    for token in encoded.split(' ') {
        if token.starts_with(HIDDEN) {
            continue;
        }
        let mut word = String::with_capacity(token.len());
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('a' | 'A', Some(&MARK_AE)) => {
                    chars.next();
                    chars.next_if_eq(&'e');
                    word.push(if c == 'a' { 'æ' } else { 'Æ' });
                }
                ('o' | 'O', Some(&MARK_OE)) => {
                    chars.next();
                    word.push(if c == 'o' { 'ø' } else { 'Ø' });
                }
                (DROP_A | DROP_E, next) => {
                    let upper = next == Some(&UPPER);
                    if upper {
                        chars.next();
                    }
                    word.push(match (c, upper) {
                        (DROP_A, false) => 'a',
                        (DROP_A, true) => 'A',
                        (_, false) => 'e',
                        (_, true) => 'E',
                    });
                }
                _ => word.push(c),
            }
        }
        words.push(word);
    }
    words.join(" ")
}

/// What Pagefind makes of an encoded word before stemming: lower case, combining marks
/// (and so `å`'s ring) removed, punctuation dropped. For tests.
#[cfg(test)]
pub fn pagefind_normal(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'å' { 'a' } else { c })
        .filter(|&c| c.is_alphanumeric() && !('\u{0300}'..='\u{036F}').contains(&c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_splits(_: &str) -> Vec<usize> {
        Vec::new()
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
            ("fællesskab", "faellesskab"),
        ] {
            assert_eq!(fold(a), b, "{a}");
        }
    }

    #[test]
    fn pagefind_indexes_the_folded_word_and_results_show_the_written_one() {
        for word in [
            "Helsingør",
            "HELSINGØR",
            "Allerød",
            "Hjørring",
            "Hjoerring",
            "Aarhus",
            "AALBORG",
            "OECD",
            "fællesskab",
            "Æbleø",
            "påbegyndt",
            "sygedagpengemodtagere",
            "voksenlærlingeordningen,",
            "(LØFT),",
            "16-24-årige",
            "koefficient",
        ] {
            let encoded = encode_text(word, &no_splits);
            assert_eq!(
                pagefind_normal(&encoded),
                pagefind_normal(&fold(word)),
                "{word}"
            );
            assert_eq!(decode_text(&encoded), word, "{word}");
        }
    }

    #[test]
    fn compounds_get_hidden_tails_that_search_sees_and_readers_do_not() {
        let text = "Flere sygedagpengemodtagere i voksenlærlingeordningen.";
        let encoded = encode_text(text, &split_points);
        let words: Vec<&str> = encoded.split(' ').collect();
        for tail in [
            "dagpengemodtagere",
            "modtagere",
            "laerlingeordningen",
            "ordningen",
        ] {
            assert!(
                words.contains(&format!("{HIDDEN}{tail}").as_str()),
                "{tail} in {encoded}"
            );
        }
        assert_eq!(decode_text(&encoded), text);
    }

    #[test]
    fn our_marks_in_the_text_cannot_fool_the_decoder() {
        let text = "a\u{0365}e o\u{0366} _~skjult";
        let decoded = decode_text(&encode_text(text, &no_splits));
        assert_eq!(decoded, "ae o skjult");
    }
}
