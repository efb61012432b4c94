//! Danish OCR repair: puts back the æ, ø and å that OCR folded or misread.
//!
//! Owns the repair of single words. Candidates come from the substitutions OCR is
//! known to make (`ø` read as `g`, `@`, `o`; `å` as `a`, `&`, `d`; `æ` as `ae`, `ee`,
//! `z`; see `shared/seeds/README.md`), never from a table of words: a candidate is kept
//! when hunspell's Danish dictionary (or the names the document and the portal teach)
//! knows it and does not know the word as read. A word the dictionary knows in both
//! spellings (`mal`/`mål`, `for`/`før`) is decided by its neighbours in the portal's
//! published text ([`Corpus`]); when they don't decide, it is left and listed.
//! Uses `spellbook` for the dictionary and nothing else of the crate.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

/// Where Debian's `hunspell-da` puts the Danish dictionary.
pub const DICTIONARY: &str = "/usr/share/hunspell/da_DK";

/// The Danish dictionary, and the names learned beside it.
pub struct Speller {
    dict: Option<spellbook::Dictionary>,
    /// Lower-cased names learned from the document and the portal (`allerød`, `østjylland`).
    names: BTreeSet<String>,
}

/// One OCR substitution: what OCR wrote and what was printed.
struct Swap {
    read: &'static str,
    printed: &'static str,
}

/// The known ways OCR misreads the Danish letters, most common first. A capital `I`
/// read for `l` belongs here too (`Ignnede` for `lønnede`): it only applies at the
/// start of a word, see [`candidates`].
const SWAPS: &[Swap] = &[
    Swap {
        read: "g",
        printed: "ø",
    },
    Swap {
        read: "a",
        printed: "å",
    },
    Swap {
        read: "ae",
        printed: "æ",
    },
    Swap {
        read: "ee",
        printed: "æ",
    },
    Swap {
        read: "ze",
        printed: "æ",
    },
    Swap {
        read: "aee",
        printed: "æ",
    },
    Swap {
        read: "z",
        printed: "æ",
    },
    Swap {
        read: "@",
        printed: "ø",
    },
    Swap {
        read: "o",
        printed: "ø",
    },
    Swap {
        read: "&",
        printed: "å",
    },
    Swap {
        read: "d",
        printed: "å",
    },
    Swap {
        read: "A",
        printed: "å",
    },
    Swap {
        read: "éa",
        printed: "å",
    },
    Swap {
        read: "é",
        printed: "å",
    },
    Swap {
        read: "a",
        printed: "ø",
    },
    Swap {
        read: "z",
        printed: "ø",
    },
    Swap {
        read: "e",
        printed: "æ",
    },
];

/// At most this many substitutions in one word: "forsgrgelsesforlgb" needs three.
const MAX_SWAPS: usize = 3;
/// Candidates tried per word at most, so a long word with many `a`s stays cheap.
const MAX_TRIES: usize = 1500;

impl Speller {
    /// Loads `<base>.aff` and `<base>.dic`; without them the speller knows only names
    /// and repairs nothing ([`Speller::has_dictionary`] says so for the report).
    pub fn load(base: &Path) -> Speller {
        let aff = std::fs::read_to_string(base.with_extension("aff"));
        let dic = std::fs::read_to_string(base.with_extension("dic"));
        let dict = match (aff, dic) {
            (Ok(aff), Ok(dic)) => parse_dictionary(&aff, &dic),
            _ => None,
        };
        Speller {
            dict,
            names: BTreeSet::new(),
        }
    }

    pub fn has_dictionary(&self) -> bool {
        self.dict.is_some()
    }

    pub fn learn_name(&mut self, name: &str) {
        for w in name.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() > 1 {
                self.names.insert(w.to_lowercase());
            }
        }
    }

    /// Whether the word is Danish as written: the dictionary knows it, or it is a
    /// learned name (also in the genitive, `Allerøds`).
    /// Whether the word is two words the dictionary knows, joined as Danish joins
    /// them, with or without a linking `s` or `e` ("ministermål", "helbredsmæssige").
    /// Hunspell's Danish list lacks many compounds plans are full of; this is asked only
    /// of repair candidates, never to keep a word as read.
    pub fn knows_compound(&self, word: &str) -> bool {
        let Some(d) = &self.dict else { return false };
        let lower = word.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        if chars.len() < 7 {
            return false;
        }
        for (i, (at, _)) in chars.iter().enumerate().skip(3) {
            if chars.len() - i < 3 {
                break;
            }
            let (left, right) = lower.split_at(*at);
            let left_ok = d.check(left)
                || left
                    .strip_suffix('s')
                    .or_else(|| left.strip_suffix('e'))
                    .is_some_and(|l| l.chars().count() >= 3 && d.check(l));
            if left_ok && d.check(right) {
                return true;
            }
        }
        false
    }

    pub fn knows(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        if self.names.contains(&lower)
            || lower
                .strip_suffix('s')
                .is_some_and(|stem| self.names.contains(stem))
        {
            return true;
        }
        match &self.dict {
            Some(d) => d.check(word) || (word != lower && d.check(&lower)),
            None => false,
        }
    }
}

