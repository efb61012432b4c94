//! Rendering: every page of the site through Tera, in parallel, plus the open data,
//! feed, sitemap and robots.txt.
//!
//! Each thing is serialized to a Tera value once and shared: a plan's value is built
//! once and handed to all its chapters, and the lists every page may use live in the
//! Tera instance's global context as `site`. No page's context copies the whole site.

pub mod chart;
mod context;
pub mod data;
pub mod figures;
mod functions;
mod initiatives;
mod jobs;
pub mod templates;

use context::{Crumb, site_value};
pub use jobs::{ChangedPlan, Only, PageSource, jobs, page_sources};

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile, io_text};
use crate::link::{self, Site};
pub use templates::{Reads, TemplateSet};

/// One page to render: its output path, template and context.
pub struct Job<'a> {
    /// Output path relative to the output folder: `kommuner/x/index.html`.
    pub out: String,
    pub template: String,
    pub context: Context,
    /// What the page says about itself, added to the context when it is rendered.
    pub head: Option<Head>,
    /// The rest of the context, built in parallel at render time (the heavy part for
    /// chapters and aggregate pages).
    pub more: Option<Box<dyn FnOnce() -> Context + Send + 'a>>,
    /// Where to point a template error that only this page triggers.
    pub doc: Option<SourceFile>,
    /// The page lists things from the whole site (a minister goal's or a target
    /// group's page): its context is tens of megabytes on a large portal, so these
    /// pages are rendered one at a time beside the others, never several at once.
    pub site_wide: bool,
}

/// What every page's context says about the page itself: where it is, its title and
/// description for the head, the trail above it. Kept as these few strings until the
/// page is rendered: as Tera values, made for every page up front, they were about
/// 5 kB a page, 115 MB on a portal of 20,000 pages.
pub struct Head {
    /// The page's path with the base URL's path prefix.
    current_path: String,
    permalink: String,
    title: String,
    /// Already cut to its first sentences.
    description: String,
    has_code: bool,
    draft: bool,
    crumbs: Vec<Crumb>,
}

impl Head {
    fn insert_into(self, context: &mut Context) {
        context.insert("current_path", &self.current_path);
        context.insert("current_url", &self.permalink);
        let crumb = self.title.split(" – ").next().unwrap_or(&self.title);
        context.insert(
            "meta",
            &serde_json::json!({
                "title": self.title,
                "crumb": crumb,
                "description": self.description,
                "permalink": self.permalink,
            }),
        );
        context.insert("has_code", &self.has_code);
        context.insert("draft", &self.draft);
        context.insert("breadcrumbs", &self.crumbs);
    }
}

/// Sets up Tera: filters and functions first (Tera checks at parse time that every
/// function a template calls exists), then all templates in one go.
pub fn prepare(
    root: &Path,
    config: &Config,
    site: &Arc<Site>,
    urls: &crate::load::markdown::UrlMap,
    static_hashes: BTreeMap<String, String>,
) -> Result<TemplateSet, Vec<Diagnostic>> {
    let sources = templates::read_templates(root, &config.theme)?;
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    let site_handle = functions::register(&mut tera, config, site, urls, static_hashes);
    tera.global_context().insert("config", config);
    tera.global_context()
        .insert_value("site", site_value(config, site));
    tera.global_context().insert("lang", "da");
    templates::compile(&mut tera, &sources).map_err(|d| vec![d])?;
    Ok(TemplateSet {
        tera,
        sources,
        site: site_handle,
    })
}

impl TemplateSet {
    /// Points the templates at a changed site: the look-up functions and the `site`
    /// every page may read (a rebuild after an edit).
    pub fn set_site(&mut self, config: &Config, site: &Arc<Site>) {
        self.point_look_ups_at(site);
        self.tera
            .global_context()
            .insert_value("site", site_value(config, site));
    }

    /// Points the look-up functions at a changed site whose `site` value is the same
    /// (an edit of a text no list shows).
    pub fn point_look_ups_at(&mut self, site: &Arc<Site>) {
        self.site.set(site.clone());
    }

    /// Lets go of the site, so that a rebuild can change it in place without a copy
    /// (`Arc::make_mut`); [`Self::set_site`] gives it back.
    pub fn release_site(&mut self) {
        self.site.set(Arc::new(Site::default()));
    }
}

/// Renders every job in parallel and hands each page to `write`.
///
/// Pages that list the whole site go one at a time in a lane of their own while the
/// other pages render in parallel beside them: at most one of their large contexts is
/// alive at once, which keeps the peak memory of a large portal down at no cost in time
/// (they are a handful of pages).
pub fn render_all(
    set: &TemplateSet,
    jobs: Vec<Job>,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    diags: &Mutex<Vec<Diagnostic>>,
) {
    let (site_wide, pages): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|j| j.site_wide);
    rayon::join(
        || {
            site_wide
                .into_iter()
                .for_each(|job| render_one(set, job, write, diags))
        },
        || {
            pages
                .into_par_iter()
                .for_each(|job| render_one(set, job, write, diags))
        },
    );
}

