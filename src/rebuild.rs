//! Rebuilding after an edit: only the pages the edit affects.
//!
//! `serve` keeps the state of its last published build ([`Built`]). When an edit only
//! changed the Markdown body of chapters or ordinary pages — same front matter, same
//! headings, nothing that other pages show of them — their Markdown is rendered again
//! and only their own pages are rendered and replaced in the published folder, each by
//! a rename, so a reader never meets half a file. Anything else (front matter, plans,
//! templates, a new file, a problem to report) returns `None`, and the caller runs a
//! full build, which also brings the search index up to date after fast rebuilds.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::build::Timings;
use crate::load::markdown::{self, Highlighter, MarkdownOptions};
use crate::load::{self, Doc, Front, Place};
use crate::{BuildReport, Built, link, render, write};

/// Re-renders the pages of the documents in `changed` (paths relative to the root), if
/// the edit allows it; `None` means a full build is needed.
pub fn rebuild(built: &mut Built, changed: &[String]) -> Option<BuildReport> {
    let start = Instant::now();
    let mut laps = Timings::new(start);
    if changed.is_empty() {
        return None;
    }
    let options = MarkdownOptions {
        allow_html: built.config.markdown.allow_html,
        highlight_code: built.config.markdown.highlight_code,
    };
    let highlighter = Highlighter::default();
    let mut fresh: Vec<(usize, Doc)> = Vec::new();
    for path in changed {
        let rel = path.strip_prefix("content/")?;
        let index = built.docs.iter().position(|d| d.rel == rel)?;
        let old = &built.docs[index];
        let mut new = load::read_doc(&built.opts.root.join(path), rel).ok()?;
        if !body_only_edit(old, &new) {
            return None;
        }
        let marks = load::initiative_marks(&new);
        let (md, problems) = markdown::render_with_files(
            &new.file,
            new.split.body.clone(),
            &built.urls,
            &built.files,
            &marks,
            options,
            &highlighter,
        );
        let same_headings = md.headings.len() == old.md.headings.len()
            && md
                .headings
                .iter()
                .zip(&old.md.headings)
                .all(|(a, b)| a.id == b.id && a.text == b.text && a.level == b.level);
        // An ordinary page's first paragraph is its description in its section's list.
        let description_kept = match &new.front {
            Front::Page(p) => {
                p.description.is_some() || md.first_paragraph == old.md.first_paragraph
            }
            _ => true,
        };
        if !problems.is_empty() || !same_headings || !description_kept {
            return None;
        }
        new.md = md;
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

    let mut only = HashSet::new();
    for (index, doc) in fresh {
        // A chapter without a `description` is described by its first paragraph.
        let description = match &doc.front {
            Front::Chapter(c) => c.description.clone(),
            Front::Page(p) => p.description.clone(),
            _ => None,
        }
        .unwrap_or_else(|| doc.md.first_paragraph.clone());
        // Figures are drawn into the HTML the site holds, as a full build does.
        let html: Arc<str> = render::figures::fill(&doc.md.html, &doc.md.figures).into();
        // The templates' look-ups share the site: the first edit after a full build
        // takes a copy of it, later ones change that copy in place.
        swap_content(Arc::make_mut(&mut built.site), index, &html, description);
        built.docs[index] = doc;
        only.insert(index);
    }

    let mut report = BuildReport::default();
    laps.lap("site");
    let (jobs, _) = render::jobs(&built.config, &built.site, &built.docs, Some(&only));
    report.pages = jobs.len();
    laps.lap("contexts");
    let output = built.opts.output_dir();
    let minify = built.config.minify_html;
    let diags = Mutex::new(Vec::new());
    let replace = |out: &str, html: &str| write::replace_html(&output, out, html, minify);
    render::render_all(&built.templates, jobs, &replace, &diags);
    laps.lap("render and write");
    report
        .diagnostics
        .extend(diags.into_inner().unwrap_or_default());
    if !report.ok() {
        return None;
    }
    report.plans = built.site.plans.len();
    report.targets = built.site.targets().count();
    report.initiatives = built.site.initiatives().count();
    report.published = true;
    report.elapsed = start.elapsed();
    report.timings = laps.laps;
    Some(report)
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
