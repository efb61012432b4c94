//! A minister goal or a target group year by year, for pages that stay small on a
//! national portal: an overview of the years (how many plans answer, with counts), and
//! one page per year that lists the plans' goals, targets and initiatives by region and
//! municipality. With 98 municipalities × 20 years one page with everything was
//! megabytes of HTML; a year's page holds one plan per municipality.
//!
//! Views of the linked site, like `views.rs`: plain functions of `&Site`, no HTML.

use std::collections::HashMap;

use serde::Serialize;

use super::model::*;
use super::regions::{NO_REGION, region_id, region_name, region_order};
use crate::text::danish_sort_key;

/// Up to this many plans in a year, the overview names each municipality with its
/// counts (the demo's few plans read well that way); above it the overview gives the
/// totals and the year's page has the municipalities, so the overview stays short.
pub const SHORT_LIST: usize = 12;

/// What a year view is about.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    Goal(&'a MinisterGoal),
    Group(&'a TargetGroup),
}

impl<'a> Subject<'a> {
    /// The document the goal or group is written in.
    pub fn doc(self) -> usize {
        match self {
            Subject::Goal(g) => g.doc,
            Subject::Group(g) => g.doc,
        }
    }

    /// The overview's URL (with the base URL's prefix); a year's page is below it.
    fn url(self) -> &'a str {
        match self {
            Subject::Goal(g) => &g.url,
            Subject::Group(g) => &g.url,
        }
    }

    /// The years the overview shows, newest first: a goal's years in force, a group's
    /// years with plans.
    fn years(self, site: &Site) -> Vec<i32> {
        match self {
            Subject::Goal(g) => g.years.iter().rev().copied().collect(),
            Subject::Group(_) => site.years.iter().rev().copied().collect(),
        }
    }

    fn number(self, year: i32) -> Option<u32> {
        match self {
            Subject::Goal(g) => g.number_in(year),
            Subject::Group(_) => None,
        }
    }

    /// One plan's answer, and whether it answers at all (a plan that sets nothing for
    /// a goal may still say why, in a note). `None`: the plan has nothing to show.
    fn answer(self, plan: &'a Plan) -> Option<(Answer<'a>, bool)> {
        let mut answer = match self {
            Subject::Goal(goal) => goal_answer(goal, plan)?,
            Subject::Group(group) => group_answer(&group.slug, plan),
        };
        answer.local_goal_count = answer.local_goals.len();
        answer.target_count = answer.targets.len();
        answer.initiative_count = answer.initiatives.len();
        let answers = !answer.local_goals.is_empty()
            || !answer.targets.is_empty()
            || !answer.initiatives.is_empty();
        Some((answer, answers))
    }
}

/// One plan's goals, targets and initiatives for the subject: a municipality's part
/// of a year's page.
#[derive(Clone, Debug, Serialize)]
pub struct Answer<'a> {
    pub plan_id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    /// Where the plan itself answers: its goal map's entry for a minister goal.
    pub anchor_url: String,
    pub municipality: &'a str,
    pub municipality_name: &'a str,
    /// The municipality's anchor on the year's page: `kommune-<slug>`.
    pub id: String,
    pub local_goals: Vec<&'a LocalGoal>,
    pub targets: Vec<&'a Target>,
    pub initiatives: Vec<&'a Initiative>,
    pub notes: &'a [String],
    /// The targets by status, when any of them has a result.
    pub status: Vec<StatusCount>,
    /// How many goals, targets and initiatives: all that a split year's page shows of
    /// an answer (see [`YearAnswers::outline`]).
    pub local_goal_count: usize,
    pub target_count: usize,
    pub initiative_count: usize,
}

fn goal_answer<'a>(goal: &MinisterGoal, plan: &'a Plan) -> Option<Answer<'a>> {
    let entry = plan.goal_map.iter().find(|e| {
        e.minister_goal
            .as_ref()
            .is_some_and(|r| r.slug == goal.slug)
    })?;
    // Targets under the entry's local goals answer the goal too.
    let mut target_idx: Vec<usize> = entry.targets.clone();
    for &g in &entry.local_goals {
        let id = &plan.goals[g].id;
        target_idx
            .extend((0..plan.targets.len()).filter(|&t| plan.targets[t].goal.as_ref() == Some(id)));
    }
    target_idx.sort_unstable();
    target_idx.dedup();
    let targets: Vec<&Target> = target_idx.iter().map(|&i| &plan.targets[i]).collect();
    Some(Answer {
        anchor_url: format!("{}#{}", plan.url, entry.anchor),
        local_goals: entry.local_goals.iter().map(|&i| &plan.goals[i]).collect(),
        initiatives: entry
            .initiatives
            .iter()
            .map(|&i| &plan.initiatives[i])
            .collect(),
        notes: &entry.notes,
        status: status_counts(&targets),
        targets,
        ..base(plan)
    })
}

