//! Reading records for the index: each record's sentences (what results quote) and its
//! terms, the keys of its words with their weighted counts, counted in one pass over
//! its text. Most of indexing is this pass, so it reads bytes, not chars, and counts
//! keys by number in a reused slot table rather than by name in a hash map.

use std::cell::RefCell;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::danish::{self, each_word, fold, key, stop_words};
use super::records::{Record, Repeat};

/// A title word counts this many times a body word.
const TITLE_WEIGHT: f32 = 3.0;
/// The record's municipality counts this much (it is not in the text).
const PLACE_WEIGHT: f32 = 0.3;
/// A compound's tail counts this much of the word ("dagpenge" in "sygedagpenge").
const TAIL_WEIGHT: f32 = 0.7;
/// A sentence is cut after this many words at most.
const SENTENCE_WORDS: usize = 40;
/// No key: a stop word, a single letter; and an unset slot in [`Scratch`].
const NONE: u32 = u32::MAX;

/// The index key of a word, or none for a stop word or a single letter.
fn word_key(word: &str) -> Option<String> {
    let folded = fold(word);
    (folded.chars().count() >= 2 && !stop_words().contains(&folded)).then(|| key(&folded))
}

/// A word's key and, for a compound, the keys of its tails.
fn keys_of(word: &str) -> (Option<String>, Vec<String>) {
    let tails = if word.chars().count() >= 6 {
        let lower = word.to_lowercase();
        let points = danish::split_points(&lower);
        danish::tails(&lower, &points)
            .iter()
            .filter_map(|t| word_key(t))
            .collect()
    } else {
        Vec::new()
    };
    (word_key(word), tails)
}

/// A word's index keys, by number: its own (or [`NONE`]) and its tails', a range of
/// [`Vocabulary::tails`].
#[derive(Clone, Copy)]
struct Keyed {
    key: u32,
    tails: (u32, u32),
}

/// A term of a record: key number and weighted count. (Which sentence a result quotes
/// is found by `search.js` in the record's sentences, not stored per term.)
#[derive(Clone, Copy)]
pub struct Term {
    pub key: u32,
    pub tf: f32,
}

/// A record, read: its sentences, its terms and its length (the weight of its keyed
/// words, for BM25).
pub struct Read<'a> {
    pub sentences: Vec<&'a str>,
    pub terms: Vec<Term>,
    pub length: f32,
}

/// The words met so far, as written, with their keys; keys are numbered as they are
/// first met (the numbers only ever serve as indices; files are written in key order).
#[derive(Default)]
pub struct Vocabulary {
    words: FxHashMap<Box<str>, Keyed>,
    tails: Vec<u32>,
    numbers: FxHashMap<Box<str>, u32>,
    keys: Vec<Box<str>>,
}

impl Vocabulary {
    /// The keys, by number.
    pub fn keys(&self) -> &[Box<str>] {
        &self.keys
    }

    fn number(&mut self, key: &str) -> u32 {
        if let Some(&n) = self.numbers.get(key) {
            return n;
        }
        let n = self.keys.len() as u32;
        self.keys.push(key.into());
        self.numbers.insert(key.into(), n);
        n
    }

    /// Keys words not met before, each once, in parallel.
    fn learn(&mut self, new: FxHashSet<&str>) {
        // Sorted, so keys are numbered the same way in every build.
        let mut new: Vec<&str> = new.into_iter().collect();
        new.par_sort_unstable();
        let keyed: Vec<(Option<String>, Vec<String>)> =
            new.par_iter().map(|w| keys_of(w)).collect();
        for (word, (key, tails)) in new.into_iter().zip(keyed) {
            let key = key.map_or(NONE, |k| self.number(&k));
            let start = self.tails.len() as u32;
            for t in &tails {
                let n = self.number(t);
                self.tails.push(n);
            }
            let tails = (start, self.tails.len() as u32);
            self.words.insert(word.into(), Keyed { key, tails });
        }
    }

