//! A plan's chapters and the initiatives they describe: each initiative found under
//! its heading, given its id, and linked to the minister goals it answers (its own,
//! through the local goals it serves, or the chapter's when the chapter says so).

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::{Doc, Front, Place};

use super::*;
use crate::load::front_matter::{ChapterFront, InitiativeFront};
use crate::load::markdown::heading_key;

use super::plan::PlanScope;

/// What the initiatives of one chapter share while they are linked.
struct ChapterScope<'a> {
    doc: &'a Doc,
    url: String,
    reference: Ref,
    minister_goals: Vec<Ref>,
    goals: Vec<Ref>,
    target_groups: Vec<Ref>,
    /// Whether initiatives without their own list answer the chapter's minister goals.
    inherit: bool,
    /// The first heading with each key, and each heading by id: one lookup per
    /// initiative, not a scan (a chapter of 20,000 initiatives took minutes).
    heading_keys: HashMap<String, usize>,
    heading_ids: HashMap<&'a str, usize>,
}

impl<'a> Linker<'a> {
    /// The plan's chapters in their order, and every initiative they describe.
    pub(super) fn chapters(
        &mut self,
        chapter_docs: &[usize],
        scope: &PlanScope,
        targets: &[Target],
    ) -> (Vec<Chapter>, Vec<Initiative>) {
        let docs = self.docs;
        let mut chapters = Vec::new();
        let mut initiatives = Vec::new();
        let mut initiative_ids: HashMap<String, (String, usize)> = HashMap::new();
        for &c in chapter_docs {
            let cdoc = &docs[c];
            let (Place::Chapter { slug, prefix, .. }, Front::Chapter(cf)) =
                (&cdoc.place, &cdoc.front)
            else {
                continue;
            };
            let ch = self.chapter_scope(cdoc, cf, slug, scope);
            let mut chapter_initiatives = Vec::new();
            for init in &cf.initiatives {
                if let Some(i) = self.initiative(init, &ch, scope, &mut initiative_ids) {
                    chapter_initiatives.push(initiatives.len());
                    initiatives.push(i);
                }
            }
            self.chapter_lists(
                cdoc,
                cf,
                slug,
                &chapter_initiatives
                    .iter()
                    .map(|&i| &initiatives[i])
                    .collect::<Vec<_>>(),
                targets,
            );
            chapters.push(Chapter {
                slug: slug.clone(),
                title: cf.title.clone(),
                weight: cf.weight.or(*prefix).unwrap_or(0),
                description: cf
                    .description
                    .clone()
                    .unwrap_or_else(|| cdoc.md.first_paragraph.clone()),
                url: ch.url,
                permalink: self.permalink(&cdoc.path),
                content: cdoc
                    .md
                    .packed
                    .clone()
                    .unwrap_or_else(|| crate::text::packed::Packed::plain(cdoc.md.html.clone())),
                toc: cdoc.md.headings.clone(),
                has_code: cdoc.md.has_code,
                minister_goals: ch.minister_goals,
                goals: ch.goals,
                target_groups: ch.target_groups,
                initiatives: chapter_initiatives,
                doc: c,
            });
        }
        chapters.sort_by(|a, b| (a.weight, &a.slug).cmp(&(b.weight, &b.slug)));
        (chapters, initiatives)
    }

