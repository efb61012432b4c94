//! The build: the pipeline on one screen.
//!
//! [`build_keeping`] reads like the steps it takes — configure, load, link, prepare the
//! templates and the staging folder, render the pages while the open data and the
//! search index are made beside them, then publish — and each step is a function below
//! it or a stage's own entry point. Every step pushes what it finds to the report's
//! diagnostics and the build carries on where it can, so one run reports everything;
//! a step without which nothing more can be done returns `None` and the build stops
//! there. Nothing is published when any step found an error.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics, io_text};
use crate::load::markdown::MarkdownOptions;
use crate::{index, link, load, render, text, theme, write};

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
    /// "Today" for the targets' status (`--date`); without it, the newest result's date,
    /// so the same input always gives the same site.
    pub today: Option<load::front_matter::Period>,
    /// The process ends when this build is done (the `build` and `check` commands): what
    /// the build made in memory is left for the system to take back at exit instead of
    /// being freed value by value on one core, while the other idles (30–40 ms at
    /// 5,352 pages, the last steps of the build).
    pub exit_after: bool,
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
            today: None,
            exit_after: false,
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
    build_with(opts, Keep::No).0
}

/// What a published build leaves behind, so `serve` can rebuild only what an edit
/// changes (see [`crate::rebuild`]).
pub struct Built {
    pub(crate) opts: BuildOptions,
    pub(crate) config: Config,
    pub(crate) docs: Vec<load::Doc>,
    pub(crate) site: Arc<link::Site>,
    pub(crate) templates: render::TemplateSet,
    pub(crate) urls: load::markdown::UrlMap,
    /// The content's assets, where an edited page's pictures are looked up.
    pub(crate) files: load::images::Files,
    /// The content's files copied as they are, among them the plans' results
    /// spreadsheets.
    pub(crate) assets: Vec<load::Asset>,
    /// The site path of every page, for the sitemap.
    pub(crate) sitemap: Vec<String>,
    /// Every plan's records in the open data, in the site's order of plans.
    pub(crate) open_data: Vec<render::data::PlanRecords>,
    /// What the search index keeps to be brought up to date in part (none when the
    /// site has no search), and the plans (by their place in the site's plans) edited
    /// since it was last written.
    pub(crate) index: Option<index::Kept>,
    pub(crate) index_dirty: BTreeSet<usize>,
    /// The build's warnings (a published build has no errors): a rebuild reports them
    /// again, with those of the files it read anew replaced by what it found.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Builds like [`build`], and when the site was published also returns its state.
pub fn build_keeping(opts: &BuildOptions) -> (BuildReport, Option<Built>) {
    build_with(opts, Keep::Yes)
}

/// Whether a build keeps its state for rebuilds. A build that does not lets the
/// documents go once the pages are listed, so they are not held while the pages render.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Yes,
    No,
}

fn build_with(opts: &BuildOptions, keep: Keep) -> (BuildReport, Option<Built>) {
    let start = Instant::now();
    let mut report = BuildReport::default();
    let mut timings = Timings::new(start);
    let built = run(opts, keep, &mut report, &mut timings);
    report.diagnostics.sort();
    report.timings = timings.laps;
    report.elapsed = start.elapsed();
    (report, built)
}

