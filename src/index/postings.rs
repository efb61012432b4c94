//! Each key's postings, packed as the records are read: the records it is in and its
//! weighted count in each, a few bytes a posting.
//!
//! The term shards list every key's postings, in the order of the keys' words, which
//! is known only when the last record has been read. They were made from each record's
//! terms, kept as they were read (eight bytes a term: 63 MB at 21,057 pages), in passes
//! over all of them. Here each posting is added to its key's list as its record is read,
//! packed (about three bytes), and each list is read once, when its shard is written.
//!
//! A posting is two LEB128 numbers: the record, as the step from the key's record
//! before (the records of a list are in order, each once), and the weighted count,
//! `2n` for a whole count `n` (most are: a word met once, twice) or `1` followed by the
//! count's four bytes as they are. The count comes back bit for bit, so the files are
//! the same as those made from the terms.

use super::terms::Term;

/// The postings of every key, by key number.
#[derive(Default)]
pub struct Postings {
    lists: Vec<List>,
}

#[derive(Default)]
struct List {
    bytes: Vec<u8>,
    /// The record of the list's last posting, plus one (0: none yet).
    last: u32,
    count: u32,
}

/// The largest whole count written as a number rather than as its bits: every whole
/// number up to it is exact in an `f32`.
const WHOLE: f32 = 16_777_216.0;

impl Postings {
    /// Adds the terms of record `record`. Records are added in order, each once.
    pub fn add(&mut self, record: u32, terms: &[Term]) {
        for t in terms {
            let key = t.key as usize;
            if key >= self.lists.len() {
                self.lists.resize_with(key + 1, List::default);
            }
            let list = &mut self.lists[key];
            push(&mut list.bytes, record + 1 - list.last);
            list.last = record + 1;
            list.count += 1;
            if t.tf >= 1.0 && t.tf < WHOLE && t.tf.fract() == 0.0 {
                push(&mut list.bytes, (t.tf as u32) << 1);
            } else {
                list.bytes.push(1);
                list.bytes.extend_from_slice(&t.tf.to_bits().to_le_bytes());
            }
        }
    }

    /// How many records have the key.
    pub fn count(&self, key: u32) -> usize {
        self.lists.get(key as usize).map_or(0, |l| l.count as usize)
    }

    /// The key's postings, in order: record and weighted count.
    pub fn of(&self, key: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        let bytes = self.lists.get(key as usize).map_or(&[][..], |l| &l.bytes);
        let mut at = 0;
        let mut record = 0u32;
        std::iter::from_fn(move || {
            if at >= bytes.len() {
                return None;
            }
            record += take(bytes, &mut at);
            let code = take(bytes, &mut at);
            let tf = if code & 1 == 0 {
                (code >> 1) as f32
            } else {
                let four = bytes.get(at..at + 4)?;
                at += 4;
                f32::from_bits(u32::from_le_bytes(four.try_into().ok()?))
            };
            Some((record - 1, tf))
        })
    }
}

/// Appends `n` as LEB128: seven bits a byte, the high bit set on all but the last.
fn push(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The LEB128 number at `at`, which it moves past.
fn take(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7f).wrapping_shl(shift);
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_come_back_in_order_with_their_counts_bit_for_bit() {
        let counts = [
            1.0,
            2.0,
            3.0,
            0.3,
            0.7 + 0.7 + 3.0,
            1e9,
            200.0,
            f32::MIN_POSITIVE,
        ];
        let mut postings = Postings::default();
        let mut expected: Vec<Vec<(u32, f32)>> = vec![Vec::new(); 3];
        // Records far apart and next to each other, the first record among them.
        for (i, record) in [0u32, 1, 2, 130, 20_000, 2_000_000, 2_000_001]
            .iter()
            .enumerate()
        {
            let terms: Vec<Term> = (0..3u32)
                .filter(|k| (i as u32 + k).is_multiple_of(2) || *k == 2)
                .map(|key| Term {
                    key,
                    tf: counts[(i + key as usize) % counts.len()],
                })
                .collect();
            for t in &terms {
                expected[t.key as usize].push((*record, t.tf));
            }
            postings.add(*record, &terms);
        }
        for key in 0..3u32 {
            let back: Vec<(u32, u32)> = postings.of(key).map(|(r, tf)| (r, tf.to_bits())).collect();
            let want: Vec<(u32, u32)> = (expected[key as usize].iter())
                .map(|(r, tf)| (*r, tf.to_bits()))
                .collect();
            assert_eq!(back, want, "key {key}");
            assert_eq!(postings.count(key), want.len());
        }
        assert_eq!(postings.count(7), 0);
        assert_eq!(postings.of(7).count(), 0);
    }

    #[test]
    fn a_whole_count_takes_a_byte_and_a_record_next_to_the_last_one() {
        let mut postings = Postings::default();
        postings.add(0, &[Term { key: 0, tf: 2.0 }]);
        postings.add(1, &[Term { key: 0, tf: 1.0 }]);
        assert_eq!(postings.lists[0].bytes.len(), 4);
    }
}
