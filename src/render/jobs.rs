//! The list of pages to render: one [`Job`] per page, each with its template and the
//! context it needs, in the site's order. A page's heavy context (a plan's value, a
//! minister goal's answers across the country) is built later, in parallel, by the
//! job itself. With [`Only`] (serve's rebuild after an edit) just the pages that show
//! what the edit changed are listed.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::Config;
use crate::content::LIST_SECTIONS;
use crate::diagnostics::SourceFile;
use crate::link::by_year::{self, Subject};
use crate::link::{self, Site};
use crate::load::{Doc, Place};

use super::context::{Crumb, PlanSummary, chapter_context, plan_value_of, summary};
use super::{Head, Job, data};

/// The pages a rebuild after an edit lists; [`jobs`] without it lists every page.
#[derive(Debug, Default)]
pub struct Only {
    /// The pages made from these documents.
    pub docs: HashSet<usize>,
    /// A plan linked again: every page that shows something of it (see [`Shows`]).
    pub plan: Option<ChangedPlan>,
    /// Templates that read the plans or the pages through `site` or a look-up function
    /// (see [`super::TemplateSet::reading`]): every page made with one of them.
    pub templates: HashSet<String>,
}

/// Which plan a rebuild linked again: its place in the site's plans, its
/// municipality's, its year, and its municipality's region (as the pages name it).
#[derive(Clone, Debug)]
pub struct ChangedPlan {
    pub index: usize,
    pub municipality: usize,
    pub year: i32,
    pub region: String,
}

/// What of the plans a page shows, beyond its own document: a rebuild after a plan's
/// front matter changed lists the pages that show that plan.
#[derive(Clone, Copy, Debug)]
enum Shows<'m> {
    /// Nothing of any plan.
    Own,
    /// Something of every plan: the lists, a goal's overview of its years, the
    /// coverage overview.
    Plans,
    /// The plans of one year: a goal's or a group's year page, the year's coverage.
    Year(i32),
    /// The plans of one year in one region: a goal's or a group's region page of a
    /// split year.
    Region(i32, &'m str),
    /// The plans of one municipality (its index in the site): its page.
    Municipality(usize),
    /// One plan (its index in the site): its page and its chapters' pages.
    Plan(usize),
}

/// Whether a rebuild lists a page made from `doc` with `template` that shows `shows`.
fn wanted(only: Option<&Only>, doc: Option<usize>, template: &str, shows: Shows<'_>) -> bool {
    let Some(only) = only else {
        return true;
    };
    if doc.is_some_and(|d| only.docs.contains(&d)) || only.templates.contains(template) {
        return true;
    }
    let Some(plan) = &only.plan else {
        return false;
    };
    match shows {
        Shows::Own => false,
        Shows::Plans => true,
        Shows::Year(year) => year == plan.year,
        Shows::Region(year, region) => year == plan.year && region == plan.region,
        Shows::Municipality(m) => m == plan.municipality,
        Shows::Plan(p) => p == plan.index,
    }
}

/// What every page states about itself: where it goes, with which template, its title
/// and description for the head and the search engines, the trail above it, the
/// document it is made from (for drafts, code highlighting and a rebuild's choice) and
/// what it shows of the plans (for a rebuild's choice).
struct PageMeta<'m> {
    path: &'m str,
    template: &'m str,
    title: &'m str,
    description: &'m str,
    crumbs: Vec<Crumb>,
    doc: Option<usize>,
    shows: Shows<'m>,
}

struct Builder<'a, 'd> {
    config: &'a Config,
    site: &'a Site,
    /// What the pages need of their documents, by the documents' places.
    sources: &'d [PageSource],
    prefix: String,
    jobs: Vec<Job<'a>>,
    /// Site paths of every HTML page, for the sitemap.
    sitemap: Vec<String>,
    /// Only some pages (a rebuild after an edit); `None`: all pages.
    only: Option<&'a Only>,
    /// The front page, first in every other page's trail.
    home: Crumb,
}

