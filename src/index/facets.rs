//! The search page's facets (municipality, year, minister goal, target group, type):
//! for each value, the records that have it, as `meta.json` holds them.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use super::danish::fold;
use super::records::{Record, facet, kind};
use crate::link::Site;

/// The facets' values and, for each value, its records in order.
pub(super) struct Facets {
    municipality: Facet,
    years: BTreeMap<String, Vec<u32>>,
    minister_goal: Facet,
    target_group: Facet,
    kind: Facet,
}

struct Facet {
    values: Vec<String>,
    position: FxHashMap<String, usize>,
    ids: Vec<Vec<u32>>,
}

impl Facet {
    fn new(values: Vec<String>) -> Facet {
        Facet {
            // A value listed twice keeps its last place.
            position: values
                .iter()
                .enumerate()
                .map(|(i, v)| (v.clone(), i))
                .collect(),
            ids: vec![Vec::new(); values.len()],
            values,
        }
    }

    fn add(&mut self, value: &str, id: u32) {
        if let Some(&p) = self.position.get(value) {
            push_once(&mut self.ids[p], id);
        }
    }

    fn json(self, key: &str, label: &str, records: usize) -> Value {
        facet_json(key, label, self.values.into_iter().zip(self.ids), records)
    }
}

fn push_once(ids: &mut Vec<u32>, id: u32) {
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

/// A facet as `meta.json` holds it; values no record has are left out.
/// A facet with at most this many values is written as each record's set of values
/// (`mask`), two characters a record at most, or, when a record has one value at most
/// and there are more than six, as that value (`one`), one character a record; one
/// with more values (the municipalities, whose records come in long runs) as each
/// value's runs of records (`docs`). For the
/// minister goals and target groups, which a record has several of, the sets are less
/// than half the size of the runs, compressed.
const MASK_VALUES: usize = 12;

/// A facet's JSON: its values that some record has, and which records have them.
fn facet_json(
    key: &str,
    label: &str,
    values: impl Iterator<Item = (String, Vec<u32>)>,
    records: usize,
) -> Value {
    let (values, ids): (Vec<String>, Vec<Vec<u32>>) =
        values.filter(|(_, ids)| !ids.is_empty()).unzip();
    let single = {
        let mut all: Vec<u32> = ids.concat();
        all.sort_unstable();
        all.windows(2).all(|w| w[0] != w[1])
    };
    if single && values.len() > 6 && values.len() < 64 {
        // A value a record at most (the type): its number + 1 in one digit, 0 for none.
        let mut one = vec![0usize; records];
        for (value, ids) in ids.iter().enumerate() {
            for &id in ids {
                if let Some(slot) = one.get_mut(id as usize) {
                    *slot = value + 1;
                }
            }
        }
        let one: String = one.into_iter().map(digit).collect();
        json!({"key": key, "label": label, "values": values, "one": one})
    } else if values.len() <= MASK_VALUES {
        let (mask, width) = mask(&ids, records);
        json!({"key": key, "label": label, "values": values, "mask": mask, "w": width})
    } else {
        let docs: Vec<Vec<u32>> = ids.iter().map(|ids| runs(ids)).collect();
        json!({"key": key, "label": label, "values": values, "docs": docs})
    }
}

/// One of the index's 64 digits (`super::json::LAST` then `MORE`).
fn digit(d: usize) -> char {
    char::from(if d < 32 {
        super::json::LAST[d]
    } else {
        super::json::MORE[d - 32]
    })
}

/// Each record's values as a bit set (value `i` is bit `i`), written in `width`
/// characters of six bits each, the highest first, from the index's 64 digits
/// (`super::json::LAST` then `MORE`). Returns the string and the width.
fn mask(ids: &[Vec<u32>], records: usize) -> (String, usize) {
    let width = ids.len().div_ceil(6).max(1);
    let mut sets = vec![0u64; records];
    for (value, ids) in ids.iter().enumerate() {
        for &id in ids {
            if let Some(set) = sets.get_mut(id as usize) {
                *set |= 1 << value;
            }
        }
    }
    let mut out = String::with_capacity(records * width);
    for set in sets {
        for k in (0..width).rev() {
            out.push(digit(((set >> (6 * k)) & 63) as usize));
        }
    }
    (out, width)
}

impl Facets {
    pub(super) fn new(site: &Site) -> Facets {
        let mut municipalities: Vec<&str> = site
            .municipalities
            .iter()
            .map(|m| m.short_title.as_str())
            .collect();
        municipalities.sort_by_key(|m| fold(m));
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Facets {
            municipality: Facet::new(strings(&municipalities)),
            years: BTreeMap::new(),
            minister_goal: Facet::new(
                site.minister_goals
                    .iter()
                    .map(|g| g.short_title.clone())
                    .collect(),
            ),
            target_group: Facet::new(site.target_groups.iter().map(|g| g.title.clone()).collect()),
            kind: Facet::new(strings(&[
                kind::PLAN,
                kind::CHAPTER,
                kind::TARGET,
                kind::INITIATIVE,
                kind::MINISTER_GOAL,
                kind::MUNICIPALITY,
                kind::TARGET_GROUP,
                kind::PAGE,
            ])),
        }
    }

    pub(super) fn add_record(&mut self, r: &Record, id: u32) {
        let (goals, groups) = (&r.minister_goals, &r.target_groups);
        self.add(
            r.municipality.as_deref(),
            &r.years,
            goals,
            groups,
            r.kind,
            id,
        );
    }

    /// Adds record `id`, which has these values (records are added in order).
    pub(super) fn add(
        &mut self,
        municipality: Option<&str>,
        years: &[i32],
        minister_goals: &[String],
        target_groups: &[String],
        kind: &str,
        id: u32,
    ) {
        if let Some(m) = municipality {
            self.municipality.add(m, id);
        }
        for y in years {
            push_once(self.years.entry(y.to_string()).or_default(), id);
        }
        for g in minister_goals {
            self.minister_goal.add(g, id);
        }
        for g in target_groups {
            self.target_group.add(g, id);
        }
        self.kind.add(kind, id);
    }

    pub(super) fn json(self, records: usize) -> Value {
        json!([
            self.municipality
                .json(facet::MUNICIPALITY, "Kommune", records),
            // Latest year first.
            facet_json(facet::YEAR, "År", self.years.into_iter().rev(), records),
            self.minister_goal
                .json(facet::MINISTER_GOAL, "Ministerens mål", records),
            self.target_group
                .json(facet::TARGET_GROUP, "Målgruppe", records),
            self.kind.json(facet::KIND, "Type", records),
        ])
    }
}

/// Sorted ids as runs: `[gap, length, gap, length, …]`, each gap from the end of the
/// run before (`[3, 2]` is 3 and 4).
fn runs(ids: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut end = 0;
    let mut i = 0;
    while i < ids.len() {
        let start = ids[i];
        let mut j = i + 1;
        while j < ids.len() && ids[j] == ids[j - 1] + 1 {
            j += 1;
        }
        out.push(start - end);
        out.push((j - i) as u32);
        end = start + (j - i) as u32;
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_code_consecutive_ids() {
        assert_eq!(runs(&[3, 4, 7, 8, 9, 20]), [3, 2, 2, 3, 10, 1]);
        assert!(runs(&[]).is_empty());
    }

    #[test]
    fn sets_of_values_are_digits_a_record() {
        // Record 0 has values 0 and 2, record 1 none, record 2 value 6 (the second digit).
        let ids = vec![vec![0], vec![], vec![0], vec![], vec![], vec![], vec![2]];
        assert_eq!(mask(&ids, 3), ("050010".to_string(), 2));
        assert_eq!(mask(&[vec![1]], 2), ("01".to_string(), 1));
    }
}
