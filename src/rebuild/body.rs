//! An edit of the Markdown body of chapters or ordinary pages that other pages show
//! nothing of: their own pages are rendered again, nothing else.

use std::collections::HashSet;
use std::sync::Arc;

use crate::build::Timings;
use crate::diagnostics::Diagnostics;
use crate::load::{self, Doc, Front, Place};
use crate::{BuildReport, Built, link, render};

/// Rebuilds after an edit of the bodies of the documents in `changed` (paths relative
/// to the root); `None` when the edit is more than that.
pub(super) fn rebuild(
    built: &mut Built,
    changed: &[String],
    laps: &mut Timings,
) -> Option<BuildReport> {
    let mut fresh: Vec<(usize, Doc)> = Vec::new();
    let mut plans_shown = Vec::new();
    for path in changed {
        let rel = path.strip_prefix("content/")?;
        let index = built.docs.iter().position(|d| d.rel == rel)?;
        let old = &built.docs[index];
        let new = super::read_again(built, rel)?;
        if !body_only_edit(old, &new) {
            return None;
        }
        let same_headings = new.md.headings.len() == old.md.headings.len()
            && new
                .md
                .headings
                .iter()
                .zip(&old.md.headings)
                .all(|(a, b)| a.id == b.id && a.text == b.text && a.level == b.level);
        // Without a `description`, a page's first paragraph describes it in its
        // section's list; a chapter's is in its plan's value, which the plan's page and
        // its chapters' pages get, so those are rendered again.
        let description_kept = new.md.first_paragraph == old.md.first_paragraph;
        let described = match &new.front {
            Front::Page(p) => p.description.is_some(),
            Front::Chapter(c) => c.description.is_some(),
            _ => true,
        };
        if !same_headings || !(described || description_kept || is_chapter(&new)) {
            return None;
        }
        if !described && !description_kept {
            plans_shown.extend(plan_of(built, index));
        }
        fresh.push((index, new));
    }
    laps.lap("read");

    // Links from the edited documents must still land.
    let anchors = link::Anchors::new(&built.docs, &built.site);
    if fresh.iter().any(|(_, doc)| !anchors.check(doc).is_empty()) {
        return None;
    }
    drop(anchors);
    laps.lap("links");

    // The templates' look-ups let go of the site, so it is changed in place, not copied.
    built.templates.release_site();
    let mut only = render::Only {
        templates: built.templates.reading(render::Reads::Texts),
        ..render::Only::default()
    };
    let mut read = HashSet::new();
    for (index, mut doc) in fresh {
        // A chapter without a `description` is described by its first paragraph.
        let description = match &doc.front {
            Front::Chapter(c) => c.description.clone(),
            Front::Page(p) => p.description.clone(),
            _ => None,
        }
        .unwrap_or_else(|| doc.md.first_paragraph.clone());
        // Figures are drawn into the HTML the site holds, as a full build does.
        let html: Arc<str> = render::figures::fill(&doc.md.html, &doc.md.figures).into();
        swap_content(Arc::make_mut(&mut built.site), index, &html, description);
        built.index_dirty.extend(plan_of(built, index));
        load::release_html(std::slice::from_mut(&mut doc));
        read.insert(doc.rel.clone());
        built.docs[index] = doc;
        only.docs.insert(index);
    }
    for plan in plans_shown {
        let plan = &built.site.plans[plan];
        only.docs.insert(plan.doc);
        only.docs.extend(plan.chapters.iter().map(|c| c.doc));
    }
    built.templates.point_look_ups_at(&built.site);
    laps.lap("site");

    let pages = super::render_pages(built, &only)?;
    laps.lap("render and write");
    Some(BuildReport {
        pages,
        diagnostics: super::warnings(built, &read, Diagnostics::default()),
        ..BuildReport::default()
    })
}

/// Whether a document is a chapter of a plan.
fn is_chapter(doc: &Doc) -> bool {
    matches!(doc.place, Place::Chapter { .. })
}

/// The plan (its place in the site) that has document `doc` as a chapter.
fn plan_of(built: &Built, doc: usize) -> Option<usize> {
    (built.site.plans.iter()).position(|p| p.chapters.iter().any(|c| c.doc == doc))
}

/// Whether `new` differs from `old` at most in its Markdown body, and is a document
/// whose body shows only on its own page.
fn body_only_edit(old: &Doc, new: &Doc) -> bool {
    let body_only_kind = matches!(
        new.place,
        Place::Chapter { .. } | Place::Page | Place::Section
    );
    // Domain list sections show their text on generated list pages.
    let domain_list = crate::content::LIST_SECTIONS;
    body_only_kind
        && !domain_list.contains(&new.rel.as_str())
        && old.place == new.place
        && old.file.text[old.split.front.clone()] == new.file.text[new.split.front.clone()]
}

/// Puts the new HTML and description of document `doc` into the linked site, in the
/// chapter or page made from it, so the site stays the one owner of what pages show.
fn swap_content(site: &mut link::Site, doc: usize, html: &Arc<str>, description: String) {
    for plan in &mut site.plans {
        if let Some(c) = plan.chapters.iter_mut().find(|c| c.doc == doc) {
            c.content = crate::text::packed::Packed::plain(html.clone());
            c.description = description;
            return;
        }
    }
    if let Some(p) = site.pages.iter_mut().find(|p| p.doc == doc) {
        p.content = html.clone();
        p.description = description;
    }
}