    fn chapter_scope(
        &mut self,
        cdoc: &'a Doc,
        cf: &ChapterFront,
        slug: &str,
        scope: &PlanScope,
    ) -> ChapterScope<'a> {
        let url = self.url(&cdoc.path);
        let minister_goals = self.minister_refs(cdoc, &cf.minister_goals, scope.year);
        let goals: Vec<Ref> = cf
            .goals
            .iter()
            .filter_map(|g| self.local_goal_ref(cdoc, g, &scope.goal_ids))
            .map(|id| scope.goal_ref(&id))
            .collect();
        let target_groups = self.group_refs(cdoc, &cf.target_groups);
        let mut heading_keys: HashMap<String, usize> = HashMap::new();
        let mut heading_ids: HashMap<&str, usize> = HashMap::new();
        for (i, h) in cdoc.md.headings.iter().enumerate() {
            heading_keys.entry(heading_key(&h.text)).or_insert(i);
            heading_ids.entry(h.id.as_str()).or_insert(i);
        }
        ChapterScope {
            doc: cdoc,
            reference: Ref::new(slug.to_string(), cf.title.clone(), url.clone()),
            url,
            minister_goals,
            goals,
            target_groups,
            inherit: cf.initiatives_inherit,
            heading_keys,
            heading_ids,
        }
    }

    /// One initiative: the heading it belongs to, its id, and what it answers.
    fn initiative(
        &mut self,
        init: &InitiativeFront,
        ch: &ChapterScope<'a>,
        scope: &PlanScope,
        initiative_ids: &mut HashMap<String, (String, usize)>,
    ) -> Option<Initiative> {
        let cdoc = ch.doc;
        let year = scope.year;
        let heading = init.heading.as_ref().unwrap_or(&init.title);
        let key = heading_key(&heading.value);
        let found = ch
            .heading_keys
            .get(&key)
            .map(|&i| &cdoc.md.headings[i])
            .or_else(|| {
                // Named by anchor; an explicit `id` may have renamed the heading.
                let explicit = init.id.as_ref().map(|i| i.value.as_str());
                let by_name = ch.heading_ids.get(heading.value.as_str()).copied();
                let by_id = explicit.and_then(|e| ch.heading_ids.get(e).copied());
                let first = match (by_name, by_id) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                first.map(|i| &cdoc.md.headings[i])
            });
        let Some(found) = found else {
            let known: Vec<&str> = cdoc.md.headings.iter().map(|h| h.text.as_str()).collect();
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
            return None;
        };
        let id_loc = match &init.id {
            Some(id) => id.clone(),
            None => {
                let mut l = init.title.clone();
                l.value = found.id.clone();
                l
            }
        };
        if !self.check_id(cdoc, &id_loc, initiative_ids, "en indsats") {
            return None;
        }
        let own_goals: Vec<Ref> = match &init.goals {
            Some(list) => list
                .iter()
                .filter_map(|g| self.local_goal_ref(cdoc, g, &scope.goal_ids))
                .map(|id| scope.goal_ref(&id))
                .collect(),
            None => ch.goals.clone(),
        };
        // An empty list is the plan saying "no minister goal": it stops the
        // chapter's goals from being inherited and silences the warning below.
        let own_mg = match &init.minister_goals {
            Some(list) => self.minister_refs(cdoc, list, year),
            None => Vec::new(),
        };
        let inherited: &[Ref] = if ch.inherit && init.minister_goals.is_none() {
            &ch.minister_goals
        } else {
            &[]
        };
        let links = origin::links(
            &origin::Sources {
                own: &own_mg,
                local_goals: &own_goals,
                goal_minister: &scope.goal_minister,
                chapter: inherited,
            },
            self.goal_order(year),
        );
        let mg: Vec<Ref> = links.iter().map(|l| l.minister_goal.clone()).collect();
        let groups = match &init.target_groups {
            Some(list) => self.group_refs(cdoc, list),
            None => ch.target_groups.clone(),
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
        Some(Initiative {
            uid: format!("{}-{year}-{}", scope.municipality.slug, id_loc.value),
            url: format!("{}#{}", ch.url, found.id),
            anchor: found.id.clone(),
            id: id_loc.value.clone(),
            title: init.title.value.clone(),
            kind: init.kind.danish(),
            summary: init.summary.clone(),
            municipality: scope.municipality_slug.clone(),
            municipality_name: scope.municipality_name.clone(),
            year,
            plan_url: scope.plan_url.clone(),
            chapter: ch.reference.clone(),
            minister_goals: mg,
            links,
            target_groups: groups,
            goals: own_goals,
        })
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
}
