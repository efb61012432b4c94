//! The reference data plans answer to: the minister's goals (numbered per year, in
//! force for the years they cover), the target groups and the municipalities, each
//! checked; and references to goals and groups from any page, checked against them.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::front_matter::{Loc, unknown_name};
use crate::load::{Doc, Front, Place};

use super::*;

impl Linker<'_> {
    pub(super) fn minister_goals(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::MinisterGoal { slug }, Front::MinisterGoal(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            let mut years: Vec<i32> = f.years.value.clone();
            years.sort_unstable();
            years.dedup();
            let years_span = f.years.file_span(&doc.split.front, &doc.file.text);
            if years.is_empty() {
                self.diags.push(
                    Diagnostic::error("et ministermål skal have mindst ét år")
                        .in_file(&doc.file)
                        .at(years_span.clone())
                        .with_help("skriv de år, målet gælder, fx `years = [2021, 2022]`"),
                );
            }
            if let Some(bad) = years.iter().find(|y| !(1900..=2100).contains(*y)) {
                self.diags.push(
                    Diagnostic::error(format!("{bad} er ikke et sandsynligt år"))
                        .in_file(&doc.file)
                        .at(years_span.clone())
                        .with_note("forventede år mellem 1900 og 2100"),
                );
            }
            let mut numbers = BTreeMap::new();
            for (year, n) in &f.number.value {
                if !years.contains(&year.0) {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "`number` giver et nummer for {}, som ikke er et af målets år",
                            year.0
                        ))
                        .in_file(&doc.file)
                        .at(f.number.file_span(&doc.split.front, &doc.file.text))
                        .with_note(format!("målets år: {}", join_years(&years)))
                        .with_help(format!(
                            "tilføj {} i `years`, eller fjern det fra `number`",
                            year.0
                        )),
                    );
                } else {
                    numbers.insert(year.0.to_string(), *n);
                }
            }
            let title = f.title.clone();
            let short_title = f.short_title.clone().unwrap_or_else(|| title.clone());
            let url = self.url(&doc.path);
            let place = self.site.minister_goals.len();
            self.goals.to_mut().insert(slug.clone(), place);
            let goal = MinisterGoal {
                reference: Ref::new(slug.clone(), short_title.clone(), url.clone()),
                slug: slug.clone(),
                short_title,
                title,
                years,
                numbers,
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url,
                permalink: self.permalink(&doc.path),
                content: doc.md.html.clone(),
                weight: f.weight,
                doc: i,
            };
            self.site.to_mut().minister_goals.push(goal);
        }
        // Newest numbering first, then by slug: the order the minister lists them in.
        self.site.to_mut().minister_goals.sort_by(|a, b| {
            let key = |g: &MinisterGoal| {
                let last = g.years.last().copied().unwrap_or(0);
                (
                    -last,
                    g.number_in(last).unwrap_or(u32::MAX),
                    g.weight,
                    g.slug.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.goals = Cow::Owned(places(self.site.minister_goals.iter().map(|g| &g.slug)));
    }

    pub(super) fn target_groups(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::TargetGroup { slug }, Front::TargetGroup(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            let url = self.url(&doc.path);
            let group = TargetGroup {
                reference: Ref::new(slug.clone(), f.title.clone(), url.clone()),
                slug: slug.clone(),
                title: f.title.clone(),
                short_title: f.short_title.clone().unwrap_or_else(|| f.title.clone()),
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url,
                permalink: self.permalink(&doc.path),
                content: doc.md.html.clone(),
                weight: f.weight,
                doc: i,
            };
            self.site.to_mut().target_groups.push(group);
        }
        self.site
            .to_mut()
            .target_groups
            .sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
        self.groups = Cow::Owned(places(self.site.target_groups.iter().map(|g| &g.slug)));
    }

    pub(super) fn municipalities(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::Municipality { slug }, Front::Municipality(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            let short = f
                .short_title
                .clone()
                .unwrap_or_else(|| f.title.trim_end_matches(" Kommune").trim().to_string());
            let website = f
                .website
                .as_ref()
                .and_then(|w| self.web_address(doc, "website", w));
            let municipality = Municipality {
                slug: slug.clone(),
                title: f.title.clone(),
                short_title: short,
                region: f.region.clone(),
                website,
                jobcenter: f.jobcenter.clone(),
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url: self.url(&doc.path),
                permalink: self.permalink(&doc.path),
                content: doc.md.html.clone(),
                plans: Vec::new(),
                doc: i,
            };
            self.site.to_mut().municipalities.push(municipality);
        }
        self.site
            .to_mut()
            .municipalities
            .sort_by(|a, b| (&a.short_title, &a.slug).cmp(&(&b.short_title, &b.slug)));
    }

    /// Minister goals named in `list`, checked to exist and be in force in `year`.
    pub(super) fn minister_refs(&mut self, doc: &Doc, list: &[Loc<String>], year: i32) -> Vec<Ref> {
        let mut out: Vec<(u32, Ref)> = Vec::new();
        for name in list {
            match self
                .goals
                .get(&name.value)
                .map(|&i| &self.site.minister_goals[i])
            {
                Some(g) if g.in_force(year) => {
                    if !out.iter().any(|(_, r)| r.slug == g.slug) {
                        out.push((g.number_in(year).unwrap_or(u32::MAX), g.as_ref()));
                    }
                }
                Some(g) => {
                    let in_force: Vec<&str> = self
                        .site
                        .minister_goals
                        .iter()
                        .filter(|g| g.in_force(year))
                        .map(|g| g.slug.as_str())
                        .collect();
                    let mut d = Diagnostic::error(format!(
                        "ministermålet `{}` gælder ikke i {year}",
                        g.slug
                    ))
                    .in_file(&doc.file)
                    .at(name.file_span(&doc.split.front, &doc.file.text))
                    .with_label(format!("målet gælder i {}", join_years(&g.years)))
                    .with_note(format!(
                        "ministermålene for {year}: {}",
                        in_force.join(", ")
                    ));
                    let framework = &self.config.minister_goals;
                    d = if framework.ended_before(year) {
                        let mut d = d.with_help(format!(
                            "fjern det: ministerens mål gælder kun til og med {}, og en plan fra {year} har kun kommunens egne mål",
                            framework.until.unwrap_or(year)
                        ));
                        if let Some(why) = &framework.ended {
                            d = d.with_note(why.clone());
                        }
                        d
                    } else {
                        d.with_help(format!(
                            "fjern det, eller tilføj {year} i `years` i content/ministermaal/{}.md, hvis ministeren satte målet det år",
                            g.slug
                        ))
                    };
                    self.diags.push(d);
                }
                // The goal's own file failed to load and has its error.
                None if self
                    .broken
                    .contains(&format!("ministermaal/{}.md", name.value)) => {}
                None => {
                    let known: Vec<&str> = self
                        .site
                        .minister_goals
                        .iter()
                        .filter(|g| g.in_force(year))
                        .map(|g| g.slug.as_str())
                        .collect();
                    let all: Vec<&str> = self
                        .site
                        .minister_goals
                        .iter()
                        .map(|g| g.slug.as_str())
                        .collect();
                    let mut d = unknown_name(
                        "ministermål",
                        name,
                        &doc.file,
                        &doc.split.front,
                        known.iter().copied(),
                    );
                    if d.help.is_none()
                        && let Some(best) = did_you_mean(&name.value, all.iter().copied())
                    {
                        d = d.with_help(format!("mente du `{best}`?"));
                    }
                    if let Some(slug) = by_title::name_for_title(
                        &name.value,
                        self.site
                            .minister_goals
                            .iter()
                            .map(|g| (g.slug.as_str(), g.title.as_str(), g.short_title.as_str())),
                    ) {
                        d.help = Some(format!(
                            "det er titlen på et ministermål; skriv målets navn: `{slug}`"
                        ));
                    }
                    self.diags.push(d);
                }
            }
        }
        out.sort();
        out.into_iter().map(|(_, r)| r).collect()
    }

    pub(super) fn group_refs(&mut self, doc: &Doc, list: &[Loc<String>]) -> Vec<Ref> {
        let mut out: Vec<Ref> = Vec::new();
        for name in list {
            match self.groups.get(&name.value) {
                Some(&i) => {
                    let r = self.site.target_groups[i].as_ref();
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
                None if self
                    .broken
                    .contains(&format!("maalgrupper/{}.md", name.value)) => {}
                None => {
                    let known: Vec<String> = self
                        .site
                        .target_groups
                        .iter()
                        .map(|g| g.slug.clone())
                        .collect();
                    let mut d = unknown_name(
                        "målgruppe",
                        name,
                        &doc.file,
                        &doc.split.front,
                        known.iter().map(String::as_str),
                    );
                    if let Some(slug) = by_title::name_for_title(
                        &name.value,
                        self.site
                            .target_groups
                            .iter()
                            .map(|g| (g.slug.as_str(), g.title.as_str(), g.short_title.as_str())),
                    ) && slug != name.value
                    {
                        d.help = Some(format!(
                            "det er titlen på en målgruppe; skriv dens navn: `{slug}`"
                        ));
                    }
                    self.diags
                        .push(d.with_note("målgrupperne er filerne i content/maalgrupper/"));
                }
            }
        }
        out
    }
}