    /// Reads a record with the words known so far; when it has words not met before,
    /// returns those words instead. With `kept`, each word of the text is kept there
    /// with where it starts and its keys, for records that repeat this one's text.
    fn read<'a>(
        &self,
        record: &'a Record,
        kept: Option<&mut Vec<Word>>,
    ) -> Result<Read<'a>, Vec<&'a str>> {
        // Offsets are kept in 32 bits: a longer text (never made) keeps none.
        let mut kept = kept.filter(|_| u32::try_from(record.text.len()).is_ok());
        SCRATCH.with_borrow_mut(|scratch| {
            let mut count = Count::new(self, scratch);
            let text = record.text.as_ptr() as usize;
            let sentences = read(record, |word, weight, tails| {
                let k = count.word(word, weight, tails);
                if let (Some(k), Some(kept)) = (k, kept.as_deref_mut()) {
                    // Text words are slices of the text; title words are not.
                    let at = (word.as_ptr() as usize).wrapping_sub(text);
                    if at < record.text.len() {
                        kept.push(Word { at: at as u32, k });
                    }
                }
            });
            count.finish(sentences)
        })
    }

    /// Reads a record whose text repeats the text of `source`, read before into
    /// `words`: the repeated words are counted from `words`, not looked up again. The
    /// same terms as [`Vocabulary::read`], added in the same order (so the same sums);
    /// none when the repeat is not word for word.
    fn read_repeat<'a>(
        &self,
        record: &'a Record,
        source: &Record,
        words: &[Word],
    ) -> Option<Result<Read<'a>, Vec<&'a str>>> {
        let Repeat { from, at, len, .. } = record.repeats?;
        let (until, end) = (from.checked_add(len)?, at.checked_add(len)?);
        let repeated = source.text.get(from..until)?;
        if len == 0
            || record.text.get(at..end) != Some(repeated)
            || !apart(&source.text, from)
            || !apart(&source.text, until)
            || !apart(&record.text, at)
            || !apart(&record.text, end)
        {
            return None;
        }
        let first = words.partition_point(|w| (w.at as usize) < from);
        let last = words.partition_point(|w| (w.at as usize) < until);
        Some(SCRATCH.with_borrow_mut(|scratch| {
            let mut count = Count::new(self, scratch);
            // As `read` does: title, municipality, then the text's words in order.
            each_word(&record.title, |w| {
                count.word(w, TITLE_WEIGHT, true);
            });
            if let Some(m) = &record.municipality {
                each_word(m, |w| {
                    count.word(w, PLACE_WEIGHT, false);
                });
            }
            each_word(&record.text[..at], |w| {
                count.word(w, 1.0, true);
            });
            for w in &words[first..last] {
                count.keyed(w.k, 1.0, true);
            }
            each_word(&record.text[end..], |w| {
                count.word(w, 1.0, true);
            });
            // The repeat has a word, so the text has a sentence, as `read` needs.
            count.finish(split_sentences(&record.text))
        }))
    }

    /// Reads a record and the records after it that repeat its text (see
    /// [`Repeat`]): an initiative's words are its chapter's, read once.
    fn read_unit<'a>(&self, unit: &'a [Record]) -> Vec<Result<Read<'a>, Vec<&'a str>>> {
        let Some((source, rest)) = unit.split_first() else {
            return Vec::new();
        };
        if rest.is_empty() {
            return vec![self.read(source, None)];
        }
        WORDS.with_borrow_mut(|words| {
            words.clear();
            let first = self.read(source, Some(words));
            let known = first.is_ok();
            let mut out = vec![first];
            out.extend(rest.iter().map(|r| {
                known
                    .then(|| self.read_repeat(r, source, words))
                    .flatten()
                    .unwrap_or_else(|| self.read(r, None))
            }));
            out
        })
    }

    /// Reads the records of a batch: with the words known so far, and records with new
    /// words again once those are keyed. Most words of a site recur from plan to plan,
    /// so most records are read once.
    pub fn read_all<'a>(&mut self, records: &'a [Record]) -> Vec<Read<'a>> {
        let mut done: Vec<_> = units(records)
            .par_iter()
            .flat_map_iter(|unit| self.read_unit(&records[unit.clone()]))
            .collect();
        if done.iter().any(Result::is_err) {
            let new = done
                .par_iter()
                .filter_map(|c| c.as_ref().err())
                .fold(FxHashSet::default, |mut set, words| {
                    set.extend(words.iter().copied());
                    set
                })
                .reduce(FxHashSet::default, |mut a, mut b| {
                    if a.len() < b.len() {
                        std::mem::swap(&mut a, &mut b);
                    }
                    a.extend(b);
                    a
                });
            self.learn(new);
            done.par_iter_mut()
                .zip(records)
                .filter(|(c, _)| c.is_err())
                .for_each(|(c, r)| *c = self.read(r, None));
        }
        done.into_iter()
            .zip(records)
            // Every word is known now, so this never drops a record's terms; if it
            // did, the record would still be listed, with its sentences.
            .map(|(c, r)| {
                c.unwrap_or_else(|_| Read {
                    sentences: read(r, |_, _, _| {}),
                    terms: Vec::new(),
                    length: 0.0,
                })
            })
            .collect()
    }
}

