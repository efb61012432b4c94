//! Linking: turns loaded documents into the plan domain — minister goals, target groups,
//! municipalities, plans with their goals, targets, chapters and initiatives — and
//! checks every reference between them.
//!
//! Every broken reference becomes one diagnostic pointing at the string in the file;
//! linking carries on past it so one run reports everything. What survives is
//! consistent: templates never meet a reference to something that does not exist.

mod by_title;
pub mod model;
mod origin;
pub mod placeholders;
pub mod results;
pub mod status;
mod views;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::front_matter::{Loc, PlanFront, TargetFront, unknown_name};
use crate::load::{Doc, Front, Place};
use crate::text::first_sentences;
use crate::text::html::escape;
use crate::text::slug::{is_slug, slugify};
pub use model::*;
pub use views::{
    CoverageCell, CoverageRow, CoverageYear, GoalYear, GroupPlan, PlanForGoal, coverage,
    goal_years, group_plans,
};

/// Site paths the engine generates itself; content may not take them.
pub const GENERATED: [&str; 4] = ["/overblik/", "/data/", "/soeg/", "/404/"];

struct Linker<'a> {
    docs: &'a [Doc],
    broken: &'a BTreeSet<String>,
    config: &'a Config,
    prefix: String,
    diags: &'a mut Diagnostics,
    goals: HashMap<String, usize>,
    groups: HashMap<String, usize>,
    site: Site,
}

pub fn link(
    docs: &[Doc],
    broken: &BTreeSet<String>,
    config: &Config,
    diags: &mut Diagnostics,
) -> Site {
    let mut l = Linker {
        docs,
        broken,
        config,
        prefix: config.path_prefix(),
        diags,
        goals: HashMap::new(),
        groups: HashMap::new(),
        site: Site {
            minister_goals: Vec::new(),
            target_groups: Vec::new(),
            municipalities: Vec::new(),
            plans: Vec::new(),
            pages: Vec::new(),
            years: Vec::new(),
        },
    };
    l.check_paths();
    placeholders::check(docs, l.diags);
    l.minister_goals();
    l.target_groups();
    l.municipalities();
    l.plans();
    l.pages();
    l.check_anchors();
    l.check_portal();
    l.site
}

