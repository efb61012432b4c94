//! A plan: its local goals, its result targets with what each serves, its notes on
//! minister goals it sets no target for, and (through `chapter.rs`) its chapters and
//! initiatives; then the plan's own checks and its goal map.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::front_matter::{PlanFront, TargetFront, unknown_name};
use crate::load::{Doc, Front, Place};
use crate::text::first_sentences;

use super::*;

impl Linker<'_> {
    pub(super) fn plans(&mut self) {
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

        // Each plan is checked against the site's goals, groups and municipalities,
        // and linked on its own: in parallel, with its own diagnostics, which are then
        // reported in the plans' order as if linked one after another.
        let mut plan_keys = BTreeSet::new();
        let mut work = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let (Place::Plan { municipality, year }, Front::Plan(f)) = (&doc.place, &doc.front)
            else {
                continue;
            };
            plan_keys.insert((municipality.clone(), *year));
            let mut first = Vec::new();
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
                first.push(
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
            work.push((i, f, m, *year, chapter_docs, first));
        }
        let linked: Vec<(usize, Plan, Diagnostics)> = work
            .into_par_iter()
            .map(|(i, f, m, year, chapter_docs, first)| {
                let mut diags = Diagnostics::default();
                diags.extend(first);
                let plan =
                    self.for_one_plan(&mut diags)
                        .plan(i, &self.docs[i], f, m, year, &chapter_docs);
                (m, plan, diags)
            })
            .collect();
        for (m, plan, diags) in linked {
            self.diags.extend(diags);
            let index = self.site.plans.len();
            let site = self.site.to_mut();
            site.municipalities[m].plans.push(index);
            site.plans.push(plan);
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
        let site = self.site.to_mut();
        let plans = &site.plans;
        for m in &mut site.municipalities {
            m.plans.sort_by_key(|&p| std::cmp::Reverse(plans[p].year));
        }
        let years: BTreeSet<i32> = site.plans.iter().map(|p| p.year).collect();
        site.years = years.into_iter().collect();
    }

    /// A linker for one plan, reporting to `diags`: it borrows the goals, groups and
    /// municipalities from this one, which linking a plan only reads.
    fn for_one_plan<'b>(&'b self, diags: &'b mut Diagnostics) -> Linker<'b> {
        Linker {
            docs: self.docs,
            broken: self.broken,
            config: self.config,
            prefix: self.prefix.clone(),
            diags,
            goals: Cow::Borrowed(&self.goals),
            groups: Cow::Borrowed(&self.groups),
            site: Cow::Borrowed(&self.site),
        }
    }
}

/// What the parts of one plan share while they are linked: whose plan it is, its
/// address, the ids taken so far, and its local goals (targets, chapters and
/// initiatives name them).
pub(super) struct PlanScope {
    pub(super) municipality: Ref,
    /// The municipality's slug and short name and the plan's URL, as every target and
    /// initiative of the plan shares them.
    pub(super) municipality_slug: std::sync::Arc<str>,
    pub(super) municipality_name: std::sync::Arc<str>,
    pub(super) plan_url: std::sync::Arc<str>,
    pub(super) year: i32,
    /// Every goal and target id of the plan, with the file and offset that took it.
    pub(super) ids: HashMap<String, (String, usize)>,
    pub(super) goals: Vec<LocalGoal>,
    pub(super) goal_ids: Vec<String>,
    /// Each local goal as the targets and initiatives serving it name it, made once.
    pub(super) goal_refs: Vec<Ref>,
    /// Each local goal's minister goals, for what serves the goal.
    pub(super) goal_minister: HashMap<String, Vec<Ref>>,
}

impl PlanScope {
    /// The local goal `id` as a reference.
    pub(super) fn goal_ref(&self, id: &str) -> Ref {
        match self.goal_ids.iter().position(|g| g == id) {
            Some(i) => self.goal_refs[i].clone(),
            None => Ref::new(id.to_string(), String::new(), String::new()),
        }
    }
}