/// The steps of a build, in order.
fn run(
    opts: &BuildOptions,
    keep: Keep,
    report: &mut BuildReport,
    timings: &mut Timings,
) -> Option<Built> {
    let diags = &mut report.diagnostics;
    let config = configure(opts, diags)?;
    let mut loaded = load::load(&load_options(opts, &config, &config.path_prefix()), diags);
    timings.lap("load");

    let mut site = link::link(&loaded.docs, &loaded.broken, &config, diags);
    link::results::attach(&mut site, &loaded.docs, &loaded.assets, opts.today, diags);
    render::chart::attach(&mut site);
    render::figures::attach(&mut site, &loaded.docs);
    site.pack_chapters();
    let site = Arc::new(site);
    // From here on the site holds every page's HTML; the documents keep what
    // diagnostics and rebuilds need (their front matter, headings and links).
    load::release_html(&mut loaded.docs);
    // What linking let go was made on the worker threads, in their allocator arenas;
    // the templates and the job list are made on this thread and would not reuse it.
    give_back_freed_memory();
    timings.lap("link");
    report.plans = site.plans.len();
    report.targets = site.targets().count();
    report.initiatives = site.initiatives().count();

    let sources = render::page_sources(&loaded.docs);
    if keep == Keep::No {
        // Millions of small values: dropped on every core (on one, 15–25 ms at 5,352
        // pages), and before the templates and the job list, so that neither is ever
        // held beside them: the documents and the linked site together are the peak of
        // a large build (at 21,057 pages, 236 MB loaded and 133 MB of plans linked).
        std::mem::take(&mut loaded.docs)
            .into_par_iter()
            .for_each(drop);
        give_back_freed_memory();
    }
    let statics = static_files(&opts.root, &config.theme, diags);
    check_search_script(&opts.root, &statics, diags);
    let hashes = static_hashes(&statics);
    let templates = match render::prepare(&opts.root, &config, &site, &loaded.urls, hashes) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let staging = open_staging(opts, &config, diags)?;
    timings.lap("templates");

    let (jobs, sitemap) = render::jobs(&config, &site, &sources, None);
    drop(sources);
    check_copies(
        &config,
        &copies(&opts.root, &statics, &loaded),
        &jobs,
        diags,
    );
    timings.lap("contexts");
    report.pages = jobs.len();
    if let Some(p) = &opts.progress {
        p.pages.store(jobs.len(), Ordering::Relaxed);
    }

    let outputs = Outputs {
        opts,
        config: &config,
        site: &site,
        staging: staging.as_ref(),
        keep,
    };
    let (data, search_index) = outputs.pages_data_and_index(&templates, jobs, diags);
    timings.lap("render");
    let open_data = match data {
        Some(Err(e)) => {
            diags.push(Diagnostic::error(format!(
                "kan ikke skrive de åbne data: {}",
                io_text(&e)
            )));
            Vec::new()
        }
        Some(Ok(records)) => records,
        None => Vec::new(),
    };
    let (files, pages) = outputs.site_files(&templates, &sitemap, &loaded, diags);
    report.pages += pages;
    // `check` skips the search index: it checks nothing.
    let search_index = match search_index {
        Some(Err(e)) => {
            diags.push(Diagnostic::error(format!(
                "kan ikke skrive søgeindekset: {}",
                io_text(&e)
            )));
            None
        }
        Some(Ok(kept)) => kept,
        None => None,
    };
    timings.lap("data and feeds");

    if let Some(staging) = staging {
        report.published = publish(opts, staging, &statics, &loaded, &files, diags);
    }
    timings.lap("write");
    if keep == Keep::No {
        // (A build that keeps nothing has no open data records or index state to keep.)
        if opts.exit_after {
            std::mem::forget((site, templates, loaded, sitemap));
        }
        return None;
    }
    report.published.then(|| Built {
        opts: opts.clone(),
        config,
        docs: loaded.docs,
        urls: loaded.urls,
        files: loaded.files,
        assets: loaded.assets,
        sitemap,
        open_data,
        index: search_index,
        index_dirty: BTreeSet::new(),
        warnings: diags.iter().cloned().collect(),
        site,
        templates,
    })
}