fn group_answer<'a>(group: &str, plan: &'a Plan) -> Answer<'a> {
    let has = |refs: &[Ref]| refs.iter().any(|r| r.slug == group);
    let targets: Vec<&Target> = plan
        .targets
        .iter()
        .filter(|t| has(&t.target_groups))
        .collect();
    Answer {
        local_goals: plan
            .goals
            .iter()
            .filter(|g| has(&g.target_groups))
            .collect(),
        initiatives: plan
            .initiatives
            .iter()
            .filter(|i| has(&i.target_groups))
            .collect(),
        status: status_counts(&targets),
        targets,
        ..base(plan)
    }
}

/// The plan's part of an answer, before its goals, targets and initiatives.
fn base(plan: &Plan) -> Answer<'_> {
    Answer {
        plan_id: &plan.id,
        title: &plan.title,
        url: &plan.url,
        anchor_url: plan.url.clone(),
        municipality: &plan.municipality.slug,
        municipality_name: &plan.municipality_name,
        id: format!("kommune-{}", plan.municipality.slug),
        local_goals: Vec::new(),
        targets: Vec::new(),
        initiatives: Vec::new(),
        notes: &[],
        status: Vec::new(),
        local_goal_count: 0,
        target_count: 0,
        initiative_count: 0,
    }
}

/// Targets per status in [`Status::ALL`]'s order, leaving out statuses no target has;
/// empty when none of them has been followed up.
fn status_counts(targets: &[&Target]) -> Vec<StatusCount> {
    if targets.iter().all(|t| t.results.is_empty()) {
        return Vec::new();
    }
    Status::ALL
        .iter()
        .map(|&status| StatusCount {
            status,
            label: status.label(),
            count: targets.iter().filter(|t| t.status == status).count(),
        })
        .filter(|c| c.count > 0)
        .collect()
}

fn add_status(total: &mut Vec<StatusCount>, more: &[StatusCount]) {
    for c in more {
        match total.iter_mut().find(|t| t.status == c.status) {
            Some(t) => t.count += c.count,
            None => total.push(c.clone()),
        }
    }
    total.sort_by_key(|c| c.status);
}

/// The plans of a year that answer, and those that do not, each in Danish order of
/// the municipality.
fn answers<'a>(
    subject: Subject<'a>,
    year: i32,
    site: &'a Site,
) -> (Vec<Answer<'a>>, Vec<Answer<'a>>) {
    let mut answered = Vec::new();
    let mut without = Vec::new();
    for plan in site.plans.iter().filter(|p| p.year == year) {
        match subject.answer(plan) {
            Some((a, true)) => answered.push(a),
            Some((a, false)) => without.push(a),
            None => {}
        }
    }
    let order = |a: &Answer| (danish_sort_key(a.municipality_name), a.plan_id.to_string());
    answered.sort_by_cached_key(order);
    without.sort_by_cached_key(order);
    (answered, without)
}

/// A municipality in a year's jump list.
#[derive(Clone, Debug, Serialize)]
pub struct Jump<'a> {
    pub name: &'a str,
    pub id: String,
    /// Where the name leads: its part of this page, or of its region's page.
    pub href: String,
}

/// The answers of one region's municipalities.
#[derive(Clone, Debug, Serialize)]
pub struct RegionAnswers<'a> {
    pub name: String,
    pub id: String,
    /// The region's own page for the year, when the year's page is split by region.
    pub url: String,
    pub answers: Vec<Answer<'a>>,
    /// Every plan of the region that year, answering or not, for the jump list.
    pub jump: Vec<Jump<'a>>,
}

/// Everything a year's page shows.
#[derive(Clone, Debug, Serialize)]
pub struct YearAnswers<'a> {
    pub year: i32,
    pub number: Option<u32>,
    pub url: String,
    pub regions: Vec<RegionAnswers<'a>>,
    /// Plans of the year that set nothing for the subject (with what they say).
    pub without: Vec<Answer<'a>>,
    pub plan_count: usize,
    pub plans_total: usize,
    pub target_count: usize,
    pub initiative_count: usize,
    pub status: Vec<StatusCount>,
    /// Whether the year has more than [`SHORT_LIST`] answering plans: then its page
    /// lists each region's municipalities with their counts, and each region's answers
    /// are on a page of their own ([`region_answers`]), so no page lists the country.
    pub split: bool,
    /// The region a region's page is for.
    pub region: Option<String>,
}

