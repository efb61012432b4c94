//! The municipalities as a citizen looks for their own: by region, and from A to Å in
//! Danish order, each with its plans' years. A view of the linked site for the
//! `/kommuner/` page; with 98 municipalities a flat list is too long to scan on a phone.

use serde::Serialize;

use crate::text::slug::slugify;
use crate::text::{danish_sort_key, index_letter};

use super::model::{Municipality, Site};

/// `/kommuner/`'s two ways in.
#[derive(Serialize)]
pub struct MunicipalityIndex<'a> {
    pub regions: Vec<Region<'a>>,
    pub letters: Vec<Letter<'a>>,
}

/// The municipalities of one region, in Danish order.
#[derive(Serialize)]
pub struct Region<'a> {
    pub name: String,
    /// The anchor the jump list points to: `region-hovedstaden`.
    pub id: String,
    pub municipalities: Vec<Entry<'a>>,
}

/// The municipalities whose names start with one letter.
#[derive(Serialize)]
pub struct Letter<'a> {
    pub letter: String,
    pub id: String,
    pub municipalities: Vec<Entry<'a>>,
}

/// A municipality and its plans, newest first.
#[derive(Clone, Serialize)]
pub struct Entry<'a> {
    pub title: &'a str,
    pub short_title: &'a str,
    pub url: &'a str,
    pub plans: Vec<PlanYear<'a>>,
}

#[derive(Clone, Serialize)]
pub struct PlanYear<'a> {
    pub year: i32,
    pub url: &'a str,
}

/// Municipalities with no region on the portal are listed last, under this name.
pub const NO_REGION: &str = "Uden region";

/// The region a municipality is listed under (`Uden region` when it names none).
pub fn region_name(m: &Municipality) -> &str {
    m.region.as_deref().unwrap_or(NO_REGION)
}

/// A region's anchor on the pages that list by region: `region-hovedstaden`.
pub fn region_id(name: &str) -> String {
    format!("region-{}", slugify(name.trim_start_matches("Region ")))
}

/// The order regions are listed in: Danish order, the municipalities without one last.
pub fn region_order(name: &str) -> (bool, String) {
    (name == NO_REGION, danish_sort_key(name))
}

pub fn municipality_index(site: &Site) -> MunicipalityIndex<'_> {
    let mut sorted: Vec<&Municipality> = site.municipalities.iter().collect();
    sorted.sort_by_cached_key(|m| (danish_sort_key(&m.short_title), m.slug.clone()));

    let mut regions: Vec<Region> = Vec::new();
    for m in &sorted {
        let name = region_name(m);
        match regions.iter_mut().find(|r| r.name == name) {
            Some(r) => r.municipalities.push(entry(site, m)),
            None => regions.push(Region {
                name: name.to_string(),
                id: region_id(name),
                municipalities: vec![entry(site, m)],
            }),
        }
    }
    regions.sort_by_cached_key(|r| region_order(&r.name));

    let mut letters: Vec<Letter> = Vec::new();
    for m in &sorted {
        let letter = index_letter(&m.short_title);
        match letters.last_mut() {
            Some(l) if l.letter == letter => l.municipalities.push(entry(site, m)),
            _ => letters.push(Letter {
                id: format!("bogstav-{}", slugify(&letter)),
                letter,
                municipalities: vec![entry(site, m)],
            }),
        }
    }
    MunicipalityIndex { regions, letters }
}

fn entry<'a>(site: &'a Site, m: &'a Municipality) -> Entry<'a> {
    Entry {
        title: &m.title,
        short_title: &m.short_title,
        url: &m.url,
        plans: m
            .plans
            .iter()
            .map(|&p| PlanYear {
                year: site.plans[p].year,
                url: &site.plans[p].url,
            })
            .collect(),
    }
}