/// Parses the dictionary, leaving out the few entries `spellbook` cannot read
/// (Debian's da_DK has `"A/S"`, whose slash is not a flag separator): first those whose
/// flags are not numbers in a `FLAG num` dictionary, then any line the parser names.
fn parse_dictionary(aff: &str, dic: &str) -> Option<spellbook::Dictionary> {
    let numeric = aff.lines().any(|l| l.trim() == "FLAG num");
    let mut lines: Vec<&str> = dic
        .lines()
        .enumerate()
        .filter(|(i, l)| {
            if *i == 0 || !numeric {
                return true;
            }
            let word = l.split(['\t', ' ']).next().unwrap_or("");
            match word.rsplit_once('/') {
                Some((_, flags)) => flags.chars().all(|c| c.is_ascii_digit() || c == ','),
                None => true,
            }
        })
        .map(|(_, l)| l)
        .collect();
    for _ in 0..20 {
        let text = lines.join("\n");
        match spellbook::Dictionary::new(aff, &text) {
            Ok(d) => return Some(d),
            Err(e) => {
                let n = e.line_number?;
                if n == 0 || n > lines.len() || n == 1 {
                    return None;
                }
                lines.remove(n - 1);
            }
        }
    }
    None
}

/// Where the substitutions can apply in `word`: (byte offset, length read, printed).
fn spots(word: &str) -> Vec<(usize, usize, &'static str)> {
    let mut spots: Vec<(usize, usize, &'static str)> = Vec::new();
    for swap in SWAPS {
        for (at, _) in word.match_indices(swap.read) {
            let printed = if swap.read == "@" && at == 0 {
                "Ø"
            } else {
                swap.printed
            };
            spots.push((at, swap.read.len(), printed));
        }
    }
    if word.starts_with('I') && word[1..].starts_with(|c: char| c.is_lowercase()) {
        spots.push((0, 1, "l"));
    }
    spots.sort();
    spots
}

/// Every spelling OCR could have made `word` from with exactly `k` substitutions.
fn candidates_k(word: &str, spots: &[(usize, usize, &'static str)], k: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut tries = 0;
    let mut chosen = Vec::new();
    combine(word, spots, 0, k, &mut chosen, &mut out, &mut tries);
    out.into_iter().map(|c| c.0).collect()
}

#[cfg(test)]
fn candidates(word: &str) -> Vec<(String, usize)> {
    let sp = spots(word);
    (1..=MAX_SWAPS)
        .flat_map(|k| candidates_k(word, &sp, k).into_iter().map(move |c| (c, k)))
        .collect()
}

/// Adds every word made by choosing `left` more non-overlapping spots from `from` on.
fn combine(
    word: &str,
    spots: &[(usize, usize, &'static str)],
    from: usize,
    left: usize,
    chosen: &mut Vec<usize>,
    out: &mut Vec<(String, usize)>,
    tries: &mut usize,
) {
    if *tries > MAX_TRIES {
        return;
    }
    if left == 0 {
        *tries += 1;
        let mut s = String::with_capacity(word.len() + 4);
        let mut pos = 0;
        for &i in chosen.iter() {
            let (at, len, printed) = spots[i];
            s.push_str(&word[pos..at]);
            s.push_str(printed);
            pos = at + len;
        }
        s.push_str(&word[pos..]);
        out.push((s, chosen.len()));
        return;
    }
    for i in from..spots.len() {
        let (at, _, _) = spots[i];
        if let Some(&last) = chosen.last() {
            let (lat, llen, _) = spots[last];
            if at < lat + llen {
                continue;
            }
        }
        chosen.push(i);
        combine(word, spots, i + 1, left - 1, chosen, out, tries);
        chosen.pop();
    }
}

/// What became of one word.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Known as written, or nothing better found.
    Keep,
    /// Repaired: the dictionary knows the new spelling and not the old.
    Repair(String),
    /// The dictionary knows both spellings; the neighbours must decide.
    Ambiguous(Vec<String>),
}

/// Repairs words one at a time, remembering each answer.
pub struct Repairer<'a> {
    speller: &'a Speller,
    cache: HashMap<String, Verdict>,
}

impl<'a> Repairer<'a> {
    pub fn new(speller: &'a Speller) -> Self {
        Repairer {
            speller,
            cache: HashMap::new(),
        }
    }

    pub fn verdict(&mut self, word: &str) -> Verdict {
        if let Some(v) = self.cache.get(word) {
            return v.clone();
        }
        let v = self.judge(word);
        self.cache.insert(word.to_string(), v.clone());
        v
    }

    fn judge(&self, word: &str) -> Verdict {
        if !self.speller.has_dictionary() || word.chars().count() < 2 {
            return Verdict::Keep;
        }
        let known = self.speller.knows(word);
        let sp = spots(word);
        // A known word is only asked about one substitution away ("mal" → "mål");
        // an unknown one up to MAX_SWAPS, stopping at the fewest that give a word.
        let most = if known { 1 } else { MAX_SWAPS.min(sp.len()) };
        let mut best: Option<usize> = None;
        let mut hits: Vec<String> = Vec::new();
        for k in 1..=most {
            for c in candidates_k(word, &sp, k) {
                if self.speller.knows(&c) && !hits.contains(&c) {
                    hits.push(c);
                }
            }
            if !hits.is_empty() {
                best = Some(k);
                break;
            }
        }
        if hits.is_empty() && !known {
            // Second try: candidates that are compounds of known words.
            for k in 1..=2.min(sp.len()) {
                for c in candidates_k(word, &sp, k) {
                    if self.speller.knows_compound(&c) && !hits.contains(&c) {
                        hits.push(c);
                    }
                }
                if !hits.is_empty() {
                    best = Some(k);
                    break;
                }
            }
        }
        match (known, hits.len()) {
            (_, 0) => Verdict::Keep,
            (false, 1) => Verdict::Repair(hits.remove(0)),
            (false, _) => Verdict::Ambiguous(hits),
            (true, _) => {
                // Only the ones-substitution readings of a known word are worth asking the
                // neighbours about; "aftale" is not "åftale".
                if best == Some(1) {
                    let mut all = vec![word.to_string()];
                    all.extend(hits);
                    Verdict::Ambiguous(all)
                } else {
                    Verdict::Keep
                }
            }
        }
    }
}

/// Word counts from clean Danish text (the portal's published pages): which spelling
/// a neighbour goes with.
#[derive(Default)]
pub struct Corpus {
    words: HashMap<String, u32>,
    pairs: HashMap<(String, String), u32>,
}

impl Corpus {
    pub fn add_text(&mut self, text: &str) {
        let mut prev: Option<String> = None;
        for w in text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            let w = w.to_lowercase();
            *self.words.entry(w.clone()).or_default() += 1;
            if let Some(p) = prev.take() {
                *self.pairs.entry((p, w.clone())).or_default() += 1;
            }
            prev = Some(w);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The reading of an ambiguous word its neighbours choose, with how: `None` when
    /// neither the pairs around it nor the counts of the words decide clearly.
    pub fn choose(
        &self,
        readings: &[String],
        prev: Option<&str>,
        next: Option<&str>,
    ) -> Option<(String, &'static str)> {
        let score = |r: &str| -> u32 {
            let r = r.to_lowercase();
            let a = prev.map(|p| self.pair(&p.to_lowercase(), &r)).unwrap_or(0);
            let b = next.map(|n| self.pair(&r, &n.to_lowercase())).unwrap_or(0);
            a + b
        };
        if let Some(r) = clear_winner(readings, score, 1) {
            return Some((r, "nabo-ord"));
        }
        let count = |r: &str| *self.words.get(&r.to_lowercase()).unwrap_or(&0);
        clear_winner(readings, count, 5).map(|r| (r, "hyppighed"))
    }

    fn pair(&self, a: &str, b: &str) -> u32 {
        *self
            .pairs
            .get(&(a.to_string(), b.to_string()))
            .unwrap_or(&0)
    }
}

/// The reading scoring at least `floor` and three times any other, if there is one.
fn clear_winner(readings: &[String], score: impl Fn(&str) -> u32, floor: u32) -> Option<String> {
    let mut scored: Vec<(u32, &String)> = readings.iter().map(|r| (score(r), r)).collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let top = scored.first()?;
    let second = scored.get(1).map(|s| s.0).unwrap_or(0);
    (top.0 >= floor && (top.0 >= 3 * second.max(1) || second == 0)).then(|| top.1.clone())
}

/// What the repair did, for the report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct RepairLog {
    /// Words repaired by the dictionary alone.
    pub repaired: usize,
    /// Words decided by their neighbours or by how common each spelling is.
    pub decided: Vec<Decision>,
    /// Words left as read because nothing decided; a person must read them.
    pub uncertain: Vec<Decision>,
    /// A few repairs for the report: (as read, as repaired) → how often.
    pub examples: BTreeMap<String, usize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    pub word: String,
    pub readings: Vec<String>,
    pub chosen: Option<String>,
    pub how: String,
    pub line: usize,
    pub context: String,
}

/// Repairs every word of `text` (one paragraph, from source line `line`), logging
/// what it did.
pub fn repair_text(
    text: &str,
    line: usize,
    rep: &mut Repairer,
    corpus: &Corpus,
    log: &mut RepairLog,
) -> String {
    let tokens = tokenize(text);
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| t.is_word)
        .map(|t| t.text.as_str())
        .collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut wi: usize = 0;
    for t in &tokens {
        if !t.is_word {
            out.push_str(&t.text);
            continue;
        }
        let prev = wi.checked_sub(1).map(|i| words[i]);
        let next = words.get(wi + 1).copied();
        wi += 1;
        match rep.verdict(&t.text) {
            Verdict::Keep => out.push_str(&t.text),
            Verdict::Repair(r) => {
                log.repaired += 1;
                *log.examples
                    .entry(format!("{} → {}", t.text, r))
                    .or_default() += 1;
                out.push_str(&r);
            }
            Verdict::Ambiguous(readings) => {
                let context = context_of(&words, wi - 1);
                match corpus.choose(&readings, prev, next) {
                    Some((r, _)) if r == t.text => out.push_str(&r),
                    Some((r, how)) => {
                        *log.examples
                            .entry(format!("{} → {}", t.text, r))
                            .or_default() += 1;
                        log.decided.push(Decision {
                            word: t.text.clone(),
                            readings,
                            chosen: Some(r.clone()),
                            how: how.to_string(),
                            line,
                            context,
                        });
                        out.push_str(&r);
                    }
                    None => {
                        log.uncertain.push(Decision {
                            word: t.text.clone(),
                            readings,
                            chosen: None,
                            how: "uafgjort".to_string(),
                            line,
                            context,
                        });
                        out.push_str(&t.text);
                    }
                }
            }
        }
    }
    out
}

fn context_of(words: &[&str], i: usize) -> String {
    let from = i.saturating_sub(3);
    let to = (i + 4).min(words.len());
    words[from..to].join(" ")
}

pub struct Token {
    pub text: String,
    pub is_word: bool,
}

/// Splits text into words and what lies between them. A word is letters plus the
/// characters OCR writes for Danish letters (`@`, `&`, `|` inside a word).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for c in text.chars() {
        let wordy = c.is_alphabetic() || c == '@' || c == '&';
        match out.last_mut() {
            Some(t) if t.is_word == wordy => t.text.push(c),
            _ => out.push(Token {
                text: c.to_string(),
                is_word: wordy,
            }),
        }
    }
    // "&" alone, or at either end of a word, is an ampersand ("A & B", "R&D" stays).
    for t in out.iter_mut() {
        if t.is_word && !t.text.chars().any(char::is_alphabetic) {
            t.is_word = false;
        }
    }
    out
}

/// The share of letters that are æ, ø or å: about 2 % in Danish prose, near nothing
/// in text whose OCR folded them.
pub fn danish_letter_share(text: &str) -> f64 {
    let mut letters = 0usize;
    let mut danish = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if matches!(c, 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å') {
            danish += 1;
        }
    }
    if letters == 0 {
        0.0
    } else {
        danish as f64 / letters as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_include_the_printed_word() {
        let c: Vec<String> = candidates("selvforsgrgelse")
            .into_iter()
            .map(|c| c.0)
            .collect();
        assert!(c.contains(&"selvforsørgelse".to_string()));
        let c: Vec<String> = candidates("@stjylland").into_iter().map(|c| c.0).collect();
        assert!(c.contains(&"Østjylland".to_string()));
        let c: Vec<String> = candidates("Ignnede").into_iter().map(|c| c.0).collect();
        assert!(c.contains(&"lønnede".to_string()));
    }

    #[test]
    fn tokens_keep_ocr_letters_in_words() {
        let t = tokenize("RAR @stjylland & co");
        let words: Vec<&str> = t
            .iter()
            .filter(|t| t.is_word)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(words, ["RAR", "@stjylland", "co"]);
    }
}
