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
    /// What [`Speller::knows`] answered, shared by the threads: hunspell takes up to a
    /// millisecond over a long compound, and the counts before and after repair ask
    /// about the same words as the repair.
    known: std::sync::Mutex<HashMap<String, bool>>,
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
    Swap {
        read: "eae",
        printed: "æ",
    },
    Swap {
        read: "zae",
        printed: "æ",
    },
    Swap {
        read: "a",
        printed: "æ",
    },
    Swap {
        read: "é",
        printed: "ø",
    },
    Swap {
        read: "&e",
        printed: "æ",
    },
    Swap {
        read: "g@",
        printed: "ø",
    },
    Swap {
        read: "(",
        printed: "Ø",
    },
];

/// At most this many substitutions in one word: "forsgrgelsesforlgb" needs three.
const MAX_SWAPS: usize = 3;
/// The first this many of [`SWAPS`] are the common ones; the rest (`e` read for `æ`,
/// `a` for `ø`, `o` for `ø`, `d` for `å` …) fit nearly every word, so a candidate uses
/// at most one of them. Without this a long word has thousands of candidates, and
/// hunspell takes up to a millisecond over each long compound it does not know.
const COMMON_SWAPS: usize = 8;
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
            known: Default::default(),
            names: BTreeSet::new(),
        }
    }

    pub fn has_dictionary(&self) -> bool {
        self.dict.is_some()
    }

    pub fn learn_name(&mut self, name: &str) {
        if let Ok(m) = self.known.get_mut() {
            m.clear();
        }
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
        if let Some(&k) = self
            .known
            .lock()
            .ok()
            .and_then(|m| m.get(word).copied())
            .as_ref()
        {
            return k;
        }
        let k = self.knows_uncached(word);
        if let Ok(mut m) = self.known.lock() {
            m.insert(word.to_string(), k);
        }
        k
    }

    fn knows_uncached(&self, word: &str) -> bool {
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

/// One place a substitution can apply: byte offset, length read, what was printed,
/// and the substitution's place in [`SWAPS`] (how common it is).
type Spot = (usize, usize, &'static str, usize);

/// Where the substitutions can apply in `word`.
fn spots(word: &str) -> Vec<Spot> {
    let mut spots: Vec<Spot> = Vec::new();
    for (n, swap) in SWAPS.iter().enumerate() {
        for (at, _) in word.match_indices(swap.read) {
            let printed = if swap.read == "@" && at == 0 {
                "Ø"
            } else {
                swap.printed
            };
            spots.push((at, swap.read.len(), printed, n));
        }
    }
    if word.starts_with('I') && word[1..].starts_with(|c: char| c.is_lowercase()) {
        spots.push((0, 1, "l", SWAPS.len()));
    }
    spots.sort();
    spots
}

/// How well a set of substitutions explains the word as read: more letters read
/// (`ae` → `æ` explains two), then fewer of the uncommon substitutions, then more
/// common ones. Lower is likelier.
type Rank = (std::cmp::Reverse<usize>, usize, usize);

/// Every spelling OCR could have made `word` from with exactly `k` substitutions,
/// with its [`Rank`].
fn candidates_k(word: &str, spots: &[Spot], k: usize) -> Vec<(String, Rank)> {
    let mut out = Vec::new();
    let mut tries = 0;
    let mut chosen = Vec::new();
    combine(word, spots, 0, k, &mut chosen, &mut out, &mut tries);
    out
}

#[cfg(test)]
fn candidates(word: &str) -> Vec<(String, usize)> {
    let sp = spots(word);
    (1..=MAX_SWAPS)
        .flat_map(|k| {
            candidates_k(word, &sp, k)
                .into_iter()
                .map(move |c| (c.0, k))
        })
        .collect()
}

/// Adds every word made by choosing `left` more non-overlapping spots from `from` on.
fn combine(
    word: &str,
    spots: &[Spot],
    from: usize,
    left: usize,
    chosen: &mut Vec<usize>,
    out: &mut Vec<(String, Rank)>,
    tries: &mut usize,
) {
    if *tries > MAX_TRIES {
        return;
    }
    if left == 0 {
        *tries += 1;
        let mut s = String::with_capacity(word.len() + 4);
        let mut pos = 0;
        let (mut read, mut uncommon, mut common) = (0, 0, 0);
        for &i in chosen.iter() {
            let (at, len, printed, n) = spots[i];
            s.push_str(&word[pos..at]);
            s.push_str(printed);
            pos = at + len;
            read += len;
            uncommon += usize::from(n >= COMMON_SWAPS);
            common += n;
        }
        s.push_str(&word[pos..]);
        out.push((s, (std::cmp::Reverse(read), uncommon, common)));
        return;
    }
    let uncommon_chosen = chosen.iter().any(|&i| spots[i].3 >= COMMON_SWAPS);
    for i in from..spots.len() {
        let (at, _, _, n) = spots[i];
        if uncommon_chosen && n >= COMMON_SWAPS {
            continue;
        }
        if let Some(&last) = chosen.last() {
            let (lat, llen, _, _) = spots[last];
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
    /// The dictionary knows several spellings; the neighbours must decide. `likely` is
    /// the reading OCR most probably made the word from, when one explains it better
    /// than the others (only for a word unknown as read: `helbredsmaessige` is
    /// `helbredsmæssige`, two letters read as one, not `helbredsmåessige`).
    Ambiguous {
        readings: Vec<String>,
        likely: Option<String>,
    },
}

/// Repairs words one at a time, remembering each answer and each dictionary look-up:
/// a plan repeats its words hundreds of times, and the candidates of one word share
/// most of their parts (`beskaeftigelses…`), so many look-ups are asked before.
pub struct Repairer<'a> {
    speller: &'a Speller,
    corpus: Option<&'a Corpus>,
    cache: HashMap<String, Verdict>,
}

/// Look-ups made while judging words: whole candidates, and the parts of compounds.
#[derive(Default)]
struct Memo {
    knows: HashMap<String, bool>,
    parts: HashMap<String, bool>,
}

impl<'a> Repairer<'a> {
    pub fn new(speller: &'a Speller) -> Self {
        Repairer {
            speller,
            corpus: None,
            cache: HashMap::new(),
        }
    }

    /// Lets the portal's published text vouch for candidates: a spelling the portal
    /// uses (`resultatmålene`, `helbredsmæssige`) is Danish even when the dictionary
    /// lacks the compound, and two words the portal writes side by side are what a
    /// word OCR ran together was made of (`Derskal` → `Der skal`).
    pub fn with_corpus(mut self, corpus: &'a Corpus) -> Self {
        self.corpus = Some(corpus);
        self
    }

    /// Judges every distinct word of `words` at once, on all cores; [`Repairer::verdict`]
    /// then only looks the answers up.
    pub fn prepare<'w>(&mut self, words: impl IntoIterator<Item = &'w str>) {
        use rayon::prelude::*;
        let mut todo: Vec<&str> = words
            .into_iter()
            .filter(|w| !self.cache.contains_key(*w))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let (speller, corpus) = (self.speller, self.corpus);
        let done: Vec<(String, Verdict)> = todo
            .par_iter()
            .map_init(Memo::default, |memo, w| {
                (w.to_string(), judge(speller, corpus, memo, w, true))
            })
            .collect();
        self.cache.extend(done);
    }

    pub fn verdict(&mut self, word: &str) -> Verdict {
        if let Some(v) = self.cache.get(word) {
            return v.clone();
        }
        let v = judge(self.speller, self.corpus, &mut Memo::default(), word, true);
        self.cache.insert(word.to_string(), v.clone());
        v
    }
}

impl Memo {
    fn knows(&mut self, speller: &Speller, word: &str) -> bool {
        if let Some(&k) = self.knows.get(word) {
            return k;
        }
        let k = speller.knows(word);
        self.knows.insert(word.to_string(), k);
        k
    }

    /// [`Speller::knows_compound`], with each part looked up once.
    fn knows_compound(&mut self, speller: &Speller, word: &str) -> bool {
        let Some(d) = &speller.dict else { return false };
        let lower = word.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        if chars.len() < 7 {
            return false;
        }
        let mut part = |p: &str| -> bool {
            if let Some(&k) = self.parts.get(p) {
                return k;
            }
            let k = d.check(p);
            self.parts.insert(p.to_string(), k);
            k
        };
        for (i, (at, _)) in chars.iter().enumerate().skip(3) {
            if chars.len() - i < 3 {
                break;
            }
            let (left, right) = lower.split_at(*at);
            let left_ok = part(left)
                || left
                    .strip_suffix('s')
                    .or_else(|| left.strip_suffix('e'))
                    .is_some_and(|l| l.chars().count() >= 3 && part(l));
            if left_ok && part(right) {
                return true;
            }
        }
        false
    }
}

/// Whether the portal's published text uses the word.
fn in_corpus(corpus: Option<&Corpus>, word: &str) -> bool {
    corpus.is_some_and(|c| c.count(word) > 0)
}

/// Adds the candidates a test accepts to `hits`, keeping each one's best rank.
fn collect_hits(
    cands: Vec<(String, Rank)>,
    hits: &mut Vec<(String, Rank)>,
    mut accept: impl FnMut(&str) -> bool,
) {
    for (c, r) in cands {
        if let Some(h) = hits.iter_mut().find(|h| h.0 == c) {
            h.1 = h.1.min(r);
        } else if accept(&c) {
            hits.push((c, r));
        }
    }
}

fn judge(
    speller: &Speller,
    corpus: Option<&Corpus>,
    memo: &mut Memo,
    word: &str,
    may_split: bool,
) -> Verdict {
    if !speller.has_dictionary() || word.chars().count() < 2 {
        return Verdict::Keep;
    }
    // A word the portal's published text uses as written is Danish (a name, a
    // compound the dictionary lacks), and is only asked about one substitution away.
    let known = memo.knows(speller, word) || in_corpus(corpus, word);
    // A longer word the portal writes as read is kept without asking: no folding makes
    // one Danish word of another that long, and hunspell is slowest on long words.
    if word.chars().count() > 6 && in_corpus(corpus, word) {
        return Verdict::Keep;
    }
    let sp = spots(word);
    // A known word is only asked about one substitution away ("mal" → "mål");
    // an unknown one up to MAX_SWAPS, stopping at the fewest that give a word.
    let most = if known { 1 } else { MAX_SWAPS.min(sp.len()) };
    // A known word longer than a few letters is only asked about the common
    // substitutions: `ansatte` is not `ansætte` because `a` can be a misread `æ`.
    let sp: Vec<Spot> = if known && word.chars().count() > 6 {
        sp.into_iter().filter(|s| s.3 < COMMON_SWAPS).collect()
    } else {
        sp
    };
    let mut best: Option<usize> = None;
    let mut hits: Vec<(String, Rank)> = Vec::new();
    for k in 1..=most {
        collect_hits(candidates_k(word, &sp, k), &mut hits, |c| {
            memo.knows(speller, c) || in_corpus(corpus, c)
        });
        if !hits.is_empty() {
            best = Some(k);
            break;
        }
    }
    if hits.is_empty() && !known {
        // Second try: candidates that are compounds of known words.
        for k in 1..=2.min(sp.len()) {
            collect_hits(candidates_k(word, &sp, k), &mut hits, |c| {
                memo.knows_compound(speller, c)
            });
            if !hits.is_empty() {
                best = Some(k);
                break;
            }
        }
    }
    // Two words run together, unless a candidate is one the portal uses: hunspell
    // takes `Derskål` for a compound, the portal writes `Der skal`.
    if !known
        && may_split
        && !hits.iter().any(|h| in_corpus(corpus, &h.0))
        && let Some(split) = split_run_together(speller, corpus, memo, word, 2, hits.is_empty())
    {
        return Verdict::Repair(split);
    }
    match (known, hits.len()) {
        (_, 0) => Verdict::Keep,
        (false, 1) => Verdict::Repair(hits.remove(0).0),
        (false, _) => {
            hits.sort_by_key(|h| h.1);
            // Likely only when it reads more letters or uses fewer uncommon substitutions;
            // which of two uncommon ones fits is a guess.
            let (a, b) = (hits[0].1, hits[1].1);
            let likely = ((a.0, a.1) < (b.0, b.1)).then(|| hits[0].0.clone());
            Verdict::Ambiguous {
                readings: hits.into_iter().map(|h| h.0).collect(),
                likely,
            }
        }
        (true, _) => {
            // Only the ones-substitution readings of a known word are worth asking the
            // neighbours about; "aftale" is not "åftale".
            if best == Some(1) {
                // Two letters OCR makes of one (`ee`, `ae` for `æ`) are likelier a
                // misreading than Danish, when just one candidate reads them.
                let multi: Vec<&(String, Rank)> = hits.iter().filter(|h| h.1.0.0 >= 2).collect();
                let likely = (multi.len() == 1).then(|| multi[0].0.clone());
                let mut all = vec![word.to_string()];
                all.extend(hits.into_iter().map(|h| h.0));
                Verdict::Ambiguous {
                    readings: all,
                    likely,
                }
            } else {
                Verdict::Keep
            }
        }
    }
}

/// Two words OCR ran together (`Derskal`, `Enplan`, `Atsikre`): a word the dictionary
/// knows, then a word it knows or can repair (itself perhaps two run together, for
/// `Dererialle`, up to `depth` words). The portal's published text must write the two
/// side by side (twice, when the dictionary had a reading of the whole word), or the
/// first must be a capitalised short word, a sentence's first
/// word, that the portal uses often and more often alone than as the start of a longer
/// word (`Der`, `En`, `Det`, `Tæt`; not `Job`). Without the portal's text nothing is
/// split.
fn split_run_together(
    speller: &Speller,
    corpus: Option<&Corpus>,
    memo: &mut Memo,
    word: &str,
    depth: usize,
    unexplained: bool,
) -> Option<String> {
    let corpus = corpus?;
    if word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return None;
    }
    let mut best: Option<(u32, String)> = None;
    let mut repairs_tried = 0;
    let need = if unexplained { 1 } else { 2 };
    for (at, _) in word.char_indices().skip(1) {
        let (left, right) = word.split_at(at);
        let common = corpus.count(left);
        let short = left.starts_with(char::is_uppercase)
            && left.chars().count() <= 3
            && common >= 10
            && corpus.stands_alone(left);
        if right.chars().count() < 2
            || right.starts_with('&')
            || common < 5
            || (left.chars().count() < 2 && !short)
            || !memo.knows(speller, left)
        {
            continue;
        }
        let right = if repairs_tried < 6 {
            repairs_tried += 1;
            match judge(speller, Some(corpus), memo, right, false) {
                Verdict::Repair(r) => r,
                Verdict::Ambiguous { readings, likely } => {
                    match corpus
                        .choose(&readings, Some(left), None)
                        .map(|c| c.0)
                        .or(likely)
                    {
                        Some(r) => r,
                        None if memo.knows(speller, right) => right.to_string(),
                        None => continue,
                    }
                }
                Verdict::Keep if memo.knows(speller, right) => right.to_string(),
                _ if depth > 1 => {
                    match split_run_together(speller, Some(corpus), memo, right, depth - 1, true) {
                        Some(r) => r,
                        None => continue,
                    }
                }
                _ => continue,
            }
        } else {
            continue;
        };
        let first = right.split(' ').next().unwrap_or("");
        let n = corpus.pair(&left.to_lowercase(), &first.to_lowercase());
        if (n >= need || short) && best.as_ref().is_none_or(|b| n > b.0) {
            best = Some((n, format!("{left} {right}")));
        }
    }
    best.map(|b| b.1)
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
        // Paths, file names and slugs (`05-beskaeftigelse-eller-uddannelse`,
        // `"kontanthjaelp"`) write the Danish letters as OCR folds them; they are not
        // Danish text.
        let is_slug = |chunk: &str| {
            chunk.contains(['/', '_', '.', '='])
                && chunk.chars().any(|c| c.is_ascii_alphabetic())
                && !chunk.ends_with('.')
                || (chunk.contains(['-', '"'])
                    && chunk.is_ascii()
                    && !chunk.chars().any(|c| c.is_uppercase())
                    && (chunk.chars().any(|c| c.is_ascii_digit())
                        || ["ae", "oe", "aa"].iter().any(|f| chunk.contains(f))))
        };
        let prose: Vec<&str> = text
            .split_whitespace()
            .map(|chunk| if is_slug(chunk) { "|" } else { chunk })
            .collect();
        let prose = prose.join(" ");
        for w in prose
            .split(|c: char| !c.is_alphabetic() && c != '|')
            .filter(|w| !w.is_empty())
        {
            if w.contains('|') {
                prev = None;
                continue;
            }
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
        let count = |r: &str| self.count(r);
        clear_winner(readings, count, 1)
            .map(|r| (r, "hyppighed"))
            .or_else(|| self.choose_by_last_part(readings))
    }

    /// For compounds the portal does not use whole (`resultatmalene`/`resultatmålene`):
    /// the longest last part the readings differ in that the portal uses
    /// (`malene`/`målene`), decided by how often it does.
    fn choose_by_last_part(&self, readings: &[String]) -> Option<(String, &'static str)> {
        let chars: Vec<Vec<char>> = readings.iter().map(|r| r.chars().collect()).collect();
        let first = chars.first()?;
        // The letters before the first difference are shared by all readings.
        let shared = (0..first.len())
            .take_while(|&i| chars.iter().all(|c| c.get(i) == Some(&first[i])))
            .count();
        for start in 3..=shared {
            let parts: Vec<String> = chars
                .iter()
                .map(|c| c[start..].iter().collect::<String>())
                .collect();
            if parts.iter().all(|p| self.count(p) == 0) {
                continue;
            }
            let at = parts.iter().position(|p| p.chars().count() < 2);
            if at.is_some() {
                return None;
            }
            let winner = clear_winner(&parts, |p| self.count(p), 2)?;
            let i = parts.iter().position(|p| *p == winner)?;
            return Some((readings[i].clone(), "sidste led"));
        }
        None
    }

    /// How often the portal's text uses the word (any case).
    pub fn count(&self, word: &str) -> u32 {
        *self.words.get(&word.to_lowercase()).unwrap_or(&0)
    }

    /// Whether the portal's text uses the word alone more often than as the start of a
    /// longer word: `der` is a word of its own, `job` mostly begins a compound.
    pub fn stands_alone(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        let longer: u32 = self
            .words
            .iter()
            .filter(|(k, _)| k.len() > w.len() && k.starts_with(&w))
            .map(|(_, n)| *n)
            .sum();
        self.count(&w) > longer
    }

    /// How often the portal's text writes `a b` (both lower-case).
    pub fn pair(&self, a: &str, b: &str) -> u32 {
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
            Verdict::Ambiguous { readings, likely } => {
                let context = context_of(&words, wi - 1);
                let chosen = corpus
                    .choose(&readings, prev, next)
                    .or_else(|| likely.map(|l| (l, "mest sandsynlige OCR-fejl")));
                match chosen {
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
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // A "(" that starts a word and is never closed is a misread "Ø" (`(get`).
        let open_o = c == '('
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase())
            && i.checked_sub(1).is_none_or(|p| chars[p].is_whitespace())
            && !chars[i..].contains(&')');
        let wordy = c.is_alphabetic() || c == '@' || c == '&' || open_o;
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
