//! Rendering: every page of the site through Tera, in parallel, plus the open data,
//! feed, sitemap and robots.txt.
//!
//! Each thing is serialized to a Tera value once and shared: a plan's value is built
//! once and handed to all its chapters, and the lists every page may use live in the
//! Tera instance's global context as `site`. No page's context copies the whole site.

pub mod chart;
pub mod data;
pub mod figures;
mod functions;
pub mod templates;

use std::collections::BTreeMap;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile, io_text};
use crate::link::{self, Site};
pub use templates::TemplateSet;

/// One page to render: its output path, template and context.
pub struct Job<'a> {
    /// Output path relative to the output folder: `kommuner/x/index.html`.
    pub out: String,
    pub template: String,
    pub context: Context,
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

/// Sets up Tera: filters and functions first (Tera checks at parse time that every
/// function a template calls exists), then all templates in one go.
pub fn prepare(
    root: &Path,
    config: &Config,
    site: &Arc<Site>,
    docs: &[crate::load::Doc],
    static_hashes: BTreeMap<String, String>,
) -> Result<TemplateSet, Vec<Diagnostic>> {
    let sources = templates::read_templates(root, &config.theme)?;
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    functions::register(&mut tera, config, site, docs, static_hashes);
    tera.global_context().insert("config", config);
    tera.global_context()
        .insert_value("site", site_value(config, site));
    tera.global_context().insert("lang", "da");
    templates::compile(&mut tera, &sources).map_err(|d| vec![d])?;
    Ok(TemplateSet { tera, sources })
}

/// What every page may use: the lists of the domain, without the heavy parts.
fn site_value(config: &Config, site: &Site) -> Value {
    #[derive(Serialize)]
    struct MunicipalitySummary<'a> {
        slug: &'a str,
        title: &'a str,
        short_title: &'a str,
        url: &'a str,
        region: &'a Option<String>,
        description: &'a str,
        plans: Vec<PlanSummary<'a>>,
    }
    let current_year = config
        .current_year
        .or_else(|| site.years.last().copied())
        .unwrap_or(0);
    #[derive(Serialize)]
    struct GoalSummary<'a> {
        slug: &'a str,
        title: &'a str,
        short_title: &'a str,
        url: &'a str,
        years: &'a [i32],
        numbers: &'a BTreeMap<String, u32>,
        description: &'a str,
    }
    #[derive(Serialize)]
    struct Year {
        year: i32,
        url: String,
        plans: usize,
    }
    let prefix = config.path_prefix();
    let value = serde_json::json!({
        "minister_goals": site.minister_goals.iter().map(|g| GoalSummary {
            slug: &g.slug, title: &g.title, short_title: &g.short_title, url: &g.url,
            years: &g.years, numbers: &g.numbers, description: &g.description,
        }).collect::<Vec<_>>(),
        "target_groups": site.target_groups.iter().map(|g| serde_json::json!({
            "slug": g.slug, "title": g.title, "short_title": g.short_title, "url": g.url, "description": g.description,
        })).collect::<Vec<_>>(),
        "municipalities": site.municipalities.iter().map(|m| MunicipalitySummary {
            slug: &m.slug, title: &m.title, short_title: &m.short_title, url: &m.url, region: &m.region,
            description: &m.description,
            plans: m.plans.iter().map(|&i| summary(&site.plans[i])).collect(),
        }).collect::<Vec<_>>(),
        "plans": site.plans.iter().map(summary).collect::<Vec<_>>(),
        "years": site.years.iter().rev().map(|&y| Year {
            year: y,
            url: format!("{prefix}/overblik/{y}/"),
            plans: site.plans.iter().filter(|p| p.year == y).count(),
        }).collect::<Vec<_>>(),
        "current_year": current_year,
        "minister_goal_years": goal_years(site),
        "counts": {
            "plans": site.plans.len(),
            "municipalities": site.municipalities.len(),
            "targets": site.targets().count(),
            "initiatives": site.initiatives().count(),
            "minister_goals": site.minister_goals.len(),
        },
        "prefix": prefix,
        "search": config.search.enabled,
    });
    Value::from_serializable(&value)
}

/// A plan at a glance: what lists of plans show, without the plan's contents.
#[derive(Serialize)]
struct PlanSummary<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    year: i32,
    municipality: &'a str,
    municipality_name: &'a str,
    summary: &'a Option<String>,
    goals: usize,
    targets: usize,
    initiatives: usize,
    chapters: usize,
    /// Slugs of the minister goals the plan answers.
    addressed: &'a [String],
    /// The same goals as links, in the year's order.
    addressed_goals: Vec<&'a link::Ref>,
}