impl Linker<'_> {
    pub(super) fn plan(
        &mut self,
        index: usize,
        doc: &Doc,
        f: &PlanFront,
        m: usize,
        year: i32,
        chapter_docs: &[usize],
    ) -> Plan {
        let mut scope = self.plan_scope(doc, f, m, year);
        let mut targets = self.targets(doc, f, &mut scope, chapter_docs);
        for (i, t) in targets.iter().enumerate() {
            if let Some(g) = &t.goal
                && let Some(lg) = scope.goals.iter_mut().find(|lg| &lg.id == g)
            {
                lg.targets.push(targets[i].id.clone());
            }
        }
        let notes = self.notes(doc, f, year);
        let (chapters, initiatives) = self.chapters(chapter_docs, &scope, &targets);
        for t in &mut targets {
            if let Some(c) = &mut t.chapter
                && let Some(ch) = chapters.iter().find(|ch| ch.slug == c.slug)
            {
                *c = Ref::new(c.slug.clone(), ch.title.clone(), c.url.clone());
            }
        }
        self.check_plan_page(doc, f, &scope.ids);

        let PlanScope {
            municipality,
            municipality_name,
            plan_url,
            goals,
            ..
        } = scope;
        let mut plan = Plan {
            id: format!("{}-{year}", municipality.slug),
            municipality,
            municipality_name: municipality_name.to_string(),
            year,
            title: f.title.clone(),
            permalink: self.permalink(&doc.path),
            url: plan_url.to_string(),
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
        fit(&mut plan);
        plan
    }

    /// Whose plan it is, and its local goals.
    fn plan_scope(&mut self, doc: &Doc, f: &PlanFront, m: usize, year: i32) -> PlanScope {
        let municipality = &self.site.municipalities[m];
        let mut scope = PlanScope {
            municipality: Ref::new(
                municipality.slug.clone(),
                municipality.title.clone(),
                municipality.url.clone(),
            ),
            municipality_slug: municipality.slug.as_str().into(),
            municipality_name: municipality.short_title.as_str().into(),
            plan_url: self.url(&doc.path).into(),
            year,
            ids: HashMap::new(),
            goals: Vec::new(),
            goal_ids: Vec::new(),
            goal_refs: Vec::new(),
            goal_minister: HashMap::new(),
        };
        for g in &f.goals {
            let ok = self.check_id(doc, &g.id, &mut scope.ids, "et mål");
            let minister_goals = self.minister_refs(doc, &g.minister_goals, year);
            let target_groups = self.group_refs(doc, &g.target_groups);
            if !ok {
                continue;
            }
            scope
                .goal_minister
                .insert(g.id.value.clone(), minister_goals.clone());
            scope.goals.push(LocalGoal {
                id: g.id.value.clone(),
                title: g.title.clone(),
                description: g.description.clone(),
                url: format!("{}#{}", scope.plan_url, g.id.value),
                minister_goals,
                target_groups,
                targets: Vec::new(),
            });
        }
        scope.goal_ids = scope.goals.iter().map(|g| g.id.clone()).collect();
        scope.goal_refs = scope
            .goals
            .iter()
            .map(|g| Ref::new(g.id.clone(), g.title.clone(), g.url.clone()))
            .collect();
        scope
    }

    /// The plan's result targets, each checked and linked to what it serves.
    fn targets(
        &mut self,
        doc: &Doc,
        f: &PlanFront,
        scope: &mut PlanScope,
        chapter_docs: &[usize],
    ) -> Vec<Target> {
        let year = scope.year;
        // Chapters by slug, for targets' `chapter`.
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
                }) if m == scope.municipality.slug && y == year => Some(slug),
                _ => None,
            })
            .collect();

        let mut targets = Vec::new();
        for t in &f.targets {
            let ok = self.check_id(doc, &t.id, &mut scope.ids, "et resultatmål");
            let goal = t
                .goal
                .as_ref()
                .and_then(|g| self.local_goal_ref(doc, g, &scope.goal_ids));
            let own = self.minister_refs(doc, &t.minister_goals, year);
            let served: Vec<Ref> = goal.iter().map(|g| scope.goal_ref(g)).collect();
            let links = origin::links(
                &origin::Sources {
                    own: &own,
                    local_goals: &served,
                    goal_minister: &scope.goal_minister,
                    chapter: &[],
                },
                self.goal_order(year),
            );
            let target_groups = self.group_refs(doc, &t.target_groups);
            let chapter = t.chapter.as_ref().and_then(|c| {
                if broken_chapters.contains(&c.value) {
                    None
                } else if chapter_slugs.contains(&c.value) {
                    Some(Ref::new(
                        c.value.clone(),
                        String::new(),
                        format!("{}{}/", scope.plan_url, c.value),
                    ))
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
                .and_then(|g| scope.goals.iter().find(|lg| &lg.id == g))
                .map(|g| g.title.clone());
            targets.push(target(
                t,
                scope,
                Served {
                    goal,
                    goal_title,
                    links,
                    target_groups,
                    chapter,
                },
            ));
        }
        targets
    }

    /// Notes about minister goals the plan sets no target for.
    fn notes(&mut self, doc: &Doc, f: &PlanFront, year: i32) -> Vec<Note> {
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
        notes
    }

    /// The plan's own page: anchors that collide with a goal's or target's, and a
    /// missing summary.
    fn check_plan_page(
        &mut self,
        doc: &Doc,
        f: &PlanFront,
        ids: &HashMap<String, (String, usize)>,
    ) {
        // Anchors on the plan page must not collide with the plan text's headings.
        for h in &doc.md.headings {
            if ids.contains_key(&h.id) || h.id.starts_with("ministermaal-") {
                self.diags.push(
                    Diagnostic::error(format!(
                        "overskriftens anker `#{}` er også id for et mål eller resultatmål",
                        h.id
                    ))
                    .in_file(&doc.whole_file())
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
    }
}

/// What a target serves, as linking found it.
struct Served {
    goal: Option<String>,
    goal_title: Option<String>,
    links: Vec<GoalLink>,
    target_groups: Vec<Ref>,
    chapter: Option<Ref>,
}

/// A result target as the site shows it: its numbers in words, and what it serves.
fn target(t: &TargetFront, scope: &PlanScope, served: Served) -> Target {
    let Served {
        goal,
        goal_title,
        links,
        target_groups,
        chapter,
    } = served;
    let (municipality, municipality_name, year, plan_url) = (
        &scope.municipality,
        &scope.municipality_name,
        scope.year,
        &scope.plan_url,
    );
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
        municipality: scope.municipality_slug.clone(),
        municipality_name: municipality_name.clone(),
        year,
        plan_url: plan_url.clone(),
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
        direction: t.direction,
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