/// What the job list reads of a document: made from the documents, so that a build
/// which keeps no state can let them go before the list is made (their front matter,
/// headings and links were 70 MB at the peak of a 21,057-page build).
pub struct PageSource {
    /// For the diagnostics of rendering the page.
    file: SourceFile,
    has_code: bool,
    /// A draft itself, or inside a draft plan or municipality: its pages carry the
    /// "Kladde" banner (drafts are only built with `--drafts`).
    draft: bool,
}

/// The [`PageSource`] of every document, in the same order.
pub fn page_sources(docs: &[Doc]) -> Vec<PageSource> {
    // The folders of the plans and municipalities marked as drafts (their `_index.md`
    // without the file name): every page below one is a draft too. Found once, since
    // asking every page to look through every document was quadratic: 0.34 s of a
    // 21,057-page build.
    let draft_folders: Vec<&str> = docs
        .iter()
        .filter(|d| {
            matches!(d.place, Place::Plan { .. } | Place::Municipality { .. }) && d.is_draft()
        })
        .map(|d| d.rel.trim_end_matches("_index.md"))
        .collect();
    let in_draft_folder = |doc: &Doc| {
        matches!(doc.place, Place::Chapter { .. } | Place::Plan { .. })
            && draft_folders.iter().any(|f| doc.rel.starts_with(f))
    };
    docs.iter()
        .map(|doc| PageSource {
            file: doc.file.clone(),
            has_code: doc.md.has_code,
            draft: doc.is_draft() || in_draft_folder(doc),
        })
        .collect()
}

/// Builds the list of every page to render, and the site paths for the sitemap.
/// `sources` are [`page_sources`] of the documents the site was linked from.
pub fn jobs<'a>(
    config: &'a Config,
    site: &'a Site,
    sources: &[PageSource],
    only: Option<&'a Only>,
) -> (Vec<Job<'a>>, Vec<String>) {
    let prefix = config.path_prefix();
    let mut b = Builder {
        config,
        site,
        sources,
        home: Crumb {
            title: "Forside".to_string(),
            url: format!("{prefix}/"),
        },
        prefix,
        jobs: Vec::new(),
        sitemap: Vec::new(),
        only,
    };
    b.pages();
    b.minister_goals();
    b.target_groups();
    b.municipalities();
    b.coverage();
    b.fixed_pages();
    let sitemap = std::mem::take(&mut b.sitemap);
    (b.jobs, sitemap)
}