fn summary(p: &link::Plan) -> PlanSummary<'_> {
    PlanSummary {
        id: &p.id,
        title: &p.title,
        url: &p.url,
        year: p.year,
        municipality: &p.municipality.slug,
        municipality_name: &p.municipality_name,
        summary: &p.summary,
        goals: p.goals.len(),
        targets: p.targets.len(),
        initiatives: p.initiatives.len(),
        chapters: p.chapters.len(),
        addressed: &p.addressed,
        addressed_goals: p
            .goal_map
            .iter()
            .filter_map(|e| e.minister_goal.as_ref())
            .filter(|g| p.addressed.contains(&g.slug))
            .collect(),
    }
}

/// The minister's list for each year, newest first, in the year's order.
fn goal_years(site: &Site) -> Vec<serde_json::Value> {
    let mut years: Vec<i32> = site
        .minister_goals
        .iter()
        .flat_map(|g| g.years.iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
        .iter()
        .rev()
        .map(|&y| {
            let mut goals: Vec<&link::MinisterGoal> = site.minister_goals.iter().filter(|g| g.in_force(y)).collect();
            goals.sort_by_key(|g| (g.number_in(y).unwrap_or(u32::MAX), g.slug.clone()));
            serde_json::json!({
                "year": y,
                "plans": site.plans.iter().filter(|p| p.year == y).count(),
                "goals": goals.iter().map(|g| serde_json::json!({
                    "number": g.number_in(y), "slug": g.slug, "title": g.title, "short_title": g.short_title, "url": g.url,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// A plan's Tera value, built once for all of the plan's pages.
fn plan_value_of(cell: &OnceLock<Value>, plan: &link::Plan) -> Value {
    cell.get_or_init(|| Value::from_serializable(plan)).clone()
}

/// The context of a chapter's page.
fn chapter_context(
    plan: &link::Plan,
    ci: usize,
    plan_value: Value,
    municipality: Value,
    content: &str,
) -> Context {
    let chapter = &plan.chapters[ci];
    let as_ref = |c: &link::Chapter| link::Ref {
        slug: c.slug.clone(),
        title: c.title.clone(),
        url: c.url.clone(),
    };
    let mut cx = Context::new();
    cx.insert_value("plan", plan_value);
    cx.insert_value("municipality", municipality);
    cx.insert("chapter", &ChapterPage { chapter, content });
    let initiatives: Vec<&link::Initiative> = chapter
        .initiatives
        .iter()
        .map(|&i| &plan.initiatives[i])
        .collect();
    cx.insert("initiatives", &initiatives);
    cx.insert("chapter_number", &(ci + 1));
    cx.insert(
        "prev",
        &ci.checked_sub(1).map(|i| as_ref(&plan.chapters[i])),
    );
    cx.insert("next", &plan.chapters.get(ci + 1).map(as_ref));
    cx
}

/// What a document rendered again after an edit shows instead of what the linked site
/// holds (see `rebuild`).
#[derive(Clone, Debug)]
pub struct Override {
    pub content: Arc<str>,
    pub description: String,
}

/// A chapter with its content, for the chapter's own page.
#[derive(Serialize)]
struct ChapterPage<'a> {
    #[serde(flatten)]
    chapter: &'a link::Chapter,
    content: &'a str,
}

/// A breadcrumb trail item.
#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    url: String,
}

struct Builder<'a> {
    config: &'a Config,
    site: &'a Site,
    docs: &'a [crate::load::Doc],
    prefix: String,
    jobs: Vec<Job<'a>>,
    /// Site paths of every HTML page, for the sitemap.
    sitemap: Vec<String>,
    /// Only the pages of these documents (a rebuild after an edit); `None`: all pages.
    only: Option<&'a HashSet<usize>>,
    /// Documents whose HTML changed since the site was linked.
    overrides: &'a HashMap<usize, Override>,
}

impl<'a> Builder<'a> {
    fn wants(&self, doc: Option<usize>) -> bool {
        match self.only {
            None => true,
            Some(set) => doc.is_some_and(|d| set.contains(&d)),
        }
    }

    /// The HTML of a document: the override from a rebuild, or what the site holds.
    fn content_of(&self, doc: usize, linked: &Arc<str>) -> Arc<str> {
        self.overrides
            .get(&doc)
            .map_or(linked, |o| &o.content)
            .clone()
    }

    fn description_of<'s>(&'s self, doc: usize, linked: &'s str) -> &'s str {
        self.overrides
            .get(&doc)
            .map_or(linked, |o| o.description.as_str())
    }

    fn crumb(&self, title: &str, path: &str) -> Crumb {
        Crumb {
            title: title.to_string(),
            url: format!("{}{path}", self.prefix),
        }
    }

    fn section_title(&self, rel: &str, fallback: &str) -> String {
        self.site
            .pages
            .iter()
            .find(|p| p.relative_path == rel)
            .map_or_else(|| fallback.to_string(), |p| p.title.clone())
    }

    fn section_value(&self, rel: &str, title: &str, path: &str) -> Value {
        match self.site.pages.iter().find(|p| p.relative_path == rel) {
            Some(p) => Value::from_serializable(p),
            None => Value::from_serializable(&serde_json::json!({
                "title": title, "description": "", "content": "", "url": format!("{}{path}", self.prefix),
                "permalink": self.config.permalink(path), "path": path, "toc": [], "extra": {}, "pages": [],
                "relative_path": rel, "is_section": true, "has_code": false, "weight": 0,
            })),
        }
    }

    /// Whether a document is a draft, or inside a draft plan or municipality (its pages
    /// then carry the "Kladde" banner; drafts are only built with `--drafts`).
    fn is_draft(&self, d: usize) -> bool {
        use crate::load::Place;
        let doc = &self.docs[d];
        doc.is_draft()
            || (matches!(doc.place, Place::Chapter { .. } | Place::Plan { .. })
                && self.docs.iter().any(|p| {
                    matches!(p.place, Place::Plan { .. } | Place::Municipality { .. })
                        && p.is_draft()
                        && doc.rel.starts_with(p.rel.trim_end_matches("_index.md"))
                }))
    }

    /// Adds a page: `path` is the site path (`/kommuner/x/`), `crumbs` the trail above it.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &mut self,
        path: &str,
        template: &str,
        title: &str,
        description: &str,
        crumbs: Vec<Crumb>,
        mut context: Context,
        doc: Option<usize>,
    ) -> bool {
        if !self.wants(doc) {
            return false;
        }
        let out = format!("{}index.html", path.trim_start_matches('/'));
        context.insert("current_path", &format!("{}{path}", self.prefix));
        context.insert("current_url", &self.config.permalink(path));
        let crumb = title.split(" – ").next().unwrap_or(title);
        context.insert(
            "meta",
            &serde_json::json!({
                "title": title,
                "crumb": crumb,
                "description": crate::text::first_sentences(description, 300),
                "permalink": self.config.permalink(path),
            }),
        );
        context.insert("has_code", &doc.is_some_and(|d| self.docs[d].md.has_code));
        context.insert("draft", &doc.is_some_and(|d| self.is_draft(d)));
        context.insert("breadcrumbs", &crumbs);
        self.sitemap.push(path.to_string());
        self.jobs.push(Job {
            out,
            template: template.to_string(),
            context,
            more: None,
            doc: doc.map(|d| self.docs[d].file.clone()),
            site_wide: false,
        });
        true
    }

    /// Like `page`, with the context built later, in parallel with other pages.
    #[allow(clippy::too_many_arguments)]
    fn page_lazy(
        &mut self,
        path: &str,
        template: &str,
        title: &str,
        description: &str,
        crumbs: Vec<Crumb>,
        doc: Option<usize>,
        make: impl FnOnce() -> Context + Send + 'a,
    ) -> bool {
        let added = self.page(
            path,
            template,
            title,
            description,
            crumbs,
            Context::new(),
            doc,
        );
        if added && let Some(job) = self.jobs.last_mut() {
            job.more = Some(Box::new(make));
        }
        added
    }

    /// Marks the page just added as one that lists the whole site.
    fn site_wide(&mut self) {
        if let Some(job) = self.jobs.last_mut() {
            job.site_wide = true;
        }
    }
}

/// Builds the list of every page to render.
pub fn jobs<'a>(
    config: &'a Config,
    site: &'a Site,
    docs: &'a [crate::load::Doc],
    only: Option<&'a HashSet<usize>>,
    overrides: &'a HashMap<usize, Override>,
) -> (Vec<Job<'a>>, Vec<String>) {
    let mut b = Builder {
        config,
        site,
        docs,
        prefix: config.path_prefix(),
        jobs: Vec::new(),
        sitemap: Vec::new(),
        only,
        overrides,
    };
    let home = b.crumb("Forside", "/");

    // Ordinary pages and sections, including the front page.
    for p in &site.pages {
        let domain_list = [
            "ministermaal/_index.md",
            "maalgrupper/_index.md",
            "kommuner/_index.md",
        ];
        if domain_list.contains(&p.relative_path.as_str()) {
            continue;
        }
        let template = p.template.clone().unwrap_or_else(|| {
            if p.path == "/" {
                "index.html".into()
            } else if p.is_section {
                "section.html".into()
            } else {
                "page.html".into()
            }
        });
        if !b.wants(Some(p.doc)) {
            continue;
        }
        let mut cx = Context::new();
        let key = if p.is_section { "section" } else { "page" };
        if b.overrides.contains_key(&p.doc) {
            let mut changed = p.clone();
            changed.content = b.content_of(p.doc, &p.content);
            cx.insert(key, &changed);
        } else {
            cx.insert(key, p);
        }
        let crumbs = if p.path == "/" {
            vec![]
        } else {
            vec![home.clone()]
        };
        b.page(
            &p.path,
            &template,
            &p.title,
            &p.description,
            crumbs,
            cx,
            Some(p.doc),
        );
    }

    // Minister goals.
    let title = b.section_title("ministermaal/_index.md", "Ministerens mål");
    let mut cx = Context::new();
    cx.insert_value(
        "section",
        b.section_value("ministermaal/_index.md", &title, "/ministermaal/"),
    );
    let intro = desc_of(site, "ministermaal/_index.md");
    b.page(
        "/ministermaal/",
        "minister_goals.html",
        &title,
        &intro,
        vec![home.clone()],
        cx,
        None,
    );
    let goals_crumb = b.crumb(&title, "/ministermaal/");
    for g in &site.minister_goals {
        let path = path_of(&g.url, &b.prefix);
        let added = b.page_lazy(
            &path,
            "minister_goal.html",
            &g.title,
            &g.description,
            vec![home.clone(), goals_crumb.clone()],
            Some(g.doc),
            move || {
                let mut cx = Context::new();
                cx.insert("goal", g);
                cx.insert("goal_years", &link::goal_years(g, &site.plans));
                cx
            },
        );
        if added {
            b.site_wide();
        }
    }

    // Target groups.
    let title = b.section_title("maalgrupper/_index.md", "Målgrupper");
    let mut cx = Context::new();
    cx.insert_value(
        "section",
        b.section_value("maalgrupper/_index.md", &title, "/maalgrupper/"),
    );
    let intro = desc_of(site, "maalgrupper/_index.md");
    b.page(
        "/maalgrupper/",
        "target_groups.html",
        &title,
        &intro,
        vec![home.clone()],
        cx,
        None,
    );
    let groups_crumb = b.crumb(&title, "/maalgrupper/");
    for g in &site.target_groups {
        let path = path_of(&g.url, &b.prefix);
        let added = b.page_lazy(
            &path,
            "target_group.html",
            &g.title,
            &g.description,
            vec![home.clone(), groups_crumb.clone()],
            Some(g.doc),
            move || {
                let mut cx = Context::new();
                cx.insert("group", g);
                cx.insert("group_plans", &link::group_plans(&g.slug, &site.plans));
                cx
            },
        );
        if added {
            b.site_wide();
        }
    }

    // Municipalities, plans and chapters. A plan's value is built once for all its pages.
    let title = b.section_title("kommuner/_index.md", "Kommuner");
    let mut cx = Context::new();
    cx.insert_value(
        "section",
        b.section_value("kommuner/_index.md", &title, "/kommuner/"),
    );
    let intro = desc_of(site, "kommuner/_index.md");
    b.page(
        "/kommuner/",
        "municipalities.html",
        &title,
        &intro,
        vec![home.clone()],
        cx,
        None,
    );
    let municipalities_crumb = b.crumb(&title, "/kommuner/");
    for m in &site.municipalities {
        let touched = |d: usize| b.wants(Some(d));
        let any_wanted = touched(m.doc)
            || m.plans.iter().any(|&pi| {
                let plan = &site.plans[pi];
                touched(plan.doc) || plan.chapters.iter().any(|c| touched(c.doc))
            });
        if !any_wanted {
            continue;
        }
        let municipality = Value::from_serializable(m);
        let plans: Vec<PlanSummary> = m.plans.iter().map(|&i| summary(&site.plans[i])).collect();
        let mut cx = Context::new();
        cx.insert_value("municipality", municipality.clone());
        cx.insert("plans", &plans);
        let m_path = path_of(&m.url, &b.prefix);
        b.page(
            &m_path,
            "municipality.html",
            &m.title,
            &m.description,
            vec![home.clone(), municipalities_crumb.clone()],
            cx,
            Some(m.doc),
        );
        let m_crumb = b.crumb(&m.short_title, &m_path);
        for &pi in &m.plans {
            let plan = &site.plans[pi];
            // The plan's value is built by whichever of its pages renders first and
            // dropped with the last: only the plans being rendered are held at once.
            let plan_value = Arc::new(OnceLock::new());
            let p_path = path_of(&plan.url, &b.prefix);
            let title = format!("{} – {}", plan.title, m.title);
            let crumbs = vec![home.clone(), municipalities_crumb.clone(), m_crumb.clone()];
            let (shared, municipality_value) = (plan_value.clone(), municipality.clone());
            b.page_lazy(
                &p_path,
                "plan.html",
                &title,
                &plan.description,
                crumbs.clone(),
                Some(plan.doc),
                move || {
                    let mut cx = Context::new();
                    cx.insert_value("plan", plan_value_of(&shared, plan));
                    cx.insert_value("municipality", municipality_value);
                    cx
                },
            );
            let p_crumb = b.crumb(&plan.year.to_string(), &p_path);
            for (ci, chapter) in plan.chapters.iter().enumerate() {
                let mut crumbs = crumbs.clone();
                crumbs.push(p_crumb.clone());
                let title = format!("{} – {} {}", chapter.title, m.short_title, plan.year);
                let path = path_of(&chapter.url, &b.prefix);
                let shared = plan_value.clone();
                let municipality = municipality.clone();
                let content = b.content_of(chapter.doc, &chapter.content);
                let description = b
                    .description_of(chapter.doc, &chapter.description)
                    .to_string();
                b.page_lazy(
                    &path,
                    "chapter.html",
                    &title,
                    &description,
                    crumbs,
                    Some(chapter.doc),
                    move || {
                        chapter_context(
                            plan,
                            ci,
                            plan_value_of(&shared, plan),
                            municipality,
                            &content,
                        )
                    },
                );
            }
        }
    }

    // The coverage matrix, one page per year, and an overview of years.
    if b.only.is_none() {
        let mut years = Vec::new();
        let coverage_crumb = b.crumb("Overblik", "/overblik/");
        for &year in site.years.iter().rev() {
            let path = format!("/overblik/{year}/");
            let cov = link::coverage(year, format!("{}{path}", b.prefix), site);
            let mut cx = Context::new();
            cx.insert("coverage", &cov);
            let title = format!("Overblik {year}: kommunernes svar på ministerens mål");
            let description = format!(
                "Hvilke af beskæftigelsesministerens mål for {year} hver kommunes beskæftigelsesplan arbejder med: mål, resultatmål og indsatser."
            );
            b.page(
                &path,
                "coverage.html",
                &title,
                &description,
                vec![home.clone(), coverage_crumb.clone()],
                cx,
                None,
            );
            years.push(cov);
        }
        let mut cx = Context::new();
        cx.insert("coverage_years", &years);
        b.page(
        "/overblik/",
        "coverage_index.html",
        "Overblik",
        "Overblik over, hvordan kommunernes beskæftigelsesplaner svarer på ministerens mål år for år.",
        vec![home.clone()],
        cx,
        None,
    );
    }

    // Open data documentation.
    let mut cx = Context::new();
    cx.insert("datasets", &data::datasets(&b.prefix));
    cx.insert("fields", &data::field_docs());
    b.page(
        "/data/",
        "data.html",
        "Åbne data",
        "Alle mål, resultatmål og indsatser fra beskæftigelsesplanerne som JSON og CSV med dokumenteret skema.",
        vec![home.clone()],
        cx,
        None,
    );

    // The search page (filled in by the search index when it is enabled).
    if config.search.enabled {
        b.page(
            "/soeg/",
            "search.html",
            "Søg",
            "Søg i kommunernes beskæftigelsesplaner: mål, resultatmål, indsatser og kapitler.",
            vec![home.clone()],
            Context::new(),
            None,
        );
    }

    let sitemap = std::mem::take(&mut b.sitemap);
    (b.jobs, sitemap)
}

fn desc_of(site: &Site, rel: &str) -> String {
    site.pages
        .iter()
        .find(|p| p.relative_path == rel)
        .map(|p| p.description.clone())
        .unwrap_or_default()
}

/// The site path of a URL that carries the prefix.
fn path_of(url: &str, prefix: &str) -> String {
    url.strip_prefix(prefix).unwrap_or(url).to_string()
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
    write: &(dyn Fn(&str, &str) -> std::io::Result<()> + Sync),
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
    write: &(dyn Fn(&str, &str) -> std::io::Result<()> + Sync),
    diags: &Mutex<Vec<Diagnostic>>,
) {
    if let Some(more) = job.more.take() {
        job.context.extend(more());
    }
    match set.tera.render(&job.template, &job.context) {
        Ok(html) => {
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
