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

    fn json(self, key: &str, label: &str) -> Value {
        facet_json(key, label, self.values.into_iter().zip(self.ids))
    }
}

fn push_once(ids: &mut Vec<u32>, id: u32) {
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

/// A facet as `meta.json` holds it; values no record has are left out.
fn facet_json(key: &str, label: &str, values: impl Iterator<Item = (String, Vec<u32>)>) -> Value {
    let (values, docs): (Vec<String>, Vec<Vec<u32>>) = values
        .map(|(v, ids)| (v, runs(&ids)))
        .filter(|(_, d)| !d.is_empty())
        .unzip();
    json!({"key": key, "label": label, "values": values, "docs": docs})
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

    pub(super) fn add(&mut self, r: &Record, id: u32) {
        if let Some(m) = &r.municipality {
            self.municipality.add(m, id);
        }
        for y in &r.years {
            push_once(self.years.entry(y.to_string()).or_default(), id);
        }
        for g in &r.minister_goals {
            self.minister_goal.add(g, id);
        }
        for g in &r.target_groups {
            self.target_group.add(g, id);
        }
        self.kind.add(r.kind, id);
    }

    pub(super) fn json(self) -> Value {
        json!([
            self.municipality.json(facet::MUNICIPALITY, "Kommune"),
            // Latest year first.
            facet_json(facet::YEAR, "År", self.years.into_iter().rev()),
            self.minister_goal
                .json(facet::MINISTER_GOAL, "Ministerens mål"),
            self.target_group.json(facet::TARGET_GROUP, "Målgruppe"),
            self.kind.json(facet::KIND, "Type"),
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
}