impl<'a> Builder<'a, '_> {
    /// Ordinary pages and sections, including the front page.
    fn pages(&mut self) {
        let site = self.site;
        for p in &site.pages {
            if LIST_SECTIONS.contains(&p.relative_path.as_str()) {
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
            if !self.wants(Some(p.doc), &template, Shows::Own) {
                continue;
            }
            let mut cx = Context::new();
            let key = if p.is_section { "section" } else { "page" };
            cx.insert(key, p);
            let crumbs = if p.path == "/" {
                vec![]
            } else {
                vec![self.home.clone()]
            };
            self.page(
                PageMeta {
                    path: &p.path,
                    template: &template,
                    title: &p.title,
                    description: &p.description,
                    crumbs,
                    doc: Some(p.doc),
                    shows: Shows::Own,
                },
                cx,
            );
        }
    }

    /// A generated list page (`/ministermaal/`, …): its title and introduction from the
    /// section's `_index.md` when there is one. Returns the crumb for the pages below.
    fn list_page(
        &mut self,
        rel: &str,
        fallback: &str,
        path: &str,
        template: &str,
        mut cx: Context,
    ) -> Crumb {
        let title = self.section_title(rel, fallback);
        cx.insert_value("section", self.section_value(rel, &title, path));
        let intro = self
            .site
            .pages
            .iter()
            .find(|p| p.relative_path == rel)
            .map(|p| p.description.clone())
            .unwrap_or_default();
        let crumbs = vec![self.home.clone()];
        self.page(
            PageMeta {
                path,
                template,
                title: &title,
                description: &intro,
                crumbs,
                doc: None,
                shows: Shows::Plans,
            },
            cx,
        );
        self.crumb(&title, path)
    }

    /// The minister's goals: the list, a page per goal with its years, and a page per
    /// year with every plan's answer.
    fn minister_goals(&mut self) {
        let goals = self.site.minister_goals.iter().map(Subject::Goal).collect();
        self.subject_pages(&GOAL_PAGES, goals);
    }

    /// The target groups: the list, a page per group with its years, and a page per
    /// year with the plans that name it.
    fn target_groups(&mut self) {
        let groups = self.site.target_groups.iter().map(Subject::Group).collect();
        self.subject_pages(&GROUP_PAGES, groups);
    }

    /// A family of subjects' pages: its list, each subject's overview of its years,
    /// and its year pages below the overview.
    fn subject_pages(&mut self, family: &SubjectPages, subjects: Vec<Subject<'a>>) {
        let site = self.site;
        let list_crumb = self.list_page(
            family.list_source,
            family.list_title,
            family.list_path,
            family.list_template,
            Context::new(),
        );
        // Each subject's years, and the regions of each year that has a page when that
        // year is split: passes over every plan, so worked out for all subjects at
        // once, on every core, and only for the pages listed (a rebuild after an edit
        // of a chapter's text skips the subjects altogether).
        let (only, prefix) = (self.only, self.prefix.clone());
        let (overview, year_template) = (family.template, family.year_template);
        let listed = |doc: usize, shows: Shows<'_>| {
            wanted(only, Some(doc), overview, shows)
                || wanted(only, Some(doc), year_template, shows)
        };
        let prepared: Vec<_> = subjects
            .into_par_iter()
            .filter(|s| listed(s.doc(), Shows::Plans))
            .map(|subject| {
                let years = by_year::year_summaries(subject, site);
                let regions: Vec<(i32, Vec<Region>)> = by_year::page_years(&years)
                    .into_iter()
                    .map(|year| {
                        let regions = if listed(subject.doc(), Shows::Year(year)) {
                            regions_of(subject, year, site, &prefix)
                        } else {
                            Vec::new()
                        };
                        (year, regions)
                    })
                    .collect();
                (subject, years, regions)
            })
            .collect();
        for (subject, years, page_years) in prepared {
            let (title, short_title, description, url, doc) = match subject {
                Subject::Goal(g) => (&g.title, &g.short_title, &g.description, &g.url, g.doc),
                Subject::Group(g) => (&g.title, &g.short_title, &g.description, &g.url, g.doc),
            };
            let path = path_of(url, &self.prefix);
            let crumbs = vec![self.home.clone(), list_crumb.clone()];
            let (key, years_key) = (family.key, family.years_key);
            self.page_lazy(
                PageMeta {
                    path: &path,
                    template: family.template,
                    title,
                    description,
                    crumbs: crumbs.clone(),
                    doc: Some(doc),
                    shows: Shows::Plans,
                },
                move || {
                    let mut cx = subject_context(subject, key);
                    cx.insert(years_key, &years);
                    cx
                },
            );
            let mut crumbs = crumbs;
            crumbs.push(self.crumb(short_title, &path));
            let description = match subject {
                Subject::Goal(g) => format!(
                    "Kommunernes mål, resultatmål og indsatser for ministerens mål „{}“",
                    g.title
                ),
                Subject::Group(g) => format!(
                    "Kommunernes mål, resultatmål og indsatser for målgruppen {}",
                    g.title.to_lowercase()
                ),
            };
            self.year_pages(subject, page_years, &description, crumbs);
        }
    }

    /// A goal's or a group's page per year (`/ministermaal/<goal>/<year>/`): every
    /// plan's answer that year, by region and municipality, with the other years a
    /// tap away. Each lists a year across the country, so they render in the lane of
    /// site-wide pages, one large context at a time.
    fn year_pages(
        &mut self,
        subject: Subject<'a>,
        years: Vec<(i32, Vec<Region>)>,
        description: &str,
        crumbs: Vec<Crumb>,
    ) {
        let site = self.site;
        let (key, template) = year_page_kind(subject);
        let (title, url) = match subject {
            Subject::Goal(g) => (&g.title, &g.url),
            Subject::Group(g) => (&g.title, &g.url),
        };
        let links: Vec<serde_json::Value> = years
            .iter()
            .map(|(y, _)| serde_json::json!({"year": y, "url": format!("{url}{y}/")}))
            .collect();
        let links = Arc::new(links);
        for (year, regions) in years {
            let path = format!("{}{year}/", path_of(url, &self.prefix));
            let page_links = links.clone();
            self.site_wide_page(
                PageMeta {
                    path: &path,
                    // The year first: it is the page's crumb in the trail.
                    title: &format!("{year} – {title}"),
                    template,
                    description: &format!("{description} i {year}."),
                    crumbs: crumbs.clone(),
                    doc: Some(subject.doc()),
                    shows: Shows::Year(year),
                },
                move || {
                    let mut cx = subject_context(subject, key);
                    cx.insert(
                        "year",
                        &by_year::year_answers(subject, year, site).outline(),
                    );
                    cx.insert("year_links", &*page_links);
                    cx
                },
            );
            self.region_pages(subject, year, regions, &path, &links, &crumbs);
        }
    }

    /// A split year's page per region (`/ministermaal/<goal>/<year>/<region>/`), below
    /// the year's page in the trail: `regions` (see [`regions_of`]). The year's answers
    /// are read once for these pages, when the first renders, and held until the last
    /// has rendered: only one year's at a time.
    fn region_pages(
        &mut self,
        subject: Subject<'a>,
        year: i32,
        regions: Vec<Region>,
        year_path: &str,
        links: &Arc<Vec<serde_json::Value>>,
        crumbs: &[Crumb],
    ) {
        let site = self.site;
        if regions.is_empty() {
            return;
        }
        let (key, template) = year_page_kind(subject);
        let (title, description) = match subject {
            Subject::Goal(g) => (&g.title, &g.description),
            Subject::Group(g) => (&g.title, &g.description),
        };
        let mut crumbs = crumbs.to_vec();
        crumbs.push(self.crumb(&year.to_string(), year_path));
        // The year's answers, worked out by the first of these pages to render and let
        // go with the last (they render one after another, in the site-wide lane).
        let answers = Arc::new(OnceLock::new());
        for (i, name, path) in regions {
            let links = links.clone();
            let answers = answers.clone();
            self.site_wide_page(
                PageMeta {
                    path: &path,
                    // The region first: it is the page's crumb in the trail.
                    title: &format!("{name} – {year} – {title}"),
                    template,
                    description,
                    crumbs: crumbs.clone(),
                    doc: Some(subject.doc()),
                    shows: Shows::Region(year, &name),
                },
                move || {
                    let mut cx = subject_context(subject, key);
                    let year = answers.get_or_init(|| by_year::year_answers(subject, year, site));
                    cx.insert("year", &by_year::region_answers(year, i));
                    cx.insert("year_links", &*links);
                    cx
                },
            );
        }
    }

    /// Municipalities, their plans and the plans' chapters. A plan's value is built once
    /// for all its pages.
    fn municipalities(&mut self) {
        let site = self.site;
        let mut cx = Context::new();
        if self.wants(None, "municipalities.html", Shows::Plans) {
            cx.insert("index", &link::regions::municipality_index(site));
        }
        let municipalities_crumb = self.list_page(
            "kommuner/_index.md",
            "Kommuner",
            "/kommuner/",
            "municipalities.html",
            cx,
        );
        // Most pages are a municipality's: listed for each municipality on its own, in
        // parallel, and put together in the municipalities' order.
        let (config, sources, only) = (self.config, self.sources, self.only);
        let (prefix, home) = (&self.prefix, &self.home);
        let parts: Vec<(Vec<Job<'a>>, Vec<String>)> = site
            .municipalities
            .par_iter()
            .enumerate()
            .map(|(mi, m)| {
                let mut b = Builder {
                    config,
                    site,
                    sources,
                    prefix: prefix.clone(),
                    jobs: Vec::new(),
                    sitemap: Vec::new(),
                    only,
                    home: home.clone(),
                };
                b.municipality(mi, m, &municipalities_crumb);
                (b.jobs, b.sitemap)
            })
            .collect();
        for (jobs, sitemap) in parts {
            self.jobs.extend(jobs);
            self.sitemap.extend(sitemap);
        }
    }

    /// A municipality's page, its plans' and their chapters'.
    fn municipality(&mut self, mi: usize, m: &'a link::Municipality, list_crumb: &Crumb) {
        let site = self.site;
        let only = self.only;
        let plan_wanted = |pi: usize| {
            let plan = &site.plans[pi];
            wanted(only, Some(plan.doc), "plan.html", Shows::Plan(pi))
                || plan
                    .chapters
                    .iter()
                    .any(|c| wanted(only, Some(c.doc), "chapter.html", Shows::Plan(pi)))
        };
        let any_wanted = self.wants(Some(m.doc), "municipality.html", Shows::Municipality(mi))
            || m.plans.iter().any(|&pi| plan_wanted(pi));
        if !any_wanted {
            return;
        }
        let municipality = Value::from_serializable(m);
        let plans: Vec<PlanSummary> = m.plans.iter().map(|&i| summary(&site.plans[i])).collect();
        let mut cx = Context::new();
        cx.insert_value("municipality", municipality.clone());
        cx.insert("plans", &plans);
        let m_path = path_of(&m.url, &self.prefix);
        let crumbs = vec![self.home.clone(), list_crumb.clone()];
        self.page(
            PageMeta {
                path: &m_path,
                template: "municipality.html",
                title: &m.title,
                description: &m.description,
                crumbs: crumbs.clone(),
                doc: Some(m.doc),
                shows: Shows::Municipality(mi),
            },
            cx,
        );
        let mut crumbs = crumbs;
        crumbs.push(self.crumb(&m.short_title, &m_path));
        for &pi in &m.plans {
            if plan_wanted(pi) {
                self.plan(pi, m, &municipality, crumbs.clone());
            }
        }
    }

    /// A plan's page and its chapters' pages.
    fn plan(
        &mut self,
        index: usize,
        m: &link::Municipality,
        municipality: &Value,
        crumbs: Vec<Crumb>,
    ) {
        // The plan's value is built by whichever of its pages renders first and
        // dropped with the last: only the plans being rendered are held at once.
        let plan = &self.site.plans[index];
        let plan_value = Arc::new(OnceLock::new());
        let p_path = path_of(&plan.url, &self.prefix);
        let title = format!("{} – {}", plan.title, m.title);
        let (shared, municipality_value) = (plan_value.clone(), municipality.clone());
        self.page_lazy(
            PageMeta {
                path: &p_path,
                template: "plan.html",
                title: &title,
                description: &plan.description,
                crumbs: crumbs.clone(),
                doc: Some(plan.doc),
                shows: Shows::Plan(index),
            },
            move || {
                let mut cx = Context::new();
                cx.insert_value("plan", plan_value_of(&shared, plan));
                cx.insert_value("municipality", municipality_value);
                cx
            },
        );
        let p_crumb = self.crumb(&plan.year.to_string(), &p_path);
        for (ci, chapter) in plan.chapters.iter().enumerate() {
            let mut crumbs = crumbs.clone();
            crumbs.push(p_crumb.clone());
            let title = format!("{} – {} {}", chapter.title, m.short_title, plan.year);
            let path = path_of(&chapter.url, &self.prefix);
            let shared = plan_value.clone();
            let municipality = municipality.clone();
            self.page_lazy(
                PageMeta {
                    path: &path,
                    template: "chapter.html",
                    title: &title,
                    description: &chapter.description,
                    crumbs,
                    doc: Some(chapter.doc),
                    shows: Shows::Plan(index),
                },
                move || chapter_context(plan, ci, plan_value_of(&shared, plan), municipality),
            );
        }
    }

    /// The coverage matrix, one page per year, and an overview of years. Each matrix is
    /// worked out when its page is rendered, and again for the overview: held as
    /// template values from the start, they were 28 MB on a portal of 20,000 pages.
    fn coverage(&mut self) {
        let site = self.site;
        let coverage_crumb = self.crumb("Overblik", "/overblik/");
        for &year in site.years.iter().rev() {
            let path = format!("/overblik/{year}/");
            let url = format!("{}{path}", self.prefix);
            let title = format!("Overblik {year}: kommunernes svar på ministerens mål");
            let description = format!(
                "Hvilke af beskæftigelsesministerens mål for {year} hver kommunes beskæftigelsesplan arbejder med: mål, resultatmål og indsatser."
            );
            let crumbs = vec![self.home.clone(), coverage_crumb.clone()];
            self.page_lazy(
                PageMeta {
                    path: &path,
                    template: "coverage.html",
                    title: &title,
                    description: &description,
                    crumbs,
                    doc: None,
                    shows: Shows::Year(year),
                },
                move || {
                    let mut cx = Context::new();
                    cx.insert("coverage", &link::coverage(year, url, site));
                    cx
                },
            );
        }
        let crumbs = vec![self.home.clone()];
        let prefix = self.prefix.clone();
        // Every year's matrix at once: a page of the site-wide lane.
        self.site_wide_page(
            PageMeta {
                path: "/overblik/",
                template: "coverage_index.html",
                title: "Overblik",
                description: "Overblik over, hvordan kommunernes beskæftigelsesplaner svarer på ministerens mål år for år.",
                crumbs,
                doc: None,
                shows: Shows::Plans,
            },
            move || {
                let years: Vec<_> = site
                    .years
                    .iter()
                    .rev()
                    .map(|&year| link::coverage(year, format!("{prefix}/overblik/{year}/"), site))
                    .collect();
                let mut cx = Context::new();
                cx.insert("coverage_years", &years);
                cx
            },
        );
    }

    /// The pages every portal has: the open data's documentation and the search page
    /// (filled in by the search index when it is enabled).
    fn fixed_pages(&mut self) {
        let mut cx = Context::new();
        cx.insert("datasets", &data::datasets(&self.prefix));
        cx.insert("fields", &data::field_docs());
        let crumbs = vec![self.home.clone()];
        self.page(
            PageMeta {
                path: "/data/",
                template: "data.html",
                title: "Åbne data",
                description: "Alle mål, resultatmål og indsatser fra beskæftigelsesplanerne som JSON og CSV med dokumenteret skema.",
                crumbs: crumbs.clone(),
                doc: None,
                shows: Shows::Own,
            },
            cx,
        );
        if self.config.search.enabled {
            self.page(
                PageMeta {
                    path: "/soeg/",
                    template: "search.html",
                    title: "Søg",
                    description: "Søg i kommunernes beskæftigelsesplaner: mål, resultatmål, indsatser og kapitler.",
                    crumbs,
                    doc: None,
                    shows: Shows::Own,
                },
                Context::new(),
            );
        }
    }

    fn wants(&self, doc: Option<usize>, template: &str, shows: Shows<'_>) -> bool {
        wanted(self.only, doc, template, shows)
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

    /// Adds a page; `false` when a rebuild doesn't want it. What every page's context
    /// holds about the page itself is kept as its few strings and made into the
    /// context only when the page is rendered (see [`Head`]).
    fn page(&mut self, meta: PageMeta, context: Context) -> bool {
        let PageMeta {
            path,
            template,
            title,
            description,
            crumbs,
            doc,
            shows,
        } = meta;
        if !self.wants(doc, template, shows) {
            return false;
        }
        let out = format!("{}index.html", path.trim_start_matches('/'));
        let head = Head {
            current_path: format!("{}{path}", self.prefix),
            permalink: self.config.permalink(path),
            title: title.to_string(),
            description: crate::text::first_sentences(description, 300),
            has_code: doc.is_some_and(|d| self.sources[d].has_code),
            draft: doc.is_some_and(|d| self.sources[d].draft),
            crumbs,
        };
        self.sitemap.push(path.to_string());
        self.jobs.push(Job {
            out,
            template: template.to_string(),
            context,
            head: Some(head),
            more: None,
            doc: doc.map(|d| self.sources[d].file.clone()),
            site_wide: false,
        });
        true
    }

    /// Like `page`, with the context built later, in parallel with other pages.
    fn page_lazy(&mut self, meta: PageMeta, make: impl FnOnce() -> Context + Send + 'a) -> bool {
        let added = self.page(meta, Context::new());
        if added && let Some(job) = self.jobs.last_mut() {
            job.more = Some(Box::new(make));
        }
        added
    }

    /// A page that lists the whole site, its context made when it is rendered: these
    /// render one after another in a lane of their own (see [`Job::site_wide`]).
    fn site_wide_page(&mut self, meta: PageMeta, make: impl FnOnce() -> Context + Send + 'a) {
        if self.page_lazy(meta, make)
            && let Some(job) = self.jobs.last_mut()
        {
            job.site_wide = true;
        }
    }
}

/// The context key and the template of a goal's or a group's year and region pages.
fn year_page_kind(subject: Subject) -> (&'static str, &'static str) {
    let family = match subject {
        Subject::Goal(_) => &GOAL_PAGES,
        Subject::Group(_) => &GROUP_PAGES,
    };
    (family.key, family.year_template)
}

/// A region's page of a split year: the region's place in the year's answers, its name
/// and its path.
type Region = (usize, String, String);

/// The regions of a year's answers that get a page of their own: none unless the year
/// is split, else those with answers. Reads the year's answers once.
fn regions_of(subject: Subject, year: i32, site: &Site, prefix: &str) -> Vec<Region> {
    let answers = by_year::year_answers(subject, year, site);
    if !answers.split {
        return Vec::new();
    }
    answers
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.answers.is_empty())
        .map(|(i, r)| (i, r.name.clone(), path_of(&r.url, prefix)))
        .collect()
}

