//! The values templates read: the site-wide lists every page may use (`site`), a plan
//! and its summary, a chapter's page with its initiatives filled in, and the trail of
//! breadcrumbs. Each is serialized once and shared by the pages that show it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use crate::config::Config;
use crate::link::{self, Site};

use super::initiatives;

/// What every page may use: the lists of the domain, without the heavy parts.
pub(super) fn site_value(config: &Config, site: &Site) -> Value {
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
    // Each plan's summary is made once, and `site.plans` and its municipality's `plans`
    // share it (Tera's lists and maps are counted references): made for both, they were
    // 21 MB of a 21,057-page build.
    let summaries: Vec<Value> = site.plans.iter().map(|p| value(&summary(p))).collect();
    let municipalities: Vec<Value> = site
        .municipalities
        .iter()
        .map(|m| {
            let fields = serde_json::json!({
                "slug": m.slug, "title": m.title, "short_title": m.short_title, "url": m.url,
                "region": m.region, "description": m.description,
            });
            let plans: Vec<Value> = m.plans.iter().map(|&i| summaries[i].clone()).collect();
            with(value(&fields), "plans", Value::from(plans))
        })
        .collect();
    let rest = serde_json::json!({
        "minister_goals": site.minister_goals.iter().map(|g| GoalSummary {
            slug: &g.slug, title: &g.title, short_title: &g.short_title, url: &g.url,
            years: &g.years, numbers: &g.numbers, description: &g.description,
        }).collect::<Vec<_>>(),
        "target_groups": site.target_groups.iter().map(|g| serde_json::json!({
            "slug": g.slug, "title": g.title, "short_title": g.short_title, "url": g.url, "description": g.description,
        })).collect::<Vec<_>>(),
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
    let site = with(value(&rest), "municipalities", Value::from(municipalities));
    with(site, "plans", Value::from(summaries))
}

/// A value for templates, made through JSON as every value of `site` is, so its numbers
/// and texts are of the same kinds wherever they come from.
fn value(of: &impl Serialize) -> Value {
    Value::from_serializable(&serde_json::to_value(of).unwrap_or_default())
}

/// The map `map` with `key` set to `value`.
fn with(map: Value, key: &'static str, value: Value) -> Value {
    let mut map = map.into_map().unwrap_or_default();
    map.insert(key.into(), value);
    Value::from(map)
}

/// A plan at a glance: what lists of plans show, without the plan's contents.
#[derive(Serialize)]
pub(super) struct PlanSummary<'a> {
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

pub(super) fn summary(p: &link::Plan) -> PlanSummary<'_> {
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
pub(super) fn goal_years(site: &Site) -> Vec<serde_json::Value> {
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
pub(super) fn plan_value_of(cell: &OnceLock<Value>, plan: &link::Plan) -> Value {
    cell.get_or_init(|| Value::from_serializable(plan)).clone()
}

/// The context of a chapter's page.
pub(super) fn chapter_context(
    plan: &link::Plan,
    ci: usize,
    plan_value: Value,
    municipality: Value,
) -> Context {
    let chapter = &plan.chapters[ci];
    let as_ref = |c: &link::Chapter| link::Ref::new(c.slug.clone(), c.title.clone(), c.url.clone());
    let mut cx = Context::new();
    let initiatives: Vec<&link::Initiative> = chapter
        .initiatives
        .iter()
        .map(|&i| &plan.initiatives[i])
        .collect();
    // The plan's value lists every initiative already: the chapter's are taken from it
    // (counted references), not made into values again for each chapter's page.
    match listed(&plan_value, "initiatives", plan.initiatives.len()) {
        Some(all) => {
            let mine: Vec<Value> = chapter
                .initiatives
                .iter()
                .map(|&i| all[i].clone())
                .collect();
            cx.insert_value("initiatives", Value::from(mine));
        }
        None => cx.insert("initiatives", &initiatives),
    }
    cx.insert_value("plan", plan_value);
    cx.insert_value("municipality", municipality);
    let content = initiatives::fill_marks(&chapter.content.text(), initiatives.iter().copied());
    cx.insert(
        "chapter",
        &ChapterPage {
            chapter,
            content: &content,
        },
    );
    cx.insert("chapter_number", &(ci + 1));
    cx.insert(
        "prev",
        &ci.checked_sub(1).map(|i| as_ref(&plan.chapters[i])),
    );
    cx.insert("next", &plan.chapters.get(ci + 1).map(as_ref));
    cx
}

/// The list `key` of the map `value`, when it has `len` items.
fn listed<'v>(value: &'v Value, key: &str, len: usize) -> Option<&'v [Value]> {
    let (_, list) = value
        .as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))?;
    list.as_array().filter(|l| l.len() == len)
}

/// A chapter with its content, for the chapter's own page.
#[derive(Serialize)]
pub(super) struct ChapterPage<'a> {
    #[serde(flatten)]
    chapter: &'a link::Chapter,
    content: &'a str,
}

/// A breadcrumb trail item.
#[derive(Serialize, Clone)]
pub(super) struct Crumb {
    pub(super) title: String,
    pub(super) url: String,
}
