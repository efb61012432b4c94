//! Rebuilding after an edit: only the pages the edit affects.
//!
//! `serve` keeps the state of its last published build ([`Built`]). Two kinds of edit
//! are rebuilt in part, each by its own module:
//!
//! - [`body`]: the Markdown body of chapters or ordinary pages changed, and nothing
//!   that other pages show of them (same front matter, same headings). Their Markdown
//!   is rendered again and only their own pages are rendered.
//! - [`plan`]: anything in one plan's files (its front matter, its chapters' front
//!   matter or headings). The plan is read and linked again, and every page that
//!   shows something of it is rendered: its own, its municipality's, the lists and
//!   overviews, and its year's goal, group and coverage pages; the feed and the open
//!   data are written again.
//!
//! Pages are replaced in the published folder one by one, each by a rename, so a
//! reader never meets half a file. Anything else (a new or deleted file, goals,
//! templates, configuration, a problem to report) returns `None`, and the caller runs
//! a full build.
//!
//! The search index follows in a step of its own, [`search_index`], which `serve` runs
//! once the browser has been told to reload: the edited plans' records are made again,
//! the rest comes from what the last build kept, and only the index files that change
//! are written. (Its term weights depend on every record, so most term files change
//! with any edit; the record files of the other plans do not.) The result is the same,
//! byte for byte, as a full build's (`tests/it/rebuild.rs`).

mod body;
mod plan;

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Instant;

use crate::build::Timings;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::markdown::{self, Highlighter, MarkdownOptions};
use crate::load::{self, Doc};
use crate::{BuildReport, Built, index, link, render, write};

/// Re-renders the pages an edit of the files in `changed` (paths relative to the
/// root) affects, if the edit allows it; `None` means a full build is needed.
pub fn rebuild(built: &mut Built, changed: &[String]) -> Option<BuildReport> {
    if changed.is_empty() {
        return None;
    }
    let start = Instant::now();
    let mut laps = Timings::new(start);
    let mut report = body::rebuild(built, changed, &mut laps)
        .or_else(|| plan::rebuild(built, changed, &mut laps))?;
    report.plans = built.site.plans.len();
    report.targets = built.site.targets().count();
    report.initiatives = built.site.initiatives().count();
    report.published = true;
    report.elapsed = start.elapsed();
    report.timings = laps.laps;
    Some(report)
}

/// Brings the search index up to date after the rebuilds since it was last written
/// (see the module's comment); returns how many records it has. `None`
/// when it cannot (a file could not be written, or the site's plans are not those it
/// was made of): a full build is needed.
pub fn search_index(built: &mut Built) -> Option<usize> {
    if !built.config.search.enabled {
        return Some(0);
    }
    let kept = built.index.as_mut()?;
    let folder = Published(built.opts.output_dir().join(index::FOLDER));
    let dirty = std::mem::take(&mut built.index_dirty);
    match index::rewrite(&built.site, kept, &dirty, &folder) {
        Ok(Some(records)) => Some(records),
        _ => {
            // What is kept may no longer match the published index.
            built.index = None;
            None
        }
    }
}

/// The search index's folder in the published site: each file written is replaced by a
/// rename, so a search never reads half a file.
struct Published(std::path::PathBuf);

impl index::Folder for Published {
    fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        write::replace_file(&self.0, name, bytes)
    }

    fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.0.join(name))
    }

    fn remove(&self, name: &str) -> std::io::Result<()> {
        std::fs::remove_file(self.0.join(name))
    }
}

/// The document at `rel` (relative to `content/`) read again from disk with its
/// Markdown rendered as a build renders it; `None` when it cannot be read, or its
/// Markdown or its text has a problem (a full build reports it).
fn read_again(built: &Built, rel: &str) -> Option<Doc> {
    let options = MarkdownOptions {
        allow_html: built.config.markdown.allow_html,
        highlight_code: built.config.markdown.highlight_code,
    };
    let mut doc = load::read_doc(&built.opts.root.join("content").join(rel), rel).ok()?;
    let marks = load::initiative_marks(&doc);
    let highlighter = Highlighter::default();
    let (md, problems) = markdown::render_with_files(
        &doc.file,
        doc.split.body.clone(),
        &built.urls,
        &built.files,
        &marks,
        options,
        &highlighter,
    );
    // A placeholder left in the text is an error for a published document.
    let placeholder = !doc.is_draft() && !link::placeholders::in_file(&doc.file).is_empty();
    // The first highlighted code on the site needs the code stylesheet a full build
    // writes.
    let stylesheet = built.opts.output_dir().join(markdown::CODE_STYLESHEET);
    let unstyled = highlighter.was_used() && !stylesheet.exists();
    if !problems.is_empty() || placeholder || unstyled {
        return None;
    }
    doc.md = md;
    Some(doc)
}

/// Renders the pages `only` lists and replaces them in the published site; `None`
/// when a page could not be rendered or written (a full build reports why). Returns
/// how many pages it wrote.
fn render_pages(built: &Built, only: &render::Only) -> Option<usize> {
    let (mut jobs, _) = render::jobs(
        &built.config,
        &built.site,
        &render::page_sources(&built.docs),
        Some(only),
    );
    // A full build renders the pages that list the country one at a time, to bound its
    // memory; the few a rebuild renders go on every core.
    for job in &mut jobs {
        job.site_wide = false;
    }
    let pages = jobs.len();
    let output = built.opts.output_dir();
    let minify = built.config.minify_html;
    let diags = Mutex::new(Vec::new());
    let replace = |out: &str, html: &[u8]| write::replace_html(&output, out, html, minify);
    render::render_all(&built.templates, jobs, &replace, &diags);
    let diags = diags.into_inner().unwrap_or_default();
    diags.is_empty().then_some(pages)
}

/// The warnings of the last build, less those in the files `read` (relative to
/// `content/`), and then `found`: what a full build would report now.
fn warnings(built: &Built, read: &HashSet<String>, found: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::default();
    let elsewhere = |d: &&Diagnostic| {
        d.file.as_ref().is_none_or(|f| {
            !f.path
                .strip_prefix("content/")
                .is_some_and(|rel| read.contains(rel))
        })
    };
    out.extend(built.warnings.iter().filter(elsewhere).cloned());
    out.extend(found.into_vec());
    out.sort();
    out
}