/// A context with the goal or the group its pages are about, under `key`.
fn subject_context(subject: Subject, key: &'static str) -> Context {
    let mut cx = Context::new();
    match subject {
        Subject::Goal(g) => cx.insert(key, g),
        Subject::Group(g) => cx.insert(key, g),
    }
    cx
}

/// What differs between the minister goals' pages and the target groups'.
struct SubjectPages {
    /// The list page: its source, fallback title, path and template.
    list_source: &'static str,
    list_title: &'static str,
    list_path: &'static str,
    list_template: &'static str,
    /// A subject's overview: its template, and the names templates read it and its
    /// years by.
    template: &'static str,
    key: &'static str,
    years_key: &'static str,
    /// The template of a subject's year and region pages.
    year_template: &'static str,
}

const GOAL_PAGES: SubjectPages = SubjectPages {
    list_source: "ministermaal/_index.md",
    list_title: "Ministerens mål",
    list_path: "/ministermaal/",
    list_template: "minister_goals.html",
    template: "minister_goal.html",
    key: "goal",
    years_key: "goal_years",
    year_template: "minister_goal_year.html",
};

const GROUP_PAGES: SubjectPages = SubjectPages {
    list_source: "maalgrupper/_index.md",
    list_title: "Målgrupper",
    list_path: "/maalgrupper/",
    list_template: "target_groups.html",
    template: "target_group.html",
    key: "group",
    years_key: "group_years",
    year_template: "target_group_year.html",
};

/// The site path of a URL that carries the prefix.
fn path_of(url: &str, prefix: &str) -> String {
    url.strip_prefix(prefix).unwrap_or(url).to_string()
}
