//! Anchors: every `@/path#anchor` link in the content must land on a heading of its
//! target, or on a goal, target or goal-map entry of a plan's page.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::load::{Doc, Place};

use super::*;

impl Linker<'_> {
    /// Every `@/path#anchor` link must land on a heading or a domain anchor of its target.
    pub(super) fn check_anchors(&mut self) {
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
            .in_file(&doc.whole_file())
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
