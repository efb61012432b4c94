//! What can be found: one search record per plan, chapter, minister goal, municipality,
//! target group and ordinary page, and one per result target and per initiative,
//! pointing at its anchor. Records are made from the linked site, not from rendered
//! pages, so navigation and footers never pollute the index.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::text::{Collapsed, Sections, html_to_text};
use crate::link::{Plan, Ref, Site};

/// The kinds of record, as the "Type" facet shows them.
pub mod kind {
    pub const PLAN: &str = "Plan";
    pub const CHAPTER: &str = "Kapitel";
    pub const MINISTER_GOAL: &str = "Ministermål";
    pub const TARGET: &str = "Resultatmål";
    pub const INITIATIVE: &str = "Indsats";
    pub const MUNICIPALITY: &str = "Kommune";
    pub const TARGET_GROUP: &str = "Målgruppe";
    pub const PAGE: &str = "Side";
}

/// The facets, by their keys in the index (`search.js` names them for readers).
pub mod facet {
    pub const MUNICIPALITY: &str = "kommune";
    pub const YEAR: &str = "aar";
    pub const MINISTER_GOAL: &str = "ministermaal";
    pub const TARGET_GROUP: &str = "maalgruppe";
    pub const KIND: &str = "type";
}

/// A record. Its `text` has its whitespace collapsed, so sentences are slices of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The URL, with the site's path prefix and, for targets and initiatives, the anchor.
    pub url: String,
    pub kind: &'static str,
    pub title: String,
    /// A finer kind shown after the kind: an initiative's "Projekt", "Forløb" …
    pub subkind: Option<&'static str>,
    pub text: String,
    /// The municipality's short name ("Helsingør").
    pub municipality: Option<String>,
    pub years: Vec<i32>,
    /// Short titles of minister goals.
    pub minister_goals: Vec<String>,
    pub target_groups: Vec<String>,
    /// Where this record's text repeats an earlier record's, word for word: an
    /// initiative's body is a section of its chapter's text. Indexing reads those words
    /// once (see [`crate::index::terms::Vocabulary::read_all`]).
    pub repeats: Option<Repeat>,
}

/// A stretch of a record's text that is also in an earlier record's text: `len` bytes
/// from `at` in this record's text are the bytes from `from` in the text of the record
/// `back` records before it. A hint only: indexing checks it before it relies on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repeat {
    pub back: usize,
    pub from: usize,
    pub at: usize,
    pub len: usize,
}

impl Record {
    fn new(url: &str, kind: &'static str, title: &str) -> Record {
        Record {
            url: url.to_string(),
            kind,
            title: title.to_string(),
            subkind: None,
            text: String::new(),
            municipality: None,
            years: Vec::new(),
            minister_goals: Vec::new(),
            target_groups: Vec::new(),
            repeats: None,
        }
    }
}

/// Where records come from, in the order of the index: the site's own pages (minister
/// goals, target groups, municipalities), each plan, then the ordinary pages. Indexing
/// makes the records of a few sources at a time, so the text of the whole site is
/// never held at once.
#[derive(Clone, Copy, Debug)]
pub enum Source {
    Site,
    Plan(usize),
    Pages,
}

/// Every source of records, in order.
pub fn sources(site: &Site) -> Vec<Source> {
    let mut out = vec![Source::Site];
    out.extend((0..site.plans.len()).map(Source::Plan));
    out.push(Source::Pages);
    out
}

/// Every record of the site, in a stable order.
pub fn records(site: &Site) -> Vec<Record> {
    sources(site)
        .par_iter()
        .flat_map_iter(|&s| records_of(site, s))
        .collect()
}