/// The URL of a year's page under the subject's overview.
fn year_url(subject: Subject, year: i32) -> String {
    format!("{}{year}/", subject.url())
}

/// A year's page: the answers by region, regions and municipalities in Danish order.
pub fn year_answers<'a>(subject: Subject<'a>, year: i32, site: &'a Site) -> YearAnswers<'a> {
    let (answered, without) = answers(subject, year, site);
    let by_slug: HashMap<&str, &Municipality> = site
        .municipalities
        .iter()
        .map(|m| (m.slug.as_str(), m))
        .collect();
    let region_of = |a: &Answer| {
        by_slug
            .get(a.municipality)
            .map_or(NO_REGION, |m| region_name(m))
            .to_string()
    };
    let mut regions: Vec<RegionAnswers> = Vec::new();
    // Every plan of the year is in its region's jump list; the answering ones also
    // have their part of the page.
    let split = answered.len() > SHORT_LIST;
    let url = year_url(subject, year);
    for (n, a) in answered.iter().chain(&without).enumerate() {
        let r = region_slot(&mut regions, region_of(a), &url);
        // A plan that answers is on its region's page when the year is split; one that
        // sets nothing is in the year page's list at its end.
        let href = if split && n < answered.len() {
            format!("{}#{}", regions[r].url, a.id)
        } else {
            format!("#{}", a.id)
        };
        regions[r].jump.push(Jump {
            name: a.municipality_name,
            id: a.id.clone(),
            href,
        });
    }
    let mut target_count = 0;
    let mut initiative_count = 0;
    let mut status = Vec::new();
    for a in answered {
        target_count += a.targets.len();
        initiative_count += a.initiatives.len();
        add_status(&mut status, &a.status);
        let r = region_slot(&mut regions, region_of(&a), &url);
        regions[r].answers.push(a);
    }
    // The answers came in Danish order, so each region's are too; the jump list mixes
    // both kinds and is sorted again.
    for r in &mut regions {
        r.jump
            .sort_by_cached_key(|j| (danish_sort_key(j.name), j.id.clone()));
    }
    regions.sort_by_cached_key(|r| region_order(&r.name));
    let plan_count = regions.iter().map(|r| r.answers.len()).sum();
    YearAnswers {
        year,
        number: subject.number(year),
        url,
        plans_total: plan_count + without.len(),
        plan_count,
        regions,
        without,
        target_count,
        initiative_count,
        status,
        split,
        region: None,
    }
}

/// Whether a subject's year (one of its [`Subject::years`]) has a page: a plan of the
/// year shows something for it (an answer or a note), and for a group, one answers it.
fn has_page(subject: Subject, answered: usize, plans_total: usize) -> bool {
    plans_total > 0 && !(matches!(subject, Subject::Group(_)) && answered == 0)
}

/// The URLs of a subject's pages for `year`: its year's page when any plan of the year
/// has something to show for it, and its regions' pages when the year is split.
pub fn urls_of_year(subject: Subject, year: i32, site: &Site) -> Vec<String> {
    if !subject.years(site).contains(&year) {
        return Vec::new();
    }
    let answers = year_answers(subject, year, site);
    if !has_page(subject, answers.plan_count, answers.plans_total) {
        return Vec::new();
    }
    let regions = answers
        .regions
        .iter()
        .filter(|r| answers.split && !r.answers.is_empty())
        .map(|r| r.url.clone());
    std::iter::once(answers.url.clone())
        .chain(regions)
        .collect()
}

impl YearAnswers<'_> {
    /// What a year's own page shows: when the year is split by region, each answer's
    /// counts and not its goals, targets and initiatives, which are on its region's
    /// page. They were most of the page's context, made and thrown away on every build.
    pub fn outline(mut self) -> Self {
        if self.split {
            for a in self.regions.iter_mut().flat_map(|r| r.answers.iter_mut()) {
                a.local_goals = Vec::new();
                a.targets = Vec::new();
                a.initiatives = Vec::new();
            }
        }
        self
    }
}