impl Linker<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    /// Two files may not publish to the same URL, nor take one the engine generates.
    fn check_paths(&mut self) {
        let mut seen: HashMap<&str, &Doc> = HashMap::new();
        for doc in self.docs {
            if GENERATED.contains(&doc.path.as_str()) {
                self.diags.push(
                    Diagnostic::error(format!("`content/{}` ville erstatte den genererede side {}", doc.rel, doc.path))
                        .in_file(&doc.file)
                        .with_help("omdøb filen; disse stier er forbeholdt portalen: /overblik/, /data/, /soeg/, /404/"),
                );
            }
            if let Some(first) = seen.insert(&doc.path, doc) {
                self.diags.push(
                    Diagnostic::error(format!("to filer udgives til {}", doc.path))
                        .in_file(&doc.file)
                        .with_note(format!("`{}` udgives også dertil", first.file.path))
                        .with_help("omdøb den ene af dem"),
                );
            }
        }
    }

    fn minister_goals(&mut self) {
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
            self.goals
                .insert(slug.clone(), self.site.minister_goals.len());
            self.site.minister_goals.push(MinisterGoal {
                slug: slug.clone(),
                short_title: f.short_title.clone().unwrap_or_else(|| title.clone()),
                title,
                years,
                numbers,
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url: self.url(&doc.path),
                permalink: self.permalink(&doc.path),
                content: doc.md.html.clone(),
                weight: f.weight,
                doc: i,
            });
        }
        // Newest numbering first, then by slug: the order the minister lists them in.
        self.site.minister_goals.sort_by(|a, b| {
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
        self.goals = self
            .site
            .minister_goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
    }

    fn target_groups(&mut self) {
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::TargetGroup { slug }, Front::TargetGroup(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            self.site.target_groups.push(TargetGroup {
                slug: slug.clone(),
                title: f.title.clone(),
                short_title: f.short_title.clone().unwrap_or_else(|| f.title.clone()),
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url: self.url(&doc.path),
                permalink: self.permalink(&doc.path),
                content: doc.md.html.clone(),
                weight: f.weight,
                doc: i,
            });
        }
        self.site
            .target_groups
            .sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
        self.groups = self
            .site
            .target_groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
    }

    fn municipalities(&mut self) {
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
            self.site.municipalities.push(Municipality {
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
            });
        }
        self.site
            .municipalities
            .sort_by(|a, b| (&a.short_title, &a.slug).cmp(&(&b.short_title, &b.slug)));
    }

    /// Minister goals named in `list`, checked to exist and be in force in `year`.
    fn minister_refs(&mut self, doc: &Doc, list: &[Loc<String>], year: i32) -> Vec<Ref> {
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

    fn group_refs(&mut self, doc: &Doc, list: &[Loc<String>]) -> Vec<Ref> {
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

    fn check_id(
        &mut self,
        doc: &Doc,
        id: &Loc<String>,
        seen: &mut HashMap<String, (String, usize)>,
        what: &str,
    ) -> bool {
        let span = id.file_span(&doc.split.front, &doc.file.text);
        if !is_slug(&id.value) {
            let suggestion = slugify(&id.value);
            let mut d = Diagnostic::error(format!("`{}` er ikke et gyldigt id", id.value))
                .in_file(&doc.file)
                .at(span)
                .with_note("forventede små bogstaver a-z, cifre og enkelte bindestreger");
            if !suggestion.is_empty() {
                d = d.with_help(format!("skriv `{suggestion}`"));
            }
            self.diags.push(d);
            return false;
        }
        if let Some((path, offset)) = seen.get(&id.value) {
            // The line is found only for an error: finding it for every id made a chapter
            // of thousands of initiatives quadratic.
            let text = self
                .docs
                .iter()
                .find(|d| d.file.path == *path)
                .map_or(&doc.file.text, |d| &d.file.text);
            let (line, _) = crate::diagnostics::line_col(text, *offset);
            let place = if *path == doc.file.path {
                format!("på linje {line}")
            } else {
                format!("i {path} linje {line}")
            };
            self.diags.push(
                Diagnostic::error(format!("id'et `{}` er brugt to gange", id.value))
                    .in_file(&doc.file)
                    .at(span)
                    .with_label(format!("allerede brugt af {what} {place}"))
                    .with_help("giv hvert mål, resultatmål og hver indsats i en plan sit eget id"),
            );
            return false;
        }
        seen.insert(id.value.clone(), (doc.file.path.clone(), span.start));
        true
    }

    fn plans(&mut self) {
        // Chapters by plan, in file order (sorted by the walk).
        let mut chapters: BTreeMap<(String, i32), Vec<usize>> = BTreeMap::new();
        for (i, doc) in self.docs.iter().enumerate() {
            if let Place::Chapter {
                municipality, year, ..
            } = &doc.place
            {
                chapters
                    .entry((municipality.clone(), *year))
                    .or_default()
                    .push(i);
            }
        }
        let municipality_index: HashMap<String, usize> = self
            .site
            .municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.slug.clone(), i))
            .collect();

        let mut plan_keys = BTreeSet::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::Plan { municipality, year }, Front::Plan(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            plan_keys.insert((municipality.clone(), *year));
            let Some(&m) = municipality_index.get(municipality) else {
                if self
                    .broken
                    .contains(&format!("kommuner/{municipality}/_index.md"))
                {
                    continue; // its error is already reported
                }
                self.diags.push(
                    Diagnostic::error(format!("planens kommune `{municipality}` har ingen side"))
                        .in_file(&doc.file)
                        .with_help(format!(
                            "tilføj content/kommuner/{municipality}/_index.md med kommunens navn (`planportal new kommune` skriver den)"
                        )),
                );
                continue;
            };
            if f.year.value != *year {
                self.diags.push(
                    Diagnostic::error(format!(
                        "planens år er {}, men dens mappe er {year}",
                        f.year.value
                    ))
                    .in_file(&doc.file)
                    .at(f.year.file_span(&doc.split.front, &doc.file.text))
                    .with_help(format!(
                        "skriv `year = {year}`, eller flyt planen til en mappe med navnet {}",
                        f.year.value
                    )),
                );
            }
            let chapter_docs = chapters
                .get(&(municipality.clone(), *year))
                .cloned()
                .unwrap_or_default();
            let plan = self.plan(i, doc, f, m, *year, &chapter_docs);
            let index = self.site.plans.len();
            self.site.municipalities[m].plans.push(index);
            self.site.plans.push(plan);
        }
        for ((municipality, year), docs) in &chapters {
            let plan_is_broken = self
                .broken
                .contains(&format!("kommuner/{municipality}/{year}/_index.md"));
            if !plan_keys.contains(&(municipality.clone(), *year)) && !plan_is_broken {
                for &c in docs {
                    let doc = &self.docs[c];
                    self.diags.push(
                        Diagnostic::error("kapitlet hører ikke til nogen plan")
                            .in_file(&doc.file)
                            .with_help(format!(
                                "tilføj content/kommuner/{municipality}/{year}/_index.md til planen"
                            )),
                    );
                }
            }
        }
        let plans = &self.site.plans;
        for m in &mut self.site.municipalities {
            m.plans.sort_by_key(|&p| std::cmp::Reverse(plans[p].year));
        }
        let years: BTreeSet<i32> = self.site.plans.iter().map(|p| p.year).collect();
        self.site.years = years.into_iter().collect();
    }

    fn plan(
        &mut self,
        index: usize,
        doc: &Doc,
        f: &PlanFront,
        m: usize,
        year: i32,
        chapter_docs: &[usize],
    ) -> Plan {
        let municipality = &self.site.municipalities[m];
        let municipality_ref = Ref {
            slug: municipality.slug.clone(),
            title: municipality.title.clone(),
            url: municipality.url.clone(),
        };
        let municipality_name = municipality.short_title.clone();
        let plan_url = self.url(&doc.path);
        let mut ids: HashMap<String, (String, usize)> = HashMap::new();

        // Local goals.
        let mut goals: Vec<LocalGoal> = Vec::new();
        let mut goal_minister: HashMap<String, Vec<Ref>> = HashMap::new();
        for g in &f.goals {
            let ok = self.check_id(doc, &g.id, &mut ids, "et mål");
            let minister_goals = self.minister_refs(doc, &g.minister_goals, year);
            let target_groups = self.group_refs(doc, &g.target_groups);
            if !ok {
                continue;
            }
            goal_minister.insert(g.id.value.clone(), minister_goals.clone());
            goals.push(LocalGoal {
                id: g.id.value.clone(),
                title: g.title.clone(),
                description: g.description.clone(),
                url: format!("{plan_url}#{}", g.id.value),
                minister_goals,
                target_groups,
                targets: Vec::new(),
            });
        }
        let goal_ids: Vec<String> = goals.iter().map(|g| g.id.clone()).collect();

        // Chapters (their slugs are needed by targets' `chapter`).
        let chapter_slugs: Vec<String> = chapter_docs
            .iter()
            .filter_map(|&c| match &self.docs[c].place {
                Place::Chapter { slug, .. } => Some(slug.clone()),
                _ => None,
            })
            .collect();
        // Chapters that failed to load still count as existing, for references to them.
        let broken_chapters: Vec<String> = self
            .broken
            .iter()
            .filter_map(|rel| match crate::load::place_of(rel) {
                Ok(Place::Chapter {
                    municipality: m,
                    year: y,
                    slug,
                    ..
                }) if m == municipality_ref.slug && y == year => Some(slug),
                _ => None,
            })
            .collect();

        // Targets.
        let mut targets = Vec::new();
        for t in &f.targets {
            let ok = self.check_id(doc, &t.id, &mut ids, "et resultatmål");
            let goal = t
                .goal
                .as_ref()
                .and_then(|g| self.local_goal_ref(doc, g, &goal_ids));
            let own = self.minister_refs(doc, &t.minister_goals, year);
            let served: Vec<Ref> = goal.iter().map(|g| local_ref(&goals, g)).collect();
            let links = origin::links(
                &origin::Sources {
                    own: &own,
                    local_goals: &served,
                    goal_minister: &goal_minister,
                    chapter: &[],
                },
                self.goal_order(year),
            );
            let target_groups = self.group_refs(doc, &t.target_groups);
            let chapter = t.chapter.as_ref().and_then(|c| {
                if broken_chapters.contains(&c.value) {
                    None
                } else if chapter_slugs.contains(&c.value) {
                    Some(Ref {
                        slug: c.value.clone(),
                        title: String::new(),
                        url: format!("{plan_url}{}/", c.value),
                    })
                } else {
                    let d = unknown_name(
                        "kapitel",
                        c,
                        &doc.file,
                        &doc.split.front,
                        chapter_slugs.iter().map(String::as_str),
                    );
                    self.diags
                        .push(d.with_note("et kapitel hedder som sin fil uden nummeret foran"));
                    None
                }
            });
            if t.value.is_none() && t.comparison.is_none() {
                self.diags.push(
                    Diagnostic::warning(format!("resultatmålet `{}` har hverken et tal eller en sammenligning", t.id.value))
                        .in_file(&doc.file)
                        .at(t.id.file_span(&doc.split.front, &doc.file.text))
                        .with_help("tilføj `value` (med `unit` og `direction`) eller `comparison = \"bedre end landsgennemsnittet\"`"),
                );
            }
            if !ok {
                continue;
            }
            let goal_title = goal
                .as_ref()
                .and_then(|g| goals.iter().find(|lg| &lg.id == g))
                .map(|g| g.title.clone());
            targets.push(self.target(
                t,
                &municipality_ref,
                &municipality_name,
                year,
                &plan_url,
                goal,
                goal_title,
                links,
                target_groups,
                chapter,
            ));
        }
        for (i, t) in targets.iter().enumerate() {
            if let Some(g) = &t.goal
                && let Some(lg) = goals.iter_mut().find(|lg| &lg.id == g)
            {
                lg.targets.push(targets[i].id.clone());
            }
        }

        // Notes about minister goals the plan sets no target for.
        let mut notes = Vec::new();
        for n in &f.minister_goal_notes {
            let refs = self.minister_refs(doc, std::slice::from_ref(&n.minister_goal), year);
            if let Some(r) = refs.into_iter().next() {
                notes.push(Note {
                    minister_goal: r,
                    text: n.text.clone(),
                });
            }
        }

        // Chapters and their initiatives.
        let mut chapters = Vec::new();
        let mut initiatives = Vec::new();
        let mut initiative_ids: HashMap<String, (String, usize)> = HashMap::new();
        for &c in chapter_docs {
            let cdoc = &self.docs[c];
            let (Place::Chapter { slug, prefix, .. }, Front::Chapter(cf)) =
                (&cdoc.place, &cdoc.front)
            else {
                continue;
            };
            let chapter_url = self.url(&cdoc.path);
            let minister_goals = self.minister_refs(cdoc, &cf.minister_goals, year);
            let chapter_goals: Vec<Ref> = cf
                .goals
                .iter()
                .filter_map(|g| self.local_goal_ref(cdoc, g, &goal_ids))
                .map(|id| local_ref(&goals, &id))
                .collect();
            let target_groups = self.group_refs(cdoc, &cf.target_groups);
            let chapter_ref = Ref {
                slug: slug.clone(),
                title: cf.title.clone(),
                url: chapter_url.clone(),
            };
            let mut chapter_initiatives = Vec::new();
            // The first heading with each key, and each heading by id: one lookup per
            // initiative, not a scan (a chapter of 20,000 initiatives took minutes).
            let mut heading_keys: HashMap<String, usize> = HashMap::new();
            let mut heading_ids: HashMap<&str, usize> = HashMap::new();
            for (i, h) in cdoc.md.headings.iter().enumerate() {
                heading_keys
                    .entry(crate::load::markdown::heading_key(&h.text))
                    .or_insert(i);
                heading_ids.entry(h.id.as_str()).or_insert(i);
            }
            for init in &cf.initiatives {
                let heading = init.heading.as_ref().unwrap_or(&init.title);
                let key = crate::load::markdown::heading_key(&heading.value);
                let found = heading_keys
                    .get(&key)
                    .map(|&i| &cdoc.md.headings[i])
                    .or_else(|| {
                        // Named by anchor; an explicit `id` may have renamed the heading.
                        let explicit = init.id.as_ref().map(|i| i.value.as_str());
                        let by_name = heading_ids.get(heading.value.as_str()).copied();
                        let by_id = explicit.and_then(|e| heading_ids.get(e).copied());
                        let first = match (by_name, by_id) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            (a, b) => a.or(b),
                        };
                        first.map(|i| &cdoc.md.headings[i])
                    });
                let Some(found) = found else {
                    let known: Vec<&str> =
                        cdoc.md.headings.iter().map(|h| h.text.as_str()).collect();
                    let mut d = Diagnostic::error(format!(
                        "indsatsens overskrift `{}` findes ikke i kapitlet",
                        heading.value
                    ))
                    .in_file(&cdoc.file)
                    .at(heading.file_span(&cdoc.split.front, &cdoc.file.text))
                    .with_label("ingen overskrift i kapitlets tekst lyder sådan")
                    .with_note("en indsats hører til en overskrift (`## …`) i kapitlets tekst");
                    d = match did_you_mean(&heading.value, known.iter().copied()) {
                        Some(best) => d.with_help(format!("mente du `{best}`?")),
                        None => d.with_help(format!(
                            "tilføj overskriften `## {}`, hvor indsatsen beskrives",
                            heading.value
                        )),
                    };
                    self.diags.push(d);
                    continue;
                };
                let id_loc = match &init.id {
                    Some(id) => id.clone(),
                    None => {
                        let mut l = init.title.clone();
                        l.value = found.id.clone();
                        l
                    }
                };
                if !self.check_id(cdoc, &id_loc, &mut initiative_ids, "en indsats") {
                    continue;
                }
                let own_goals: Vec<Ref> = match &init.goals {
                    Some(list) => list
                        .iter()
                        .filter_map(|g| self.local_goal_ref(cdoc, g, &goal_ids))
                        .map(|id| local_ref(&goals, &id))
                        .collect(),
                    None => chapter_goals.clone(),
                };
                // An empty list is the plan saying "no minister goal": it stops the
                // chapter's goals from being inherited and silences the warning below.
                let own_mg = match &init.minister_goals {
                    Some(list) => self.minister_refs(cdoc, list, year),
                    None => Vec::new(),
                };
                let inherited: &[Ref] = if cf.initiatives_inherit && init.minister_goals.is_none() {
                    &minister_goals
                } else {
                    &[]
                };
                let links = origin::links(
                    &origin::Sources {
                        own: &own_mg,
                        local_goals: &own_goals,
                        goal_minister: &goal_minister,
                        chapter: inherited,
                    },
                    self.goal_order(year),
                );
                let mg: Vec<Ref> = links.iter().map(|l| l.minister_goal.clone()).collect();
                let groups = match &init.target_groups {
                    Some(list) => self.group_refs(cdoc, list),
                    None => target_groups.clone(),
                };
                let title_span = init.title.file_span(&cdoc.split.front, &cdoc.file.text);
                // A local goal without minister goals is the plan's own structure: the
                // initiative serves it, and that is an answer, not an omission.
                if mg.is_empty()
                    && init.minister_goals.is_none()
                    && own_goals.is_empty()
                    && self.any_in_force(year)
                {
                    self.diags.push(
                        Diagnostic::warning(format!("indsatsen `{}` er ikke knyttet til noget ministermål", init.title.value))
                            .in_file(&cdoc.file)
                            .at(title_span.clone())
                            .with_help("tilføj `minister_goals` til indsatsen, eller knyt den til et lokalt mål med `goals = [...]`; knytter planen den ikke til noget, så skriv `minister_goals = []`"),
                    );
                }
                let only_chapter: Vec<&str> = links
                    .iter()
                    .filter(|l| l.origin == origin::CHAPTER)
                    .map(|l| l.minister_goal.slug.as_str())
                    .collect();
                if !only_chapter.is_empty() {
                    self.diags.push(
                        Diagnostic::warning(format!(
                            "indsatsen `{}` er kun knyttet til {} gennem kapitlets liste",
                            init.title.value,
                            only_chapter.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                        ))
                        .in_file(&cdoc.file)
                        .at(title_span)
                        .with_note("kapitlet giver sine ministermål videre (`initiatives_inherit = true`), men hverken indsatsen selv eller dens lokale mål nævner dem")
                        .with_help(format!(
                            "knytter planen indsatsen til målet, så skriv `minister_goals = [\"{}\"]` ved indsatsen; ellers skriv `minister_goals = []` eller fjern `initiatives_inherit`",
                            only_chapter.join("\", \"")
                        )),
                    );
                }
                chapter_initiatives.push(initiatives.len());
                initiatives.push(Initiative {
                    uid: format!("{}-{year}-{}", municipality_ref.slug, id_loc.value),
                    url: format!("{chapter_url}#{}", found.id),
                    anchor: found.id.clone(),
                    id: id_loc.value.clone(),
                    title: init.title.value.clone(),
                    kind: init.kind.danish(),
                    summary: init.summary.clone(),
                    municipality: municipality_ref.slug.clone(),
                    municipality_name: municipality_name.clone(),
                    year,
                    plan_url: plan_url.clone(),
                    chapter: chapter_ref.clone(),
                    minister_goals: mg,
                    links,
                    target_groups: groups,
                    goals: own_goals,
                });
            }
            self.chapter_lists(
                cdoc,
                cf,
                slug,
                &chapter_initiatives
                    .iter()
                    .map(|&i| &initiatives[i])
                    .collect::<Vec<_>>(),
                &targets,
            );
            let content = fill_initiative_marks(
                &cdoc.md.html,
                chapter_initiatives.iter().map(|&i| &initiatives[i]),
            );
            chapters.push(Chapter {
                slug: slug.clone(),
                title: cf.title.clone(),
                weight: cf.weight.or(*prefix).unwrap_or(0),
                description: cf
                    .description
                    .clone()
                    .unwrap_or_else(|| cdoc.md.first_paragraph.clone()),
                url: chapter_url,
                permalink: self.permalink(&cdoc.path),
                content: content.into(),
                toc: cdoc.md.headings.clone(),
                has_code: cdoc.md.has_code,
                minister_goals,
                goals: chapter_goals,
                target_groups,
                initiatives: chapter_initiatives,
                doc: c,
            });
        }
        chapters.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
        for t in &mut targets {
            if let Some(c) = &mut t.chapter
                && let Some(ch) = chapters.iter().find(|ch| ch.slug == c.slug)
            {
                c.title = ch.title.clone();
            }
        }

        // Anchors on the plan page must not collide with the plan text's headings.
        for h in &doc.md.headings {
            if ids.contains_key(&h.id) || h.id.starts_with("ministermaal-") {
                self.diags.push(
                    Diagnostic::error(format!(
                        "overskriftens anker `#{}` er også id for et mål eller resultatmål",
                        h.id
                    ))
                    .in_file(&doc.file)
                    .at(h.offset..h.offset + h.text.len())
                    .with_help("giv målet eller resultatmålet et andet id"),
                );
            }
        }

        if f.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            self.diags.push(
                Diagnostic::warning("planen har intet resumé")
                    .in_file(&doc.file)
                    .at(0..3)
                    .with_help(
                        "tilføj `summary = \"…\"`: tre til fem sætninger på almindeligt dansk",
                    ),
            );
        }

        let mut plan = Plan {
            id: format!("{}-{year}", municipality_ref.slug),
            municipality: municipality_ref,
            municipality_name,
            year,
            title: f.title.clone(),
            permalink: self.permalink(&doc.path),
            url: plan_url,
            adopted: f.adopted.map(|d| d.to_string()),
            adopted_text: f.adopted.map(|d| d.danish()),
            source: f
                .source
                .as_ref()
                .and_then(|s| self.web_address(doc, "source", s))
                .map(|s| self.site_url(&s)),
            source_title: f.source_title.clone(),
            summary: f.summary.as_deref().map(crate::text::html::inline_markdown),
            summary_author: f.summary_author.clone(),
            updated: f.updated.map(|d| d.to_string()),
            updated_text: f.updated.map(|d| d.danish()),
            jobcenter_contact: f.jobcenter_contact.clone(),
            source_note: f.source_note.clone(),
            description: f
                .description
                .clone()
                .or_else(|| f.summary.as_ref().map(|s| first_sentences(s, 300)))
                .unwrap_or_else(|| doc.md.first_paragraph.clone()),
            content: doc.md.html.clone(),
            goals,
            targets,
            initiatives,
            chapters,
            notes,
            goal_map: Vec::new(),
            addressed: Vec::new(),
            national_goals: false,
            results: PlanResults::default(),
            doc: index,
        };
        views::goal_map(&mut plan, &self.site.minister_goals);
        if plan.addressed.is_empty() && self.any_in_force(year) {
            self.diags.push(
                Diagnostic::warning(format!("planen svarer ikke på nogen af ministermålene for {year}"))
                    .in_file(&doc.file)
                    .at(f.year.file_span(&doc.split.front, &doc.file.text))
                    .with_help("knyt lokale mål, resultatmål, kapitler eller indsatser til ministermålene med `minister_goals = [...]`"),
            );
        }
        plan
    }

    /// A link written in front matter (`website`, `source`): a web address or a path on
    /// the site. Anything else, `javascript:` above all, would be a link that runs
    /// script on a public site, so it is an error.
    fn web_address(&mut self, doc: &Doc, field: &str, url: &Loc<String>) -> Option<String> {
        let value = url.value.trim();
        let lower = value.to_ascii_lowercase();
        let ok = ["https://", "http://", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p))
            || (value.starts_with('/') && !value.starts_with("//"));
        // Browsers read `\` as `/`, so `/\evil.example` is `//evil.example`: another host.
        if ok && !value.chars().any(|c| c.is_control() || c == '\\') {
            return Some(value.to_string());
        }
        self.diags.push(
            Diagnostic::error(format!(
                "`{field}` skal være en webadresse eller en sti på sitet"
            ))
            .in_file(&doc.file)
            .at(url.file_span(&doc.split.front, &doc.file.text))
            .with_label("ikke et link, en læser trygt kan følge")
            .with_note("forventede https://…, http://…, mailto:… eller en sti som /kilder/plan.pdf")
            .with_help(if lower.starts_with("www.") {
                format!("skriv `https://{value}`")
            } else {
                "skriv hele adressen, så den begynder med https://".to_string()
            }),
        );
        None
    }

    /// A public site in Denmark links to its accessibility statement, made in the
    /// WAS-Tool: a portal without one is warned about.
    fn check_portal(&mut self) {
        if self
            .config
            .portal
            .accessibility_statement
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            self.diags.push(
                Diagnostic::warning("portalen har ingen tilgængelighedserklæring")
                    .with_note("et offentligt websted skal linke til sin tilgængelighedserklæring, som laves i Digitaliseringsstyrelsens WAS-Tool")
                    .with_help("skriv adressen i config.toml:\n[portal]\naccessibility_statement = \"https://www.was.digst.dk/…\""),
            );
        }
    }

    /// Whether the minister set any goal for `year` (none after the framework ended).
    fn any_in_force(&self, year: i32) -> bool {
        self.site.minister_goals.iter().any(|g| g.in_force(year))
    }

    /// Orders minister goals the way `year` numbers them.
    fn goal_order(&self, year: i32) -> impl Fn(&Ref) -> (u32, String) + '_ {
        move |r: &Ref| {
            let n = self
                .goals
                .get(&r.slug)
                .and_then(|&i| self.site.minister_goals[i].number_in(year));
            (n.unwrap_or(u32::MAX), r.slug.clone())
        }
    }

    /// A chapter with initiatives or targets that lists a minister goal or a local goal
    /// none of them serves claims work the chapter does not show: a warning. A chapter
    /// with neither (an introduction, the minister's goals explained) only describes.
    fn chapter_lists(
        &mut self,
        cdoc: &Doc,
        cf: &crate::load::front_matter::ChapterFront,
        slug: &str,
        initiatives: &[&Initiative],
        targets: &[Target],
    ) {
        let targets: Vec<&Target> = targets
            .iter()
            .filter(|t| t.chapter.as_ref().is_some_and(|c| c.slug == slug))
            .collect();
        if initiatives.is_empty() && targets.is_empty() {
            return;
        }
        let mut unserved = Vec::new();
        for g in &cf.minister_goals {
            let served = initiatives
                .iter()
                .any(|i| i.minister_goals.iter().any(|r| r.slug == g.value))
                || targets
                    .iter()
                    .any(|t| t.minister_goals.iter().any(|r| r.slug == g.value));
            if !served && self.goals.contains_key(&g.value) {
                unserved.push(("ministermålet", g));
            }
        }
        for g in &cf.goals {
            let served = initiatives
                .iter()
                .any(|i| i.goals.iter().any(|r| r.slug == g.value))
                || targets
                    .iter()
                    .any(|t| t.goal.as_deref() == Some(g.value.as_str()));
            if !served {
                unserved.push(("det lokale mål", g));
            }
        }
        for (what, g) in unserved {
            self.diags.push(
                Diagnostic::warning(format!(
                    "kapitlet nævner {what} `{}`, men ingen af dets indsatser eller resultatmål svarer på det",
                    g.value
                ))
                .in_file(&cdoc.file)
                .at(g.file_span(&cdoc.split.front, &cdoc.file.text))
                .with_label("ingen indsats eller resultatmål i kapitlet er knyttet hertil")
                .with_help("fjern det fra kapitlets liste, eller knyt de indsatser, planen knytter til det, med `minister_goals` eller `goals` ved indsatsen"),
            );
        }
    }

    /// Site paths in front matter (`/kilder/x.txt`) get the base URL's prefix.
    fn site_url(&self, s: &str) -> String {
        if s.starts_with('/') && !s.starts_with("//") {
            self.url(s)
        } else {
            s.to_string()
        }
    }

    fn local_goal_ref(
        &mut self,
        doc: &Doc,
        name: &Loc<String>,
        goal_ids: &[String],
    ) -> Option<String> {
        if goal_ids.contains(&name.value) {
            return Some(name.value.clone());
        }
        let d = unknown_name(
            "lokalt mål",
            name,
            &doc.file,
            &doc.split.front,
            goal_ids.iter().map(String::as_str),
        );
        self.diags
            .push(d.with_note("de lokale mål er `[[goals]]` i planens _index.md"));
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn target(
        &self,
        t: &TargetFront,
        municipality: &Ref,
        municipality_name: &str,
        year: i32,
        plan_url: &str,
        goal: Option<String>,
        goal_title: Option<String>,
        links: Vec<GoalLink>,
        target_groups: Vec<Ref>,
        chapter: Option<Ref>,
    ) -> Target {
        let unit = t.unit.as_deref();
        let value_text = t.value.map(|v| {
            let words = t.direction.map_or("", |d| d.danish());
            let v = with_unit(v, unit);
            if words.is_empty() {
                v
            } else {
                format!("{words} {v}")
            }
        });
        let baseline_text = match (t.baseline, t.baseline_at) {
            (Some(b), Some(at)) => Some(format!("{} ({})", with_unit(b, unit), at.danish())),
            (Some(b), None) => Some(with_unit(b, unit)),
            (None, Some(at)) => Some(format!("niveauet i {}", at.danish())),
            (None, None) => None,
        };
        Target {
            uid: format!("{}-{year}-{}", municipality.slug, t.id.value),
            id: t.id.value.clone(),
            municipality: municipality.slug.clone(),
            municipality_name: municipality_name.to_string(),
            year,
            plan_url: plan_url.to_string(),
            url: format!("{plan_url}#{}", t.id.value),
            label: t.label.clone(),
            text: t.text.trim().to_string(),
            goal,
            goal_title,
            minister_goals: links.iter().map(|l| l.minister_goal.clone()).collect(),
            links,
            target_groups,
            indicator: t.indicator.clone(),
            unit: t.unit.clone(),
            value: t.value,
            direction: t.direction.map(|d| match d {
                crate::load::front_matter::Direction::AtLeast => "at-least",
                crate::load::front_matter::Direction::AtMost => "at-most",
                crate::load::front_matter::Direction::Exactly => "exactly",
                crate::load::front_matter::Direction::IncreaseBy => "increase-by",
                crate::load::front_matter::Direction::DecreaseBy => "decrease-by",
            }),
            deadline: t.deadline.map(|d| d.to_string()),
            deadline_text: t.deadline.map(|d| d.danish()),
            baseline: t.baseline,
            baseline_at: t.baseline_at.map(|d| d.to_string()),
            comparison: t.comparison.clone(),
            note: t.note.clone(),
            chapter,
            value_text,
            baseline_text,
            results: Vec::new(),
            latest: None,
            status: Status::NoData,
            status_label: Status::NoData.label(),
            status_reason: String::new(),
            chart: None,
        }
    }

    fn pages(&mut self) {
        let mut pages = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let Front::Page(f) = &doc.front else { continue };
            pages.push(Page {
                title: f.title.clone(),
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url: self.url(&doc.path),
                permalink: self.permalink(&doc.path),
                path: doc.path.clone(),
                content: doc.md.html.clone(),
                toc: doc.md.headings.clone(),
                weight: f.weight,
                has_code: doc.md.has_code,
                is_section: doc.place == Place::Section,
                extra: f.extra.clone(),
                relative_path: doc.rel.clone(),
                pages: Vec::new(),
                template: f.template.as_ref().map(|t| t.value.clone()),
                doc: i,
            });
        }
        // A section lists the ordinary pages directly inside its folder.
        let children: Vec<(String, i64, PageRef)> = pages
            .iter()
            .filter(|p| !p.is_section)
            .map(|p| {
                let folder = p
                    .relative_path
                    .rsplit_once('/')
                    .map_or("", |(f, _)| f)
                    .to_string();
                (
                    folder,
                    p.weight,
                    PageRef {
                        title: p.title.clone(),
                        description: p.description.clone(),
                        url: p.url.clone(),
                    },
                )
            })
            .collect();
        for p in pages.iter_mut().filter(|p| p.is_section) {
            let folder = p
                .relative_path
                .trim_end_matches("_index.md")
                .trim_end_matches('/');
            let mut kids: Vec<(i64, PageRef)> = children
                .iter()
                .filter(|(f, _, _)| f == folder)
                .map(|(_, w, r)| (*w, r.clone()))
                .collect();
            kids.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
            p.pages = kids.into_iter().map(|(_, r)| r).collect();
        }
        self.site.pages = pages;
    }

    /// Every `@/path#anchor` link must land on a heading or a domain anchor of its target.
    fn check_anchors(&mut self) {
        let anchors = Anchors::new(self.docs, &self.site);
        for doc in self.docs {
            self.diags.extend(anchors.check(doc));
        }
    }
}