/// `config.toml`, with `-u` in place of its base URL, and the folder to publish to,
/// checked before anything is read or written.
fn configure(opts: &BuildOptions, diags: &mut Diagnostics) -> Option<Config> {
    let mut config = Config::load(&opts.root).map_err(|d| diags.push(d)).ok()?;
    if let Some(base) = &opts.base_url {
        if let Err(why) = config::check_base_url(base) {
            diags.push(
                Diagnostic::error(format!("`-u`/`--base-url` {why}: {base}"))
                    .with_help(config::BASE_URL_HELP),
            );
            return None;
        }
        config.base_url = base.trim_end_matches('/').to_string();
    }
    if !opts.check_only
        && let Err(d) = write::check_output(&opts.root, &opts.output_dir())
    {
        diags.push(d);
        return None;
    }
    Some(config)
}

fn load_options<'a>(
    opts: &'a BuildOptions,
    config: &Config,
    prefix: &'a str,
) -> load::LoadOptions<'a> {
    load::LoadOptions {
        root: &opts.root,
        markdown: MarkdownOptions {
            allow_html: config.markdown.allow_html,
            highlight_code: config.markdown.highlight_code,
        },
        drafts: opts.drafts,
        prefix,
    }
}

/// A portal's own `search.js` must read the index this build writes (see
/// [`theme::SEARCH_SCRIPT_FORMAT`]); the built-in one always does.
fn check_search_script(
    root: &Path,
    statics: &BTreeMap<String, theme::Source>,
    diags: &mut Diagnostics,
) {
    let Some(theme::Source::Portal(path)) = statics.get("search.js") else {
        return;
    };
    let Ok(bytes) = std::fs::read(path) else {
        return; // copying it reports why it cannot be read
    };
    if String::from_utf8_lossy(&bytes).contains(theme::SEARCH_SCRIPT_FORMAT) {
        return;
    }
    diags.push(
        Diagnostic::error(format!(
            "{} er skrevet til et andet søgeindeks end det, planportal bygger nu",
            path.strip_prefix(root).unwrap_or(path).display()
        ))
        .with_note(format!(
            "scriptet skal indeholde linjen `{}`; uden den ville søgningen vise forkerte citater. \
             Oftest er filen en kopi af standardtemaet fra en ældre planportal",
            theme::SEARCH_SCRIPT_FORMAT
        ))
        .with_help(
            "slet filen, så bruges den indbyggede search.js, der altid passer til indekset; \
             har du selv ændret den, så omdøb den, hent den nye med `planportal theme static/search.js`, og flyt dine ændringer over",
        ),
    );
}

/// The content hash of every static file, for the cache-busting links to it.
fn static_hashes(statics: &BTreeMap<String, theme::Source>) -> BTreeMap<String, String> {
    statics
        .iter()
        .map(|(rel, source)| {
            let hash = source
                .read()
                .map(|b| text::content_hash(&b))
                .unwrap_or_default();
            (rel.clone(), hash)
        })
        .collect()
}

/// The staging folder beside the output; `Some(None)` when only checking.
fn open_staging(
    opts: &BuildOptions,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Option<write::Staging>> {
    if opts.check_only {
        return Some(None);
    }
    match write::Staging::new(&opts.output_dir(), config.minify_html) {
        Ok(s) => Some(Some(s)),
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "kan ikke oprette mappen til sitet ved siden af {}: {}",
                opts.output_dir().display(),
                io_text(&e)
            )));
            None
        }
    }
}

/// A file the build copies as it is: its source, where it is shown from (its path in
/// the portal, for messages) and its path in the output.
struct Copy {
    source: theme::Source,
    shown: String,
    out: String,
}

/// The theme's and the site's static files, then the content's assets, in that order.
fn copies(
    root: &Path,
    statics: &BTreeMap<String, theme::Source>,
    loaded: &load::Loaded,
) -> Vec<Copy> {
    let shown = |rel: &str, source: &theme::Source| match source {
        theme::Source::Portal(p) => p.strip_prefix(root).map_or_else(
            |_| p.display().to_string(),
            |r| r.to_string_lossy().replace('\\', "/"),
        ),
        theme::Source::BuiltIn(_) => theme::built_in_shown(&format!("static/{rel}")),
    };
    statics
        .iter()
        .map(|(rel, source)| Copy {
            source: source.clone(),
            shown: shown(rel, source),
            out: rel.clone(),
        })
        .chain(loaded.assets.iter().map(|a| Copy {
            source: theme::Source::Portal(a.source.clone()),
            shown: format!("content/{}", a.rel),
            out: asset_path(&a.rel),
        }))
        .collect()
}