/// The records of one source, in order.
pub fn records_of(site: &Site, source: Source) -> Vec<Record> {
    let mut out = Vec::new();
    match source {
        Source::Site => site_records(site, &mut out),
        Source::Plan(i) => plan_records(&site.plans[i], &mut out),
        Source::Pages => {
            for p in &site.pages {
                let mut r = Record::new(&p.url, kind::PAGE, &p.title);
                r.text = html_to_text(&p.content);
                if r.text.is_empty() && p.is_section {
                    continue;
                }
                out.push(r);
            }
        }
    }
    out
}

fn site_records(site: &Site, out: &mut Vec<Record>) {
    for g in &site.minister_goals {
        let mut r = Record::new(&g.url, kind::MINISTER_GOAL, &g.title);
        r.text = join([
            g.short_title.as_str(),
            &g.description,
            &html_to_text(&g.content),
        ]);
        r.years = g.years.clone();
        r.minister_goals = vec![g.short_title.clone()];
        out.push(r);
    }
    for g in &site.target_groups {
        let mut r = Record::new(&g.url, kind::TARGET_GROUP, &g.title);
        r.text = join([g.description.as_str(), &html_to_text(&g.content)]);
        r.target_groups = vec![g.title.clone()];
        out.push(r);
    }
    for m in &site.municipalities {
        let mut r = Record::new(&m.url, kind::MUNICIPALITY, &m.title);
        let plans: Vec<String> = m
            .plans
            .iter()
            .map(|&i| format!("{} {}", site.plans[i].title, site.plans[i].year))
            .collect();
        r.text = join([
            &m.description,
            &html_to_text(&m.content),
            m.region.as_deref().unwrap_or(""),
            m.jobcenter.as_deref().unwrap_or(""),
            &plans.join(". "),
        ]);
        r.municipality = Some(m.short_title.clone());
        r.years = m.plans.iter().map(|&i| site.plans[i].year).collect();
        r.years.sort_unstable();
        out.push(r);
    }
}

