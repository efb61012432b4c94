//! planportal: a static site generator for public plan portals.
//!
//! A build runs five stages, one module each:
//!
//! 1. [`load`]: walk `content/`, parse front matter, render Markdown;
//! 2. [`link`]: build the goal graph of the plan domain and check every reference;
//! 3. [`render`]: turn pages, open data and feeds into files with Tera;
//! 4. [`index`]: build the search index;
//! 5. [`write`]: minify and publish the output atomically.
//!
//! [`build()`] runs them in order and collects every diagnostic on the way;
//! [`rebuild`] re-renders only what an edit changed, for `serve`.

// Diagnostics are the error type of every stage; they are built only on the error path,
// so their size (about 170 bytes) costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod diagnostics;
pub mod import;
pub mod index;
pub mod link;
pub mod load;
pub mod rebuild;
pub mod render;
pub mod slug;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use config::Config;
use diagnostics::{Diagnostic, Diagnostics, io_text};
use load::markdown::MarkdownOptions;

/// What a build should do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where to publish; default `<root>/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Only check: run every stage in memory and write nothing.
    pub check_only: bool,
    /// Counts the pages as they are written, for a progress bar.
    pub progress: Option<Arc<Progress>>,
}

/// How far a build has come, read by the command line's progress bar while the build
/// runs on another thread: the pages to write (known once the site is linked) and
/// those written so far.
#[derive(Debug, Default)]
pub struct Progress {
    pub pages: AtomicUsize,
    pub written: AtomicUsize,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            check_only: false,
            progress: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub plans: usize,
    pub targets: usize,
    pub initiatives: usize,
    pub elapsed: Duration,
    /// Whether a new site was published.
    pub published: bool,
    /// Wall time of each stage, in order, for `--verbose` and benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

pub fn build(opts: &BuildOptions) -> BuildReport {
    build_keeping(opts).0
}

/// What a published build leaves behind, so `serve` can rebuild only what an edit
/// changes (see [`rebuild`]).
pub struct Built {
    opts: BuildOptions,
    config: Config,
    docs: Vec<load::Doc>,
    site: std::sync::Arc<link::Site>,
    templates: render::TemplateSet,
    urls: load::markdown::UrlMap,
    /// HTML of documents re-rendered since: the site still holds their old HTML.
    overrides: std::collections::HashMap<usize, render::Override>,
}

/// Builds like [`build`], and when the site was published also returns its state.
pub fn build_keeping(opts: &BuildOptions) -> (BuildReport, Option<Built>) {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let diags = &mut report.diagnostics;

    let mut config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            report.elapsed = start.elapsed();
            return (report, None);
        }
    };
    if let Some(base) = &opts.base_url {
        config.base_url = base.trim_end_matches('/').to_string();
    }
    let prefix = config.path_prefix();

    let mut loaded = load::load(
        &load::LoadOptions {
            root: &opts.root,
            markdown: MarkdownOptions {
                allow_html: config.markdown.allow_html,
                highlight_code: config.markdown.highlight_code,
            },
            drafts: opts.drafts,
            prefix: &prefix,
        },
        diags,
    );
    let mut timings = Timings::new(start);
    timings.lap("load");
    let site = std::sync::Arc::new(link::link(&loaded.docs, &loaded.broken, &config, diags));
    // From here on the site holds every page's HTML; the documents keep what
    // diagnostics and rebuilds need (their text, headings and links), not a second copy.
    load::release_html(&mut loaded.docs);
    timings.lap("link");
    report.plans = site.plans.len();
    report.targets = site.targets().count();
    report.initiatives = site.initiatives().count();

    let statics = static_files(&opts.root, &config.theme);
    let hashes: BTreeMap<String, String> = statics
        .iter()
        .map(|(rel, path)| {
            (
                rel.clone(),
                std::fs::read(path)
                    .map(|b| content_hash(&b))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let templates = match render::prepare(&opts.root, &config, &site, &loaded.docs, hashes) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            diags.sort();
            report.elapsed = start.elapsed();
            return (report, None);
        }
    };

    let staging = if opts.check_only {
        None
    } else {
        match write::Staging::new(&opts.output_dir(), config.minify_html) {
            Ok(s) => Some(s),
            Err(e) => {
                diags.push(Diagnostic::error(format!(
                    "kan ikke oprette mappen til sitet ved siden af {}: {}",
                    opts.output_dir().display(),
                    io_text(&e)
                )));
                report.elapsed = start.elapsed();
                return (report, None);
            }
        }
    };

    timings.lap("templates");
    let no_overrides = std::collections::HashMap::new();
    let (jobs, sitemap) = render::jobs(&config, &site, &loaded.docs, None, &no_overrides);
    timings.lap("contexts");
    report.pages = jobs.len();
    if let Some(p) = &opts.progress {
        p.pages.store(jobs.len(), Ordering::Relaxed);
    }
    let render_diags = Mutex::new(Vec::new());
    // The open data and the search index need only the linked site: they are made
    // while the pages render.
    // The index writes its files into the staging folder as it makes them.
    let index_into = staging.as_ref().filter(|_| config.search.enabled);
    let ((), (data, search_index)) = rayon::join(
        || {
            let write = |out: &str, html: &str| {
                if let Some(p) = &opts.progress {
                    p.written.fetch_add(1, Ordering::Relaxed);
                }
                match &staging {
                    Some(s) => s.write_html(out, html),
                    None => Ok(()),
                }
            };
            render::render_all(&templates, jobs, &write, &render_diags)
        },
        || {
            rayon::join(
                || {
                    staging
                        .as_ref()
                        .map(|s| render::data::write(&config, &site, s))
                },
                || index_into.map(|s| index::build(&site, &|rel, bytes| s.write(rel, bytes))),
            )
        },
    );
    diags.extend(render_diags.into_inner().unwrap_or_default());
    timings.lap("render");

    if let Some(Err(e)) = data {
        diags.push(Diagnostic::error(format!(
            "kan ikke skrive de åbne data: {}",
            io_text(&e)
        )));
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (out, text) in render::site_files(&templates, &config, &site, &sitemap, diags) {
        if out.ends_with(".html") {
            if let Some(s) = &staging
                && let Err(e) = s.write_html(&out, &text)
            {
                diags.push(Diagnostic::error(format!(
                    "kan ikke skrive {out}: {}",
                    io_text(&e)
                )));
            }
        } else {
            files.push((out, text.into_bytes()));
        }
    }
    if loaded.highlighter.was_used() {
        files.push((
            "highlight.css".into(),
            load::markdown::code_stylesheet().into_bytes(),
        ));
    }

    report.pages += 1;

    // `check` skips the search index: it checks nothing.
    if let Some(Err(e)) = search_index {
        diags.push(Diagnostic::error(format!(
            "kan ikke skrive søgeindekset: {}",
            io_text(&e)
        )));
    }
    timings.lap("data and feeds");
    if let Some(staging) = staging {
        let write = || -> std::io::Result<()> {
            for (rel, source) in &statics {
                staging.copy(source, rel)?;
            }
            for asset in &loaded.assets {
                let rel = asset_path(&asset.rel);
                staging.copy(&asset.source, &rel)?;
            }
            for (rel, bytes) in &files {
                staging.write(rel, bytes)?;
            }
            Ok(())
        };
        if let Err(e) = write() {
            diags.push(Diagnostic::error(format!(
                "kan ikke skrive sitet: {}",
                io_text(&e)
            )));
        }
        if diags.has_errors() {
            staging.abandon();
        } else {
            match staging.publish(&opts.output_dir()) {
                Ok(()) => report.published = true,
                Err(e) => diags.push(Diagnostic::error(format!(
                    "kan ikke udgive til {}: {}",
                    opts.output_dir().display(),
                    io_text(&e)
                ))),
            }
        }
    }
    timings.lap("write");
    diags.sort();
    report.timings = timings.laps;
    report.elapsed = start.elapsed();
    let built = report.published.then(|| Built {
        opts: opts.clone(),
        config,
        docs: loaded.docs,
        urls: loaded.urls,
        site,
        templates,
        overrides: std::collections::HashMap::new(),
    });
    (report, built)
}

/// Stage timings: each `lap` records the time since the previous one.
struct Timings {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn new(start: Instant) -> Self {
        Timings {
            last: start,
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Where a content asset is published: beside its page, with the page's slugged folders.
fn asset_path(rel: &str) -> String {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let folder = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            // Chapter-style number prefixes stay: assets keep their folder names.
            if slug::is_slug(s) {
                s.to_string()
            } else {
                slug::slugify(s)
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// Static files of the theme, overridden by the site's `static/`: output path → source.
pub fn static_files(root: &Path, theme: &str) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for dir in [
        root.join("themes").join(theme).join("static"),
        root.join("static"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(&dir) {
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    entry.path().to_path_buf(),
                );
            }
        }
    }
    out
}

/// A short, stable content hash (FNV-1a) for cache-busting static file links.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:010x}", h & 0xff_ffff_ffff)
}