/// Copied files may not replace what the build makes, and the site's own files may
/// carry script only when the site opts in: checked before anything is written.
fn check_copies(config: &Config, copies: &[Copy], jobs: &[render::Job], diags: &mut Diagnostics) {
    let pages: HashSet<&str> = jobs.iter().map(|j| j.out.as_str()).collect();
    let named: Vec<(String, String)> = copies
        .iter()
        .map(|c| (c.shown.clone(), c.out.clone()))
        .collect();
    diags.extend(write::check_copies(&pages, &named));
    if config.markdown.allow_html {
        return;
    }
    for ((shown, rel), copy) in named.iter().zip(copies) {
        if (shown.starts_with("content/") || shown.starts_with("static/"))
            && load::active::can_run_script(rel)
            && let Ok(bytes) = copy.source.read()
            && let Some(what) = load::active::script_in(&bytes)
        {
            diags.push(load::active::diagnostic(shown, what));
        }
    }
}

/// What the three outputs of a linked site are made from and written into.
struct Outputs<'a> {
    opts: &'a BuildOptions,
    config: &'a Config,
    site: &'a link::Site,
    staging: Option<&'a write::Staging>,
    /// Whether the build keeps its state: then the open data's records are kept.
    keep: Keep,
}

/// The open data written, with the plans' records when the build keeps them.
type Written = Option<std::io::Result<Vec<render::data::PlanRecords>>>;

impl Outputs<'_> {
    /// Renders every page while the open data and the search index are made beside
    /// them: both need only the linked site. The index writes its files into the
    /// staging folder as it makes them.
    fn pages_data_and_index(
        &self,
        templates: &render::TemplateSet,
        jobs: Vec<render::Job>,
        diags: &mut Diagnostics,
    ) -> (Written, Option<std::io::Result<Option<index::Kept>>>) {
        let render_diags = Mutex::new(Vec::new());
        let index_into = self.staging.filter(|_| self.config.search.enabled);
        let ((), outputs) = rayon::join(
            || {
                let write = |out: &str, html: &[u8]| {
                    if let Some(p) = &self.opts.progress {
                        p.written.fetch_add(1, Ordering::Relaxed);
                    }
                    match self.staging {
                        Some(s) => s.write_html(out, html),
                        None => Ok(()),
                    }
                };
                render::render_all(templates, jobs, &write, &render_diags)
            },
            || {
                rayon::join(
                    || {
                        self.staging.map(|s| {
                            let keep = self.keep == Keep::Yes;
                            render::data::write(self.config, self.site, &|rel| s.create(rel), keep)
                        })
                    },
                    || {
                        index_into.map(|s| {
                            let write = |rel: &str, bytes: &[u8]| s.write(rel, bytes);
                            match self.keep {
                                Keep::Yes => index::build_keeping(self.site, &write)
                                    .map(|(_, kept)| Some(kept)),
                                Keep::No => index::build(self.site, &write).map(|_| None),
                            }
                        })
                    },
                )
            },
        );
        diags.extend(render_diags.into_inner().unwrap_or_default());
        outputs
    }

    /// The feed, sitemap, robots.txt and 404 page, and the code stylesheet when a page
    /// has code: the HTML among them is written at once, the rest returned to be
    /// written with the copies. Also returns how many pages it wrote.
    fn site_files(
        &self,
        templates: &render::TemplateSet,
        sitemap: &[String],
        loaded: &load::Loaded,
        diags: &mut Diagnostics,
    ) -> (Vec<(String, Vec<u8>)>, usize) {
        let mut files = Vec::new();
        let mut pages = 0;
        for (out, text) in render::site_files(templates, self.config, self.site, sitemap, diags) {
            if !out.ends_with(".html") {
                files.push((out, text.into_bytes()));
                continue;
            }
            pages += 1;
            if let Some(s) = self.staging
                && let Err(e) = s.write_html(&out, text.as_bytes())
            {
                diags.push(Diagnostic::error(format!(
                    "kan ikke skrive {out}: {}",
                    io_text(&e)
                )));
            }
        }
        if loaded.highlighter.was_used() {
            files.push((
                load::markdown::CODE_STYLESHEET.into(),
                load::markdown::code_stylesheet().into_bytes(),
            ));
        }
        (files, pages)
    }
}

