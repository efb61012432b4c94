//! Rendering: every page of the site through Tera, in parallel, plus the open data,
//! feed, sitemap and robots.txt.
//!
//! Each thing is serialized to a Tera value once and shared: a plan's value is built
//! once and handed to all its chapters, and the lists every page may use live in the
//! Tera instance's global context as `site`. No page's context copies the whole site.

pub mod data;
mod functions;
pub mod templates;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::link::{self, Site};
use crate::write::Staging;
pub use templates::TemplateSet;

/// One page to render: its output path, template and context.
pub struct Job {
    /// Output path relative to the output folder: `kommuner/x/index.html`.
    pub out: String,
    pub template: String,
    pub context: Context,
    /// Where to point a template error that only this page triggers.
    pub doc: Option<SourceFile>,
}

/// Sets up Tera: filters and functions first (Tera checks at parse time that every
/// function a template calls exists), then all templates in one go.
pub fn prepare(
    root: &Path,
    config: &Config,
    site: &Site,
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
    struct PlanSummary<'a> {
        id: &'a str,
        title: &'a str,
        url: &'a str,
        year: i32,
        municipality: &'a str,
        municipality_name: &'a str,
        summary: &'a Option<String>,
        targets: usize,
        initiatives: usize,
        chapters: usize,
        addressed: &'a [String],
    }
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
    fn summary(p: &link::Plan) -> PlanSummary<'_> {
        PlanSummary {
            id: &p.id,
            title: &p.title,
            url: &p.url,
            year: p.year,
            municipality: &p.municipality.slug,
            municipality_name: &p.municipality_name,
            summary: &p.summary,
            targets: p.targets.len(),
            initiatives: p.initiatives.len(),
            chapters: p.chapters.len(),
            addressed: &p.addressed,
        }
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
    jobs: Vec<Job>,
    /// Site paths of every HTML page, for the sitemap.
    sitemap: Vec<String>,
}

impl Builder<'_> {
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
    ) {
        let out = format!("{}index.html", path.trim_start_matches('/'));
        context.insert("current_path", &format!("{}{path}", self.prefix));
        context.insert("current_url", &self.config.permalink(path));
        let crumb = title.split(" – ").next().unwrap_or(title);
        context.insert(
            "meta",
            &serde_json::json!({
                "title": title,
                "crumb": crumb,
                "description": crate::link::first_sentences(description, 300),
                "permalink": self.config.permalink(path),
            }),
        );
        context.insert("has_code", &doc.is_some_and(|d| self.docs[d].md.has_code));
        context.insert("breadcrumbs", &crumbs);
        self.sitemap.push(path.to_string());
        self.jobs.push(Job {
            out,
            template: template.to_string(),
            context,
            doc: doc.map(|d| self.docs[d].file.clone()),
        });
    }
}