/// Builds the rest of a job's context, renders it and writes it (or reports why not).
fn render_one(
    set: &TemplateSet,
    mut job: Job,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
    diags: &Mutex<Vec<Diagnostic>>,
) {
    if let Some(head) = job.head.take() {
        head.insert_into(&mut job.context);
    }
    if let Some(more) = job.more.take() {
        job.context.extend(more());
    }
    // Rendered as bytes: Tera's `render` checks its own UTF-8 output again to make a
    // String, and the page is only minified and written.
    let mut html = Vec::with_capacity(16 * 1024);
    match set.tera.render_to(&job.template, &job.context, &mut html) {
        Ok(()) => {
            // The context goes before the page is minified and written.
            drop(job.context);
            if let Err(e) = write(&job.out, &html) {
                push(
                    diags,
                    Diagnostic::error(format!("kan ikke skrive {}: {}", job.out, io_text(&e))),
                );
            }
        }
        Err(e) => {
            let mut d = templates::template_error(&e, &set.sources);
            if let Some(doc) = &job.doc {
                d = d.with_note(format!("under dannelsen af {} (fra {})", job.out, doc.path));
            } else {
                d = d.with_note(format!("under dannelsen af {}", job.out));
            }
            if !set.tera.get_template_names().any(|n| n == job.template) {
                d = Diagnostic::error(format!("skabelonen `{}` findes ikke", job.template))
                    .with_note(format!("skal bruges til {}", job.out))
                    .suggest(&job.template, set.sources.keys().map(String::as_str));
                if let Some(doc) = &job.doc {
                    // Point at the name in `template = "…"`, where the fix goes.
                    let quoted = format!("\"{}\"", job.template);
                    let span = doc
                        .text
                        .find(&quoted)
                        .map_or(0..0, |i| i + 1..i + quoted.len() - 1);
                    d = d
                        .in_file(doc)
                        .at(span)
                        .with_label("ingen skabelon har dette navn");
                }
            }
            push(diags, d);
        }
    }
}

fn push(diags: &Mutex<Vec<Diagnostic>>, d: Diagnostic) {
    if let Ok(mut v) = diags.lock() {
        v.push(d);
    }
}

/// The site-wide files: the Atom feed (one entry per plan), the sitemap, robots.txt and
/// the 404 page, as `(output path, text)`.
pub fn site_files(
    set: &TemplateSet,
    config: &Config,
    site: &Site,
    sitemap: &[String],
    diags: &mut crate::diagnostics::Diagnostics,
) -> Vec<(String, String)> {
    /// What a feed entry shows of a plan.
    #[derive(Serialize)]
    struct FeedEntry<'a> {
        title: &'a str,
        municipality: &'a link::Ref,
        permalink: &'a str,
        year: i32,
        adopted: &'a Option<String>,
        description: &'a str,
    }
    let mut plans: Vec<&link::Plan> = site.plans.iter().collect();
    plans.sort_by(|a, b| (b.year, &a.municipality_name).cmp(&(a.year, &b.municipality_name)));
    let entries: Vec<FeedEntry> = plans
        .iter()
        .map(|p| FeedEntry {
            title: &p.title,
            municipality: &p.municipality,
            permalink: &p.permalink,
            year: p.year,
            adopted: &p.adopted,
            description: &p.description,
        })
        .collect();
    // The feed changes when a plan is added or adopted, never with the clock.
    let updated = plans
        .iter()
        .map(|p| {
            p.adopted
                .clone()
                .unwrap_or_else(|| format!("{}-01-01", p.year))
        })
        .max()
        .unwrap_or_else(|| "2000-01-01".into());
    let mut urls: Vec<String> = sitemap.iter().map(|p| config.permalink(p)).collect();
    urls.sort();

    let mut cx = Context::new();
    cx.insert("entries", &urls);
    cx.insert("plans", &entries);
    cx.insert("updated", &updated);
    cx.insert("current_url", &config.permalink("/"));
    cx.insert("current_path", &format!("{}/", config.path_prefix()));
    cx.insert("breadcrumbs", &Vec::<Crumb>::new());
    cx.insert("has_code", &false);
    cx.insert(
        "meta",
        &serde_json::json!({"title": "Siden findes ikke", "description": "", "permalink": config.permalink("/404.html")}),
    );
    let mut out = Vec::new();
    for name in ["feed.xml", "sitemap.xml", "robots.txt", "404.html"] {
        match render_file(set, name, &cx) {
            Ok(text) => out.push((name.to_string(), text)),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// Renders one of the site-wide text files (feed, sitemap, robots, 404) from its template.
pub fn render_file(
    set: &TemplateSet,
    template: &str,
    context: &Context,
) -> Result<String, Diagnostic> {
    set.tera.render(template, context).map_err(|e| {
        templates::template_error(&e, &set.sources)
            .with_note(format!("under dannelsen af {template}"))
    })
}