/// Copies the static files and assets, writes the remaining files, and publishes the
/// staging folder when the build found no error (else abandons it). Returns whether
/// the site was published.
fn publish(
    opts: &BuildOptions,
    staging: write::Staging,
    statics: &BTreeMap<String, theme::Source>,
    loaded: &load::Loaded,
    files: &[(String, Vec<u8>)],
    diags: &mut Diagnostics,
) -> bool {
    // Each copied file that fails is named, with the system's reason. The built-in
    // theme's files are written from the binary.
    let mut portal = Vec::new();
    let mut built_in = Vec::new();
    for c in copies(&opts.root, statics, loaded) {
        match c.source {
            theme::Source::Portal(path) => portal.push((path, c.out)),
            theme::Source::BuiltIn(bytes) => built_in.push((c.out, bytes)),
        }
    }
    diags.extend(write::copy_all(&staging, &opts.root, portal));
    let written = built_in
        .iter()
        .map(|(rel, bytes)| (rel.as_str(), *bytes))
        .chain(
            files
                .iter()
                .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice())),
        )
        .try_for_each(|(rel, bytes)| staging.write(rel, bytes));
    if let Err(e) = written {
        diags.push(Diagnostic::error(format!(
            "kan ikke skrive sitet: {}",
            io_text(&e)
        )));
    }
    if diags.has_errors() {
        staging.abandon();
        return false;
    }
    match staging.publish(&opts.output_dir()) {
        Ok(()) => true,
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "kan ikke udgive til {}: {}",
                opts.output_dir().display(),
                io_text(&e)
            )));
            false
        }
    }
}

/// Returns the heap pages freed so far to the system. What loading and linking left
/// (the documents' bodies, the lists' spare room) is freed in small pieces among
/// pieces still in use, and glibc's allocator keeps such pages mapped: the rendering
/// and the search index then grew the process beyond them, and the peak memory of a
/// 20,000-page build was what linking left plus the index. Takes a few milliseconds.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Stage timings of a build or a rebuild: each `lap` records the time since the
/// previous one.
pub(crate) struct Timings {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub(crate) fn new(start: Instant) -> Self {
        Timings {
            last: start,
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Where a content asset is published: beside its page, with the page's slugged folders.
fn asset_path(rel: &str) -> String {
    load::images::published_path(rel)
}

/// Static files of the built-in theme, replaced file by file by the portal's theme
/// folder and then by its `static/` (see [`theme`]): output path → source. Links out of
/// the portal are not followed (see [`load::walk`]).
pub fn static_files(
    root: &Path,
    theme: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, theme::Source> {
    let mut out: BTreeMap<String, theme::Source> = theme::built_in("static")
        .into_iter()
        .map(|(rel, bytes)| (rel, theme::Source::BuiltIn(bytes)))
        .collect();
    let inside = load::walk::Inside::new(root);
    for dir in [
        root.join("themes").join(theme).join("static"),
        root.join("static"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| inside.allows(e))
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(&dir) {
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    theme::Source::Portal(entry.path().to_path_buf()),
                );
            }
        }
    }
    diags.extend(inside.diagnostics());
    out
}