/// The records cut into units for [`Vocabulary::read_unit`]: a record, and the records
/// right after it that repeat its text.
fn units(records: &[Record]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        match (out.last_mut(), r.repeats) {
            (Some(unit), Some(repeat))
                if unit.end == i && i.checked_sub(repeat.back) == Some(unit.start) =>
            {
                unit.end = i + 1;
            }
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Whether byte `i` of `text` is between words: no word runs across it (a word is a run
/// of letters and digits; a byte of a non-ASCII character may be one).
fn apart(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let word = danish::may_be_word_byte;
    i == 0 || i >= bytes.len() || !word(bytes[i - 1]) || !word(bytes[i])
}

/// A word of a record's text, read: where it starts and its keys.
#[derive(Clone, Copy)]
struct Word {
    at: u32,
    k: Keyed,
}

/// Counting a record's terms into the [`Scratch`]; the words not met before.
struct Count<'v, 's, 'a> {
    vocabulary: &'v Vocabulary,
    scratch: &'s mut Scratch,
    length: f32,
    unknown: Vec<&'a str>,
}

impl<'v, 's, 'a> Count<'v, 's, 'a> {
    fn new(vocabulary: &'v Vocabulary, scratch: &'s mut Scratch) -> Self {
        scratch.prepare(vocabulary.keys.len());
        Count {
            vocabulary,
            scratch,
            length: 0.0,
            unknown: Vec::new(),
        }
    }

    /// Counts a word; its keys, or none when it was not met before.
    #[inline(always)]
    fn word(&mut self, word: &'a str, weight: f32, tails: bool) -> Option<Keyed> {
        let Some(&k) = self.vocabulary.words.get(word) else {
            self.unknown.push(word);
            return None;
        };
        self.keyed(k, weight, tails);
        Some(k)
    }

    /// Counts a word already looked up: its own key and, if `tails`, its compound's
    /// tails.
    #[inline(always)]
    fn keyed(&mut self, k: Keyed, weight: f32, tails: bool) {
        if !self.unknown.is_empty() {
            // The record is read again once its words are known.
            return;
        }
        if k.key != NONE {
            self.scratch.add(k.key, weight);
            self.length += weight;
        }
        if tails {
            for &t in &self.vocabulary.tails[k.tails.0 as usize..k.tails.1 as usize] {
                self.scratch.add(t, weight * TAIL_WEIGHT);
            }
        }
    }

    fn finish(self, sentences: Vec<&'a str>) -> Result<Read<'a>, Vec<&'a str>> {
        let terms = self.scratch.take();
        if self.unknown.is_empty() {
            Ok(Read {
                sentences,
                terms,
                length: self.length,
            })
        } else {
            Err(self.unknown)
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    /// The words of the record a unit's others repeat (see [`Vocabulary::read_unit`]).
    static WORDS: RefCell<Vec<Word>> = const { RefCell::new(Vec::new()) };
}

/// Counting one record's terms in a slot per key, reused from record to record: a
/// record touches few of the keys, and a slot is faster than a hash map.
#[derive(Default)]
struct Scratch {
    /// Each key's weighted count in the record so far; 0 for keys not met (every
    /// weight is positive).
    slots: Vec<f32>,
    touched: Vec<u32>,
}

impl Scratch {
    fn prepare(&mut self, keys: usize) {
        if self.slots.len() < keys {
            self.slots.resize(keys, 0.0);
        }
    }

    #[inline]
    fn add(&mut self, key: u32, weight: f32) {
        let slot = &mut self.slots[key as usize];
        if *slot == 0.0 {
            self.touched.push(key);
        }
        *slot += weight;
    }

    /// The terms counted, in the order they were met; the slots are cleared.
    fn take(&mut self) -> Vec<Term> {
        let slots = &mut self.slots;
        self.touched
            .drain(..)
            .map(|key| {
                let tf = std::mem::replace(&mut slots[key as usize], 0.0);
                Term { key, tf }
            })
            .collect()
    }
}

/// Reads a record: calls `f` with every word it is found by, in order, as `(word,
/// weight, whether its compound tails count)`, and returns its sentences.
fn read<'a>(r: &'a Record, mut f: impl FnMut(&'a str, f32, bool)) -> Vec<&'a str> {
    each_word(&r.title, |w| f(w, TITLE_WEIGHT, true));
    // The municipality's name, lightly: "sygedagpenge allerød" finds Allerød's
    // targets, which rarely name their municipality.
    if let Some(m) = &r.municipality {
        each_word(m, |w| f(w, PLACE_WEIGHT, false));
    }
    let mut sentences = sentences_and_words(&r.text, |w, _| f(w, 1.0, true));
    if sentences.is_empty() {
        // A record without text quotes its title.
        sentences.push(&r.title);
        each_word(&r.title, |w| f(w, 1.0, true));
    }
    sentences
}

/// The sentences of a text, as results quote them: cut after `.`, `!` and `?` (not
/// after abbreviations or ordinals: "ca.", "4. kvartal"), and every 40 words at most.
///
/// The text's whitespace is collapsed (see [`Record`]), so each sentence is a slice of
/// it.
pub fn split_sentences(text: &str) -> Vec<&str> {
    sentences::<false>(text, |_, _| {})
}

/// [`split_sentences`], calling `word` with each word of the text (as
/// [`danish::each_word`] finds them) and the number of its sentence on the way.
pub fn sentences_and_words<'a>(text: &'a str, word: impl FnMut(&'a str, u32)) -> Vec<&'a str> {
    sentences::<true>(text, word)
}

/// [`sentences_and_words`]; `WORDS` false leaves the words out, and the work of
/// finding them (the compiler does not see that it could).
#[inline(always)]
fn sentences<'a, const WORDS: bool>(
    text: &'a str,
    mut word: impl FnMut(&'a str, u32),
) -> Vec<&'a str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = next_space(bytes, i);
        if end > i {
            if count == 0 {
                start = i;
            }
            count += 1;
            let token = &text[i..end];
            if WORDS {
                let sentence = out.len() as u32;
                each_word(token, |w| word(w, sentence));
            }
            if ends_sentence(token) || count >= SENTENCE_WORDS {
                out.push(&text[start..end]);
                count = 0;
            }
        }
        i = end + 1;
    }
    if count > 0 {
        out.push(text[start..].trim_end_matches(' '));
    }
    out
}

/// Whether a word as written ends its sentence.
fn ends_sentence(token: &str) -> bool {
    token.ends_with(['.', '!', '?'])
        // "ca." and "pct." and "nr." do not end sentences, nor do ordinals ("4.").
        && !matches!(token, "ca." | "pct." | "nr." | "f.eks." | "bl.a." | "jf." | "evt." | "mv." | "kl.")
        && !token.trim_end_matches('.').bytes().all(|b| b.is_ascii_digit())
}

/// Where the next space is from byte `from`, or the end: eight bytes at a time (a
/// zero byte after xor with spaces, as in "Bit Twiddling Hacks"; the lowest flagged
/// byte is always a true one).
#[inline]
fn next_space(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default())
            ^ (ONES * u64::from(b' '));
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return i + (zero.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] != b' ' {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_full_stops_but_not_abbreviations() {
        assert_eq!(
            split_sentences("Der er ca. 60 sager. Mål: 2,2 pct. i 4. kvartal. Slut"),
            [
                "Der er ca. 60 sager.",
                "Mål: 2,2 pct. i 4. kvartal.",
                "Slut"
            ]
        );
        assert!(split_sentences("").is_empty());
        let long = vec!["ord"; 85].join(" ");
        let sentences = split_sentences(&long);
        assert_eq!(sentences.len(), 3);
        assert_eq!(sentences[0].split(' ').count(), 40);
        assert_eq!(sentences[2].split(' ').count(), 5);
    }

    #[test]
    fn words_come_with_their_sentence() {
        let mut seen = Vec::new();
        let sentences = sentences_and_words("Helsingør – 2. kvartal. Ny tekst: ja!", |w, s| {
            seen.push((w, s))
        });
        assert_eq!(sentences, ["Helsingør – 2. kvartal.", "Ny tekst: ja!"]);
        assert_eq!(
            seen,
            [
                ("Helsingør", 0),
                ("2", 0),
                ("kvartal", 0),
                ("Ny", 1),
                ("tekst", 1),
                ("ja", 1)
            ]
        );
    }

    fn record(title: &str, text: &str, repeats: Option<Repeat>) -> Record {
        Record {
            url: String::new(),
            kind: "Indsats",
            title: title.to_string(),
            subkind: None,
            text: text.to_string(),
            municipality: Some("Allerød".to_string()),
            years: Vec::new(),
            minister_goals: Vec::new(),
            target_groups: Vec::new(),
            repeats,
        }
    }

    /// A record read: its terms by key (with the exact bits of their counts), its length
    /// and its sentences.
    type Seen = (Vec<(String, u32)>, u32, Vec<String>);

    fn terms_of(v: &Vocabulary, read: &[Read]) -> Vec<Seen> {
        read.iter()
            .map(|r| {
                let terms = r
                    .terms
                    .iter()
                    .map(|t| (v.keys()[t.key as usize].to_string(), t.tf.to_bits()))
                    .collect();
                let sentences = r.sentences.iter().map(|s| s.to_string()).collect();
                (terms, r.length.to_bits(), sentences)
            })
            .collect()
    }

    #[test]
    fn repeated_text_is_counted_as_if_read_again() {
        let chapter = "Indledning om sygedagpenge. Jobcentret hjælper ledige i job. \
                       Virksomhedspraktik og løntilskud til unge. Slut på kapitlet";
        let at = |part: &str| chapter.find(part).unwrap();
        let body = "Jobcentret hjælper ledige i job. Virksomhedspraktik og løntilskud til unge.";
        let hint = |from, at, len| {
            Some(Repeat {
                back: 1,
                from,
                at,
                len,
            })
        };
        let batch = |hints: bool| {
            let mut records = vec![record("Kapitel", chapter, None)];
            // A summary, then the body as the chapter has it, then a full stop.
            let text = format!("Kort om indsatsen. {} Slut på kapitlet.", body);
            let good = hints.then(|| hint(at(body), 19, body.len())).flatten();
            records.push(record("Ung i job", &text, good));
            // A hint that starts inside a word ("centret …"), one whose text differs, and
            // one past the end: each is read as if it had none.
            let inside = hints.then(|| hint(at(body) + 3, 6, 23)).flatten();
            records.push(record("Praktik", &format!("Kort. {}", &body[3..]), inside));
            let differs = hints.then(|| hint(at(body), 0, 10)).flatten();
            records.push(record("Andet", "Noget helt andet her.", differs));
            let past = hints.then(|| hint(chapter.len() - 2, 0, 10)).flatten();
            records.push(record("Sidst", "kapitlet", past));
            for (i, r) in records.iter_mut().enumerate() {
                if let Some(h) = &mut r.repeats {
                    h.back = i;
                }
            }
            records
        };
        let (with, without) = (batch(true), batch(false));
        assert!(with[1].repeats.is_some());
        let mut v = Vocabulary::default();
        // The first reading learns the words; the second reads with them known, the
        // way a build reads most records, and so follows the hints.
        v.read_all(&without);
        let read = v.read_all(&without);
        let expected = terms_of(&v, &read);
        let read = v.read_all(&with);
        assert_eq!(terms_of(&v, &read), expected);
        assert_eq!(units(&with), vec![0..with.len()]);
        assert_eq!(units(&without), [0..1, 1..2, 2..3, 3..4, 4..5]);
        // The body's words are counted in the initiative, the summary's too.
        let keys: Vec<&str> = expected[1].0.iter().map(|(k, _)| k.as_str()).collect();
        for word in [
            "kort",
            "jobcentr",
            "lontilskud",
            "tilskud",
            "kapitl",
            "sygedagpeng",
        ] {
            assert_eq!(
                keys.iter().any(|k| k.starts_with(word)),
                word != "sygedagpeng",
                "{word}"
            );
        }
    }

    #[test]
    fn spaces_are_found_eight_bytes_at_a_time() {
        let text = "en to  tre\u{e6}\u{f8}\u{e5}fire femseksogtyve  syv".as_bytes();
        for from in 0..text.len() {
            let expected = text[from..]
                .iter()
                .position(|&b| b == b' ')
                .map_or(text.len(), |p| from + p);
            assert_eq!(next_space(text, from), expected, "{from}");
        }
    }
}
