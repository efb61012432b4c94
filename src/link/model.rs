//! The linked site: the plan domain with every reference resolved.
//!
//! These structs are what templates see (serialized into Tera values) and what the
//! open data is made from. References between things are slugs; where a template
//! would otherwise have to look a slug up, a small [`Ref`] with the title and URL is
//! stored instead.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::load::markdown::Heading;
use crate::text::packed::Packed;

/// A link to something with a title: enough for a template to show it.
///
/// Shared, not copied: a minister goal is named by thousands of initiatives, targets and
/// their links, and each used to carry its own copy of the three strings (most of the
/// linked model on a large portal). A clone is a count; it reads, compares and
/// serializes as the three fields.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(transparent)]
pub struct Ref(Arc<RefTo>);

/// What a [`Ref`] points at.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefTo {
    pub slug: String,
    pub title: String,
    pub url: String,
}

impl Ref {
    pub fn new(slug: String, title: String, url: String) -> Ref {
        Ref(Arc::new(RefTo { slug, title, url }))
    }
}

impl std::ops::Deref for Ref {
    type Target = RefTo;

    fn deref(&self) -> &RefTo {
        &self.0
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MinisterGoal {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    pub years: Vec<i32>,
    /// Its number in each year's list, keyed by the year as text (as templates index it).
    pub numbers: BTreeMap<String, u32>,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: Arc<str>,
    pub weight: i64,
    #[serde(skip)]
    pub doc: usize,
    /// The goal as every link to it names it: its slug, short title and URL, made once.
    #[serde(skip)]
    pub reference: Ref,
}

impl MinisterGoal {
    pub fn in_force(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn number_in(&self, year: i32) -> Option<u32> {
        self.numbers.get(&year.to_string()).copied()
    }

    pub fn as_ref(&self) -> Ref {
        self.reference.clone()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TargetGroup {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: Arc<str>,
    pub weight: i64,
    #[serde(skip)]
    pub doc: usize,
    /// The group as every link to it names it: its slug, title and URL, made once.
    #[serde(skip)]
    pub reference: Ref,
}

impl TargetGroup {
    pub fn as_ref(&self) -> Ref {
        self.reference.clone()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Municipality {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    pub region: Option<String>,
    pub website: Option<String>,
    pub jobcenter: Option<String>,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub content: Arc<str>,
    /// Indexes into `Site::plans`, newest first.
    #[serde(skip)]
    pub plans: Vec<usize>,
    #[serde(skip)]
    pub doc: usize,
}

/// A local goal: the municipality's own goal in one plan.
#[derive(Clone, Debug, Serialize)]
pub struct LocalGoal {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub minister_goals: Vec<Ref>,
    pub target_groups: Vec<Ref>,
    /// Ids of the plan's targets under this goal.
    pub targets: Vec<String>,
}

/// A result target (resultatkrav / resultatmål).
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub id: String,
    /// Unique across the site: `<municipality>-<year>-<id>`.
    pub uid: String,
    /// The plan's municipality, name and URL: one string for all its targets and
    /// initiatives (see [`Initiative::municipality`]).
    pub municipality: Arc<str>,
    pub municipality_name: Arc<str>,
    pub year: i32,
    pub plan_url: Arc<str>,
    pub url: String,
    pub label: Option<String>,
    pub text: String,
    pub goal: Option<String>,
    pub goal_title: Option<String>,
    pub minister_goals: Vec<Ref>,
    /// The same minister goals, each with where the link comes from.
    pub links: Vec<GoalLink>,
    pub target_groups: Vec<Ref>,
    pub indicator: Option<String>,
    pub unit: Option<String>,
    pub value: Option<f64>,
    pub direction: Option<crate::load::front_matter::Direction>,
    pub deadline: Option<String>,
    pub baseline: Option<f64>,
    pub baseline_at: Option<String>,
    pub comparison: Option<String>,
    pub note: Option<String>,
    pub chapter: Option<Ref>,
    /// The target in words for tables: "mindst 82 %", "fald på 2 %".
    pub value_text: Option<String>,
    pub deadline_text: Option<String>,
    pub baseline_text: Option<String>,
    /// Measured results, oldest first (filled in by `link::results`).
    pub results: Vec<TargetResult>,
    /// The newest result, for tables.
    pub latest: Option<TargetResult>,
    /// Computed at build, never typed: see `link::status` and docs/results.md.
    pub status: Status,
    /// The status in Danish: "Nået", "På vej" …
    pub status_label: &'static str,
    /// One sentence saying how the status follows from the numbers.
    pub status_reason: String,
    /// The chart of the results over time (static SVG, see `render::chart`), when
    /// there are numbers to draw.
    pub chart: Option<String>,
}

/// One measured result of a target.
#[derive(Clone, Debug, Serialize)]
pub struct TargetResult {
    /// `2021-12` or `2021-12-31`.
    pub date: String,
    /// "december 2021".
    pub date_text: String,
    pub value: Option<f64>,
    /// The value the Danish way with the target's unit: "1,8 %".
    pub value_text: Option<String>,
    /// For targets without a number: whether the result says the target is met.
    pub met: Option<bool>,
    pub source: String,
    pub note: Option<String>,
    #[serde(skip)]
    pub period: crate::load::front_matter::Period,
}

/// A target's follow-up status, computed from its results (docs/results.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Achieved,
    OnTrack,
    Behind,
    NotAchieved,
    #[default]
    NoData,
}

impl Status {
    /// Every status, in the order tables and charts list them.
    pub const ALL: [Status; 5] = [
        Status::Achieved,
        Status::OnTrack,
        Status::Behind,
        Status::NotAchieved,
        Status::NoData,
    ];

    /// The label on the site.
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "Nået",
            Status::OnTrack => "På vej",
            Status::Behind => "Bagud",
            Status::NotAchieved => "Ikke nået",
            Status::NoData => "Ingen opfølgning endnu",
        }
    }

    /// The name in the open data and in CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on-track",
            Status::Behind => "behind",
            Status::NotAchieved => "not-achieved",
            Status::NoData => "no-data",
        }
    }
}

/// How a plan's targets stand, for the plan page and its chart.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PlanResults {
    /// Targets per status, in [`Status::ALL`]'s order.
    pub counts: Vec<StatusCount>,
    pub total: usize,
    pub achieved: usize,
    /// Targets with at least one result.
    pub followed_up: usize,
    /// "3 af 10 resultatmål nået".
    pub summary: String,
    /// The plan's targets by status as a static SVG bar (see `render::chart`).
    pub chart: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusCount {
    pub status: Status,
    pub label: &'static str,
    pub count: usize,
}

/// One link between an initiative or a target and a minister goal, with where it
/// comes from, so the site can say why the link is there.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GoalLink {
    pub minister_goal: Ref,
    /// `plan`: the initiative or target names the goal itself (the plan states it);
    /// `lokalt-maal`: through the local goals in `via`; `kapitel`: only through the
    /// chapter's list, taken over with `initiatives_inherit = true`.
    pub origin: &'static str,
    /// The local goals the link runs through (for `lokalt-maal`; may be set for `plan`).
    pub via: Vec<Ref>,
    /// The origin in words for the reader: "fremgår af planen", "gennem lokalt mål …"
    /// (made only for the local goals; the others are the same words for every link).
    pub text: Cow<'static, str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Initiative {
    pub id: String,
    pub uid: String,
    pub title: String,
    pub kind: &'static str,
    pub summary: Option<String>,
    /// The plan's municipality, name and URL, shared by all the plan's initiatives and
    /// targets: on a large portal there are tens of thousands of them.
    pub municipality: Arc<str>,
    pub municipality_name: Arc<str>,
    pub year: i32,
    pub plan_url: Arc<str>,
    pub chapter: Ref,
    pub url: String,
    /// The heading id the initiative is anchored at (shared by initiatives under one heading).
    pub anchor: String,
    pub minister_goals: Vec<Ref>,
    /// The same minister goals, each with where the link comes from.
    pub links: Vec<GoalLink>,
    pub target_groups: Vec<Ref>,
    pub goals: Vec<Ref>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Note {
    pub minister_goal: Ref,
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chapter {
    pub slug: String,
    pub title: String,
    pub weight: i64,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// The chapter's HTML: left out of the plan's serialized value (every page of the
    /// plan carries that), and given to the chapter's own page alone. Packed once the
    /// site is linked ([`Site::pack_chapters`]): the chapters are most of what a build
    /// holds.
    #[serde(skip)]
    pub content: Packed,
    pub toc: Vec<Heading>,
    pub has_code: bool,
    pub minister_goals: Vec<Ref>,
    pub goals: Vec<Ref>,
    pub target_groups: Vec<Ref>,
    /// Indexes into the plan's `initiatives`.
    pub initiatives: Vec<usize>,
    #[serde(skip)]
    pub doc: usize,
}

/// One row of a plan's goal map: a minister goal and what the plan does for it.
#[derive(Clone, Debug, Serialize)]
pub struct GoalMapEntry {
    /// `None` for the plan's purely local goals.
    pub minister_goal: Option<Ref>,
    pub number: Option<u32>,
    pub anchor: String,
    pub local_goals: Vec<usize>,
    /// Targets that answer the minister goal directly, not through a local goal.
    pub targets: Vec<usize>,
    pub initiatives: Vec<usize>,
    pub notes: Vec<String>,
}

impl GoalMapEntry {
    pub fn is_empty(&self) -> bool {
        self.local_goals.is_empty() && self.targets.is_empty() && self.initiatives.is_empty()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// `<municipality>-<year>`.
    pub id: String,
    pub municipality: Ref,
    pub municipality_name: String,
    pub year: i32,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub adopted: Option<String>,
    pub adopted_text: Option<String>,
    pub source: Option<String>,
    pub source_title: Option<String>,
    pub summary: Option<String>,
    pub summary_author: Option<String>,
    /// "Senest opdateret": the date from front matter, and in Danish.
    pub updated: Option<String>,
    pub updated_text: Option<String>,
    pub jobcenter_contact: Option<String>,
    pub source_note: Option<String>,
    pub description: String,
    pub content: Arc<str>,
    pub goals: Vec<LocalGoal>,
    pub targets: Vec<Target>,
    pub initiatives: Vec<Initiative>,
    pub chapters: Vec<Chapter>,
    pub notes: Vec<Note>,
    /// Minister goals in force this year, in the year's order, with what the plan does.
    pub goal_map: Vec<GoalMapEntry>,
    /// Slugs of the minister goals the plan answers.
    pub addressed: Vec<String>,
    /// Whether the minister set goals for the plan's year (none after the framework ended).
    pub national_goals: bool,
    /// How the plan's targets stand (filled in by `link::results`).
    pub results: PlanResults,
    #[serde(skip)]
    pub doc: usize,
}

/// An ordinary page or section, as templates see it (Zola's names).
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub path: String,
    pub content: Arc<str>,
    pub toc: Vec<Heading>,
    pub weight: i64,
    pub has_code: bool,
    pub is_section: bool,
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The source path relative to `content/`.
    pub relative_path: String,
    /// For sections: child pages, by weight then title.
    pub pages: Vec<PageRef>,
    #[serde(skip)]
    pub template: Option<String>,
    #[serde(skip)]
    pub doc: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageRef {
    pub title: String,
    pub description: String,
    pub url: String,
}

/// The whole linked site.
#[derive(Clone, Default)]
pub struct Site {
    pub minister_goals: Vec<MinisterGoal>,
    pub target_groups: Vec<TargetGroup>,
    pub municipalities: Vec<Municipality>,
    pub plans: Vec<Plan>,
    pub pages: Vec<Page>,
    /// Years that have at least one plan, ascending.
    pub years: Vec<i32>,
}

impl Site {
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.plans.iter().flat_map(|p| p.targets.iter())
    }

    pub fn initiatives(&self) -> impl Iterator<Item = &Initiative> {
        self.plans.iter().flat_map(|p| p.initiatives.iter())
    }

    /// Packs every chapter's HTML, in parallel (see [`Packed`]).
    pub fn pack_chapters(&mut self) {
        use rayon::prelude::*;
        self.plans
            .par_iter_mut()
            .flat_map_iter(|p| p.chapters.iter_mut())
            .for_each(|c| c.content.pack());
    }
}

/// A number the Danish way: `16,5`, `1.500`.
pub fn danish_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let text = format!("{}", v.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value with its unit: `82 %`, `150 personer`.
pub fn with_unit(v: f64, unit: Option<&str>) -> String {
    match unit {
        Some(u) if !u.is_empty() => format!("{} {u}", danish_number(v)),
        _ => danish_number(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_danish_way() {
        assert_eq!(danish_number(16.5), "16,5");
        assert_eq!(danish_number(82.0), "82");
        assert_eq!(danish_number(1500.0), "1.500");
        assert_eq!(danish_number(28950.0), "28.950");
        assert_eq!(danish_number(1234567.25), "1.234.567,25");
        assert_eq!(danish_number(-2.0), "-2");
        assert_eq!(danish_number(0.1), "0,1");
        assert_eq!(with_unit(2.0, Some("%")), "2 %");
        assert_eq!(with_unit(150.0, None), "150");
    }
}
