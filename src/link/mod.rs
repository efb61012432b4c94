//! Linking: turns loaded documents into the plan domain — minister goals, target groups,
//! municipalities, plans with their goals, targets, chapters and initiatives — and
//! checks every reference between them.
//!
//! Every broken reference becomes one diagnostic pointing at the string in the file;
//! linking carries on past it so one run reports everything. What survives is
//! consistent: templates never meet a reference to something that does not exist.

mod anchors;
mod by_title;
pub mod by_year;
mod chapter;
pub mod model;
mod origin;
mod pages;
pub mod placeholders;
mod plan;
mod refs;
pub mod regions;
mod relink;
pub mod results;
pub mod status;
mod views;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Doc;
use crate::load::front_matter::{Loc, unknown_name};
use crate::text::slug::{is_slug, slugify};
pub use model::*;
pub use views::{CoverageCell, CoverageRow, CoverageYear, coverage};

pub use anchors::Anchors;
pub use relink::relink_plan;

pub use crate::content::GENERATED;

struct Linker<'a> {
    docs: &'a [Doc],
    broken: &'a BTreeSet<String>,
    config: &'a Config,
    prefix: String,
    diags: &'a mut Diagnostics,
    /// The minister goals' and the target groups' places in the site, by slug.
    goals: Cow<'a, HashMap<String, usize>>,
    groups: Cow<'a, HashMap<String, usize>>,
    /// The site as it is built; borrowed by the linkers that link one plan each (see
    /// [`Linker::plans`]), which read its goals, groups and municipalities only.
    site: Cow<'a, Site>,
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
        goals: Cow::Owned(HashMap::new()),
        groups: Cow::Owned(HashMap::new()),
        site: Cow::Owned(Site::default()),
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
    l.site.into_owned()
}

/// Each slug's place in its list, by slug: how a linker finds a minister goal or a
/// target group by the name a page gives.
fn places<'s>(slugs: impl Iterator<Item = &'s String>) -> HashMap<String, usize> {
    slugs.enumerate().map(|(i, s)| (s.clone(), i)).collect()
}

/// Gives back the room a plan's lists were built with. They are built by pushing and
/// collecting, which leaves space for four or more where most hold one or two: on
/// 89,000 initiatives (20,000 pages) that spare room was 95 MB of a 263 MB model.
/// Done to each plan as soon as it is linked, so the next plans are built in the room
/// given back and the spare room of all plans is never held at once.
fn fit(plan: &mut Plan) {
    fn links(links: &mut Vec<GoalLink>) {
        for l in links.iter_mut() {
            l.via.shrink_to_fit();
        }
        links.shrink_to_fit();
    }
    for i in &mut plan.initiatives {
        i.minister_goals.shrink_to_fit();
        links(&mut i.links);
        i.target_groups.shrink_to_fit();
        i.goals.shrink_to_fit();
    }
    for t in &mut plan.targets {
        t.minister_goals.shrink_to_fit();
        links(&mut t.links);
        t.target_groups.shrink_to_fit();
    }
    for g in &mut plan.goals {
        g.minister_goals.shrink_to_fit();
        g.target_groups.shrink_to_fit();
        g.targets.shrink_to_fit();
    }
    for c in &mut plan.chapters {
        c.minister_goals.shrink_to_fit();
        c.goals.shrink_to_fit();
        c.target_groups.shrink_to_fit();
        c.initiatives.shrink_to_fit();
    }
    for e in &mut plan.goal_map {
        e.local_goals.shrink_to_fit();
        e.targets.shrink_to_fit();
        e.initiatives.shrink_to_fit();
    }
    plan.initiatives.shrink_to_fit();
    plan.targets.shrink_to_fit();
    plan.goals.shrink_to_fit();
    plan.chapters.shrink_to_fit();
    plan.goal_map.shrink_to_fit();
    plan.addressed.shrink_to_fit();
}

impl Linker<'_> {
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    pub(super) fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    /// Site paths in front matter (`/kilder/x.txt`) get the base URL's prefix.
    pub(super) fn site_url(&self, s: &str) -> String {
        if s.starts_with('/') && !s.starts_with("//") {
            self.url(s)
        } else {
            s.to_string()
        }
    }

    pub(super) fn check_id(
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

    /// Whether the minister set any goal for `year` (none after the framework ended).
    pub(super) fn any_in_force(&self, year: i32) -> bool {
        self.site.minister_goals.iter().any(|g| g.in_force(year))
    }

    /// Orders minister goals the way `year` numbers them.
    pub(super) fn goal_order(&self, year: i32) -> impl Fn(&Ref) -> (u32, String) + '_ {
        move |r: &Ref| {
            let n = self
                .goals
                .get(&r.slug)
                .and_then(|&i| self.site.minister_goals[i].number_in(year));
            (n.unwrap_or(u32::MAX), r.slug.clone())
        }
    }

    pub(super) fn local_goal_ref(
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
}

fn join_years(years: &[i32]) -> String {
    years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
