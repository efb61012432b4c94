//! Linking one plan again, for `serve`'s rebuild after an edit of that plan's front
//! matter or headings: the plan is linked as [`super::link`] links it, against the
//! goals, groups and municipalities of a site that is otherwise unchanged.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{Doc, Front, Place};

use super::{Linker, Plan, Site, fit, placeholders, places};

/// The plan at `index` in `site`, linked again from `docs` (which hold that plan's
/// documents as they are now, with their Markdown), with the problems found in its
/// documents. `None` when the plan's `_index.md` is no longer a plan.
pub fn relink_plan(
    site: &Site,
    docs: &[Doc],
    config: &Config,
    index: usize,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    let doc_index = site.plans.get(index)?.doc;
    let doc = docs.get(doc_index)?;
    let (Place::Plan { municipality, year }, Front::Plan(front)) = (&doc.place, &doc.front) else {
        return None;
    };
    let m = site
        .municipalities
        .iter()
        .position(|m| &m.slug == municipality)?;
    let chapter_docs = chapters_of(docs, municipality, *year);
    let mut own = vec![doc_index];
    own.extend(&chapter_docs);
    placeholders::check_these(docs, &own, diags);

    // Only files that failed to load are "broken", and a site with such a file was not
    // published, so it has no rebuilds.
    let broken = BTreeSet::new();
    let mut linker = Linker {
        docs,
        broken: &broken,
        config,
        prefix: config.path_prefix(),
        diags,
        goals: Cow::Owned(places(site.minister_goals.iter().map(|g| &g.slug))),
        groups: Cow::Owned(places(site.target_groups.iter().map(|g| &g.slug))),
        // Linking a plan reads the site's goals, groups and municipalities only.
        site: Cow::Borrowed(site),
    };
    let mut plan = linker.plan(doc_index, doc, front, m, *year, &chapter_docs);
    fit(&mut plan);
    Some(plan)
}

/// The chapters of a plan, in file order (the order the walk sorted the documents in).
fn chapters_of(docs: &[Doc], municipality: &str, year: i32) -> Vec<usize> {
    docs.iter()
        .enumerate()
        .filter(|(_, d)| {
            matches!(&d.place, Place::Chapter { municipality: m, year: y, .. }
                if m == municipality && *y == year)
        })
        .map(|(i, _)| i)
        .collect()
}