/// The anchors every linkable document offers: its headings, and on a plan's page its
/// goals, targets and goal-map entries.
pub struct Anchors<'a> {
    by_rel: HashMap<&'a str, &'a Doc>,
    extra: HashMap<&'a str, Vec<String>>,
}

impl<'a> Anchors<'a> {
    pub fn new(docs: &'a [Doc], site: &Site) -> Self {
        let by_rel: HashMap<&str, &Doc> = docs.iter().map(|d| (d.rel.as_str(), d)).collect();
        let mut extra: HashMap<&str, Vec<String>> = HashMap::new();
        for plan in &site.plans {
            let Some(doc) = docs.get(plan.doc) else {
                continue;
            };
            let anchors = extra.entry(doc.rel.as_str()).or_default();
            anchors.extend(plan.goals.iter().map(|g| g.id.clone()));
            anchors.extend(plan.targets.iter().map(|t| t.id.clone()));
            anchors.extend(plan.goal_map.iter().map(|e| e.anchor.clone()));
            anchors.extend(["maalkort", "resultatmaal", "kapitler", "resume"].map(String::from));
        }
        Anchors { by_rel, extra }
    }

    /// A diagnostic for every `@/…#anchor` link in `doc` whose anchor does not exist.
    pub fn check(&self, doc: &Doc) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for link in &doc.md.links {
            let Some(anchor) = &link.anchor else { continue };
            let Some(target) = self.by_rel.get(link.path.as_str()) else {
                continue;
            };
            // A plan left out for another error has no goals or targets to link to.
            if matches!(target.place, Place::Plan { .. })
                && !self.extra.contains_key(link.path.as_str())
            {
                continue;
            }
            // A document re-rendered since linking offers its new headings.
            let headings = if target.rel == doc.rel {
                &doc.md.headings
            } else {
                &target.md.headings
            };
            let mut known: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
            if let Some(more) = self.extra.get(link.path.as_str()) {
                known.extend(more.iter().map(String::as_str));
            }
            if known.contains(&anchor.as_str()) {
                continue;
            }
            let mut d = Diagnostic::error(format!(
                "link til et anker, der ikke findes: `#{anchor}` i `@/{}`",
                link.path
            ))
            .in_file(&doc.file)
            .at(link.span.clone())
            .with_label("siden har ingen overskrift eller noget andet med dette id");
            d = match did_you_mean(anchor, known.iter().copied()) {
                Some(best) => d.with_help(format!("mente du `#{best}`?")),
                None if !known.is_empty() => {
                    d.with_note(format!("sidens ankre: {}", known.join(", ")))
                }
                None => d.with_note("siden har ingen overskrifter"),
            };
            out.push(d);
        }
        out
    }
}