fn plan_records(plan: &Plan, out: &mut Vec<Record>) {
    let titles = |refs: &[Ref]| refs.iter().map(|r| r.title.clone()).collect::<Vec<_>>();
    let base = |url: &str, kind, title: &str| {
        let mut r = Record::new(url, kind, title);
        r.municipality = Some(plan.municipality_name.clone());
        r.years = vec![plan.year];
        r
    };

    let mut r = base(
        &plan.url,
        kind::PLAN,
        &format!("{} – {}", plan.title, plan.municipality.title),
    );
    let goals: Vec<&str> = plan.goals.iter().map(|g| g.title.as_str()).collect();
    let notes: Vec<&str> = plan.notes.iter().map(|n| n.text.as_str()).collect();
    // The summary is short Markdown made HTML: the record quotes its text, not its tags.
    let summary = plan.summary.as_deref().map(html_to_text);
    r.text = join([
        summary.as_deref().unwrap_or(&plan.description),
        &html_to_text(&plan.content),
        &goals.join(". "),
        &notes.join(" "),
    ]);
    let mut goals_of_plan = BTreeSet::new();
    let mut groups_of_plan = BTreeSet::new();
    for g in &plan.goals {
        goals_of_plan.extend(titles(&g.minister_goals));
        groups_of_plan.extend(titles(&g.target_groups));
    }
    for t in &plan.targets {
        goals_of_plan.extend(titles(&t.minister_goals));
        groups_of_plan.extend(titles(&t.target_groups));
    }
    for i in &plan.initiatives {
        goals_of_plan.extend(titles(&i.minister_goals));
        groups_of_plan.extend(titles(&i.target_groups));
    }
    r.minister_goals = goals_of_plan.into_iter().collect();
    r.target_groups = groups_of_plan.into_iter().collect();
    out.push(r);

    for t in &plan.targets {
        let title = match (&t.label, &t.indicator) {
            (Some(l), Some(i)) => format!("{l}: {i}"),
            (Some(l), None) => match &t.goal_title {
                Some(g) => format!("{l}: {g}"),
                None => l.clone(),
            },
            (None, Some(i)) => i.clone(),
            (None, None) => crate::text::first_sentences(&t.text, 120),
        };
        let mut r = base(&t.url, kind::TARGET, &title);
        let target = match (&t.value_text, &t.deadline_text) {
            (Some(v), Some(d)) => format!("Mål: {v}, {d}."),
            (Some(v), None) => format!("Mål: {v}."),
            _ => String::new(),
        };
        r.text = join([
            &t.text,
            t.comparison.as_deref().unwrap_or(""),
            &target,
            t.goal_title.as_deref().unwrap_or(""),
        ]);
        r.minister_goals = titles(&t.minister_goals);
        r.target_groups = titles(&t.target_groups);
        // The follow-up status shows after the kind: "Resultatmål · Nået".
        r.subkind = Some(t.status_label);
        out.push(r);
    }

    for chapter in &plan.chapters {
        let mut r = base(&chapter.url, kind::CHAPTER, &chapter.title);
        // The chapter's text, and its initiatives' from it.
        let html = chapter.content.text();
        let sections = Sections::new(&html);
        // A chapter answers the minister goals of its initiatives too.
        let mut goals: BTreeSet<String> = titles(&chapter.minister_goals).into_iter().collect();
        let mut groups: BTreeSet<String> = titles(&chapter.target_groups).into_iter().collect();
        for &i in &chapter.initiatives {
            goals.extend(titles(&plan.initiatives[i].minister_goals));
            groups.extend(titles(&plan.initiatives[i].target_groups));
        }
        r.minister_goals = goals.into_iter().collect();
        r.target_groups = groups.into_iter().collect();
        let chapter_record = out.len();
        out.push(r);

        for &i in &chapter.initiatives {
            let init = &plan.initiatives[i];
            let mut r = base(&init.url, kind::INITIATIVE, &init.title);
            // A plain "indsats" shows no finer kind; a "Projekt", a "Forløb" … does.
            let plain = init.kind == crate::load::front_matter::InitiativeKind::Indsats.danish();
            r.subkind = (!plain).then_some(init.kind);
            let body = sections.text_of(&init.anchor).unwrap_or_default();
            // The section starts with the heading, which is usually the title.
            let body = body
                .strip_prefix(init.kind)
                .map(|b| b.trim_start_matches([':', ' ']))
                .unwrap_or(&body);
            let body = body.strip_prefix(init.title.as_str()).unwrap_or(body);
            r.text = join([init.summary.as_deref().unwrap_or("")]);
            // The body is collapsed already, as the chapter's text is: its only
            // whitespace is single spaces.
            let body = body.trim_matches(' ');
            if !body.is_empty() {
                if !r.text.is_empty() {
                    r.text.push(' ');
                }
                if let Some(from) = offset_in(&sections.text, body) {
                    r.repeats = Some(Repeat {
                        back: out.len() - chapter_record,
                        from,
                        at: r.text.len(),
                        len: body.len(),
                    });
                }
                r.text.push_str(body);
                if !body.ends_with(['.', '!', '?', ':']) {
                    r.text.push('.');
                }
            }
            r.minister_goals = titles(&init.minister_goals);
            r.target_groups = titles(&init.target_groups);
            out.push(r);
        }
        out[chapter_record].text = sections.text;
    }
}

/// Where `part` starts in `whole`, when it is a slice of it (not a copy).
fn offset_in(whole: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (at + part.len() <= whole.len()).then_some(at)
}

/// Joins non-empty texts into one, each ending a sentence, whitespace collapsed.
fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = Collapsed::with_capacity(0);
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        out.space();
        out.push(p);
        if !p.ends_with(['.', '!', '?', ':']) {
            out.push(".");
        }
    }
    out.text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_joined_as_sentences() {
        assert_eq!(join(["En", "", "To.", " tre "]), "En. To. tre.");
        assert_eq!(join([" En\n to ", "\ttre:"]), "En to. tre:");
    }
}