/// A region's page of a split year ([`YearAnswers::split`]): the region's answers in
/// full, its jump list leading to them on the same page, the counts of the region.
/// `None` for a region no plan of the year answers from.
pub fn region_answers<'a>(year: &YearAnswers<'a>, region: usize) -> Option<YearAnswers<'a>> {
    let r = year.regions.get(region).filter(|r| !r.answers.is_empty())?;
    let mut status = Vec::new();
    for a in &r.answers {
        add_status(&mut status, &a.status);
    }
    let jump = r
        .answers
        .iter()
        .map(|a| Jump {
            name: a.municipality_name,
            id: a.id.clone(),
            href: format!("#{}", a.id),
        })
        .collect();
    Some(YearAnswers {
        year: year.year,
        number: year.number,
        url: r.url.clone(),
        plan_count: r.answers.len(),
        plans_total: r.jump.len(),
        target_count: r.answers.iter().map(|a| a.targets.len()).sum(),
        initiative_count: r.answers.iter().map(|a| a.initiatives.len()).sum(),
        status,
        regions: vec![RegionAnswers { jump, ..r.clone() }],
        without: Vec::new(),
        split: false,
        region: Some(r.name.clone()),
    })
}

/// The index of the region named `name` in `regions`, added if it is not there yet.
fn region_slot(regions: &mut Vec<RegionAnswers>, name: String, year_url: &str) -> usize {
    if let Some(i) = regions.iter().position(|r| r.name == name) {
        return i;
    }
    regions.push(RegionAnswers {
        id: region_id(&name),
        url: format!("{year_url}{}/", crate::text::slug::slugify(&name)),
        name,
        answers: Vec::new(),
        jump: Vec::new(),
    });
    regions.len() - 1
}

/// A municipality in the overview: its counts, linking to its part of the year's page.
#[derive(Clone, Debug, Serialize)]
pub struct Short<'a> {
    pub municipality_name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub targets: usize,
    pub initiatives: usize,
    pub status: Vec<StatusCount>,
}

/// One year on the overview.
#[derive(Clone, Debug, Serialize)]
pub struct YearSummary<'a> {
    pub year: i32,
    pub number: Option<u32>,
    /// The year's page; `None` when the portal has no plan from the year.
    pub url: Option<String>,
    pub plan_count: usize,
    pub plans_total: usize,
    pub target_count: usize,
    pub initiative_count: usize,
    pub status: Vec<StatusCount>,
    /// Whether the year's municipalities are named here (at most [`SHORT_LIST`] plans).
    pub short: bool,
    pub plans: Vec<Short<'a>>,
    pub without: Vec<Short<'a>>,
}

/// The overview's years, newest first. A target group's years without any plan that
/// names the group are left out; a minister goal's years in force are all shown.
pub fn year_summaries<'a>(subject: Subject<'a>, site: &'a Site) -> Vec<YearSummary<'a>> {
    let mut out = Vec::new();
    for year in subject.years(site) {
        let (answered, without) = answers(subject, year, site);
        let plans_total = answered.len() + without.len();
        if matches!(subject, Subject::Group(_)) && answered.is_empty() {
            continue;
        }
        let url = has_page(subject, answered.len(), plans_total).then(|| year_url(subject, year));
        let short = plans_total <= SHORT_LIST;
        let shorten = |a: &Answer<'a>| Short {
            municipality_name: a.municipality_name,
            title: a.title,
            url: format!("{}#{}", year_url(subject, year), a.id),
            targets: a.targets.len(),
            initiatives: a.initiatives.len(),
            status: a.status.clone(),
        };
        let mut status = Vec::new();
        for a in &answered {
            add_status(&mut status, &a.status);
        }
        out.push(YearSummary {
            year,
            number: subject.number(year),
            url,
            plan_count: answered.len(),
            plans_total,
            target_count: answered.iter().map(|a| a.targets.len()).sum(),
            initiative_count: answered.iter().map(|a| a.initiatives.len()).sum(),
            status,
            short,
            plans: if short {
                answered.iter().map(shorten).collect()
            } else {
                Vec::new()
            },
            without: if short {
                without.iter().map(shorten).collect()
            } else {
                Vec::new()
            },
        });
    }
    out
}

/// The years that get a page of their own: those with at least one plan on the
/// overview, newest first.
pub fn page_years(summaries: &[YearSummary]) -> Vec<i32> {
    summaries
        .iter()
        .filter(|y| y.url.is_some())
        .map(|y| y.year)
        .collect()
}