/// Replaces each `<!--initiative:ANCHOR-->` mark the Markdown stage left after an
/// initiative's heading with what the reader should see there, in one pass.
pub(crate) fn fill_initiative_marks<'a>(
    html: &str,
    initiatives: impl Iterator<Item = &'a Initiative>,
) -> String {
    const MARK: &str = "<!--initiative:";
    let mut by_anchor: HashMap<&str, Vec<&Initiative>> = HashMap::new();
    for i in initiatives {
        by_anchor.entry(i.anchor.as_str()).or_default().push(i);
    }
    let mut out = String::with_capacity(html.len() + by_anchor.len() * 200);
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let Some(end) = after.find("-->") else {
            out.push_str(&rest[at..]);
            return out;
        };
        if let Some(here) = by_anchor.get(&after[..end]) {
            out.push_str(&initiative_meta(here));
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// What follows an initiative's heading: its minister goals and target groups, or,
/// when several initiatives share the heading, a list of them.
fn initiative_meta(here: &[&Initiative]) -> String {
    let links = |refs: &[Ref]| {
        refs.iter()
            .map(|r| format!("<a href=\"{}\">{}</a>", escape(&r.url), escape(&r.title)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let meta = |i: &Initiative| {
        let mut parts = Vec::new();
        if !i.links.is_empty() {
            let goals: Vec<String> = i
                .links
                .iter()
                .map(|l| {
                    format!(
                        "<a href=\"{}\">{}</a> <span class=\"link-origin\">({})</span>",
                        escape(&l.minister_goal.url),
                        escape(&l.minister_goal.title),
                        escape(&l.text)
                    )
                })
                .collect();
            parts.push(format!("Ministermål: {}", goals.join(", ")));
        }
        // The local goals it serves: the plan's own answer, also where no minister
        // goal stands behind them.
        if !i.goals.is_empty() {
            parts.push(format!("Kommunens mål: {}", links(&i.goals)));
        }
        if !i.target_groups.is_empty() {
            parts.push(format!("Målgrupper: {}", links(&i.target_groups)));
        }
        parts.join(" · ")
    };
    match here {
        [] => String::new(),
        [one] => {
            let m = meta(one);
            if m.is_empty() {
                m
            } else {
                format!("<p class=\"initiative-meta\">{m}</p>")
            }
        }
        many => {
            let items: String = many
                .iter()
                .map(|i| {
                    let m = meta(i);
                    let m = if m.is_empty() {
                        m
                    } else {
                        format!("<br><span class=\"initiative-meta\">{m}</span>")
                    };
                    format!(
                        "<li id=\"{}\"><span class=\"initiative-kind\">{}</span> {}{m}</li>",
                        escape(&i.id),
                        i.kind,
                        escape(&i.title)
                    )
                })
                .collect();
            format!("<ul class=\"initiatives initiative-group\">{items}</ul>")
        }
    }
}

fn local_ref(goals: &[LocalGoal], id: &str) -> Ref {
    let g = goals.iter().find(|g| g.id == id);
    Ref {
        slug: id.to_string(),
        title: g.map(|g| g.title.clone()).unwrap_or_default(),
        url: g.map(|g| g.url.clone()).unwrap_or_default(),
    }
}

fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