/// Builds the list of every page to render.
pub fn jobs(config: &Config, site: &Site, docs: &[crate::load::Doc]) -> (Vec<Job>, Vec<String>) {
    let mut b = Builder {
        config,
        site,
        docs,
        prefix: config.path_prefix(),
        jobs: Vec::new(),
        sitemap: Vec::new(),
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
        let mut cx = Context::new();
        let key = if p.is_section { "section" } else { "page" };
        cx.insert(key, p);
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
        let mut cx = Context::new();
        cx.insert("goal", g);
        cx.insert("goal_years", &link::goal_years(g, &site.plans));
        let path = path_of(&g.url, &b.prefix);
        b.page(
            &path,
            "minister_goal.html",
            &g.title,
            &g.description,
            vec![home.clone(), goals_crumb.clone()],
            cx,
            Some(g.doc),
        );
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
        let mut cx = Context::new();
        cx.insert("group", g);
        cx.insert("group_plans", &link::group_plans(&g.slug, &site.plans));
        let path = path_of(&g.url, &b.prefix);
        b.page(
            &path,
            "target_group.html",
            &g.title,
            &g.description,
            vec![home.clone(), groups_crumb.clone()],
            cx,
            Some(g.doc),
        );
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
    let plan_values: Vec<Value> = site
        .plans
        .par_iter()
        .map(Value::from_serializable)
        .collect();
    for m in &site.municipalities {
        let municipality = Value::from_serializable(m);
        let plans: Vec<Value> = m.plans.iter().map(|&i| plan_values[i].clone()).collect();
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
            let mut cx = Context::new();
            cx.insert_value("plan", plan_values[pi].clone());
            cx.insert_value("municipality", municipality.clone());
            let p_path = path_of(&plan.url, &b.prefix);
            let title = format!("{} – {}", plan.title, m.title);
            let crumbs = vec![home.clone(), municipalities_crumb.clone(), m_crumb.clone()];
            b.page(
                &p_path,
                "plan.html",
                &title,
                &plan.description,
                crumbs.clone(),
                cx,
                Some(plan.doc),
            );
            let p_crumb = b.crumb(&plan.year.to_string(), &p_path);
            for (ci, chapter) in plan.chapters.iter().enumerate() {
                let mut cx = Context::new();
                cx.insert_value("plan", plan_values[pi].clone());
                cx.insert_value("municipality", municipality.clone());
                cx.insert("chapter", chapter);
                let initiatives: Vec<&link::Initiative> = chapter
                    .initiatives
                    .iter()
                    .map(|&i| &plan.initiatives[i])
                    .collect();
                cx.insert("initiatives", &initiatives);
                cx.insert("chapter_number", &(ci + 1));
                cx.insert(
                    "prev",
                    &ci.checked_sub(1).map(|i| link::Ref {
                        slug: plan.chapters[i].slug.clone(),
                        title: plan.chapters[i].title.clone(),
                        url: plan.chapters[i].url.clone(),
                    }),
                );
                cx.insert(
                    "next",
                    &plan.chapters.get(ci + 1).map(|c| link::Ref {
                        slug: c.slug.clone(),
                        title: c.title.clone(),
                        url: c.url.clone(),
                    }),
                );
                let mut crumbs = crumbs.clone();
                crumbs.push(p_crumb.clone());
                let title = format!("{} – {} {}", chapter.title, m.short_title, plan.year);
                let path = path_of(&chapter.url, &b.prefix);
                b.page(
                    &path,
                    "chapter.html",
                    &title,
                    &chapter.description,
                    crumbs,
                    cx,
                    Some(chapter.doc),
                );
            }
        }
    }

    // The coverage matrix, one page per year, and an overview of years.
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

/// Renders every job in parallel; HTML goes through the staging folder (minified there).
/// Returns the rendered HTML of each page when `keep` asks for it (the search index).
pub fn render_all(
    set: &TemplateSet,
    jobs: Vec<Job>,
    staging: Option<&Staging>,
    diags: &Mutex<Vec<Diagnostic>>,
) -> Vec<(String, String)> {
    jobs.into_par_iter()
        .filter_map(|job| match set.tera.render(&job.template, &job.context) {
            Ok(html) => {
                if let Some(s) = staging
                    && let Err(e) = s.write_html(&job.out, &html)
                {
                    push(
                        diags,
                        Diagnostic::error(format!("cannot write {}: {e}", job.out)),
                    );
                }
                Some((job.out, html))
            }
            Err(e) => {
                let mut d = templates::template_error(&e, &set.sources);
                if let Some(doc) = &job.doc {
                    d = d.with_note(format!("while rendering {} (from {})", job.out, doc.path));
                } else {
                    d = d.with_note(format!("while rendering {}", job.out));
                }
                if !set.tera.get_template_names().any(|n| n == job.template) {
                    d = Diagnostic::error(format!("template `{}` not found", job.template))
                        .with_note(format!("needed for {}", job.out))
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
                            .with_label("no template has this name");
                    }
                }
                push(diags, d);
                None
            }
        })
        .collect()
}

fn push(diags: &Mutex<Vec<Diagnostic>>, d: Diagnostic) {
    if let Ok(mut v) = diags.lock() {
        v.push(d);
    }
}

/// Renders one of the site-wide text files (feed, sitemap, robots, 404) from its template.
pub fn render_file(
    set: &TemplateSet,
    template: &str,
    context: &Context,
) -> Result<String, Diagnostic> {
    set.tera.render(template, context).map_err(|e| {
        templates::template_error(&e, &set.sources).with_note(format!("while rendering {template}"))
    })
}

/// Markdown for short front matter texts (a plan's summary): no raw HTML, no headings' ids.
pub fn inline_markdown(text: &str) -> String {
    let mut options = comrak::Options::default();
    options.render.escape = true;
    options.extension.autolink = true;
    comrak::markdown_to_html(text, &options)
}
