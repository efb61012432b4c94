//! An edit of one plan's files: its `_index.md`, its chapters (front matter, headings,
//! text) or its results spreadsheet. The plan's documents are read again and the plan
//! is linked again against the rest of the site, which did not change; then every page
//! that shows something of the plan is rendered again (see [`render::Only`]), and the
//! feed and the open data are written again.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::build::Timings;
use crate::diagnostics::Diagnostics;
use crate::link::by_year::{self, Subject};
use crate::link::{self, results};
use crate::load::{self, Place};
use crate::render::{self, ChangedPlan, Only};
use crate::{BuildReport, Built, write};

/// Rebuilds after an edit of the files in `changed` (paths relative to the root), when
/// they all belong to one plan that stays on the site; `None` otherwise.
pub(super) fn rebuild(
    built: &mut Built,
    changed: &[String],
    laps: &mut Timings,
) -> Option<BuildReport> {
    let (municipality, year) = one_plan(built, changed)?;
    let (index, own) = plan_and_documents(built, &municipality, year)?;
    // The plan's documents as they are now, with their Markdown, which linking reads.
    // A document that became a draft, or stopped being one, changes which pages exist.
    for &d in &own {
        let fresh = super::read_again(built, &built.docs[d].rel)?;
        if fresh.is_draft() != built.docs[d].is_draft() {
            return None;
        }
        built.docs[d] = fresh;
    }
    laps.lap("read");

    let mut found = Diagnostics::default();
    let plan = relink(built, index, &mut found)?;
    laps.lap("link");

    let m = (built.site.municipalities.iter()).position(|m| m.slug == municipality)?;
    let only = Only {
        docs: own.iter().copied().collect(),
        plan: Some(ChangedPlan {
            index,
            municipality: m,
            year,
            region: link::regions::region_name(&built.site.municipalities[m]).to_string(),
        }),
        templates: built.templates.reading(render::Reads::Plans),
    };
    // The plan's records in the open data are made anew; the templates' look-ups let
    // go of the site, so the plan is put in place without a copy of the site.
    *built.open_data.get_mut(index)? = render::data::plan_records(&built.config, &plan);
    built.templates.release_site();
    Arc::make_mut(&mut built.site).plans[index] = plan;
    built.index_dirty.insert(index);
    built.templates.set_site(&built.config, &built.site);
    laps.lap("site");

    // Links from anywhere into the plan (its targets, its chapters' headings) must
    // still land.
    let anchors = link::Anchors::new(&built.docs, &built.site);
    for doc in &built.docs {
        found.extend(anchors.check(doc));
    }
    drop(anchors);
    if found.has_errors() {
        return None;
    }
    for &d in &own {
        load::release_html(std::slice::from_mut(&mut built.docs[d]));
    }
    laps.lap("links");
    // An edit can give a goal or a group a page for the plan's year, or take one away
    // (a region's page, when the plan was its region's only answer): then the full
    // build writes the site anew.
    if year_pages(built, year) != year_pages_before(built, year) {
        return None;
    }
    laps.lap("pages");

    let (pages, others) = rayon::join(
        || super::render_pages(built, &only),
        || write_site_files(built).and_then(|()| copy_spreadsheet(built, changed)),
    );
    // What could not be written, the full build reports.
    let (pages, ()) = (pages?, others.ok()?);
    laps.lap("render and write");
    let read: HashSet<String> = own.iter().map(|&d| built.docs[d].rel.clone()).collect();
    Some(BuildReport {
        pages,
        diagnostics: super::warnings(built, &read, found),
        ..BuildReport::default()
    })
}

/// The plan of `municipality` and `year`: its place in the site's plans, and its
/// documents' (its `_index.md` and its chapters).
fn plan_and_documents(built: &Built, municipality: &str, year: i32) -> Option<(usize, Vec<usize>)> {
    let (docs, plans) = (&built.docs, &built.site.plans);
    let is_the_plan = |place: &Place| matches!(place, Place::Plan { municipality: m, year: y } if m == municipality && *y == year);
    let index = plans
        .iter()
        .position(|p| docs.get(p.doc).is_some_and(|d| is_the_plan(&d.place)))?;
    let own = (docs.iter().enumerate())
        .filter(|(_, d)| match &d.place {
            Place::Chapter {
                municipality: m,
                year: y,
                ..
            } => m == municipality && *y == year,
            place => is_the_plan(place),
        })
        .map(|(i, _)| i)
        .collect();
    Some((index, own))
}

/// The site paths of the goals' and groups' pages for `year`, as the site is now.
fn year_pages(built: &Built, year: i32) -> BTreeSet<String> {
    let site = &built.site;
    let subjects = (site.minister_goals.iter().map(Subject::Goal))
        .chain(site.target_groups.iter().map(Subject::Group));
    let prefix = built.config.path_prefix();
    subjects
        .flat_map(|s| by_year::urls_of_year(s, year, site))
        .map(|url| url.strip_prefix(&prefix).map(str::to_string).unwrap_or(url))
        .collect()
}

/// The site paths of the goals' and groups' pages for `year` that the site has: every
/// page of a full build, unchanged by the rebuilds since (each leaves them as they
/// were, or is not a rebuild but a full build).
fn year_pages_before(built: &Built, year: i32) -> BTreeSet<String> {
    let year = year.to_string();
    built
        .sitemap
        .iter()
        .filter(|path| {
            let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
            matches!(parts[..], ["ministermaal" | "maalgrupper", _, y, ..] if y == year)
        })
        .cloned()
        .collect()
}

/// The municipality and year of the plan that every file in `changed` belongs to: its
/// `_index.md`, its chapters and its results spreadsheet, each already on the site.
fn one_plan(built: &Built, changed: &[String]) -> Option<(String, i32)> {
    let mut plan: Option<(String, i32)> = None;
    for path in changed {
        let rel = path.strip_prefix("content/")?;
        let this = match built.docs.iter().find(|d| d.rel == rel).map(|d| &d.place) {
            Some(Place::Plan { municipality, year })
            | Some(Place::Chapter {
                municipality, year, ..
            }) => (municipality.clone(), *year),
            Some(_) => return None,
            None => spreadsheet_of(built, rel)?,
        };
        if plan.as_ref().is_some_and(|p| *p != this) {
            return None;
        }
        plan = Some(this);
    }
    plan
}

/// The plan whose results spreadsheet `rel` is, when the site already has it.
fn spreadsheet_of(built: &Built, rel: &str) -> Option<(String, i32)> {
    built.assets.iter().find(|a| a.rel == rel)?;
    built.docs.iter().find_map(|d| match &d.place {
        Place::Plan { municipality, year } if results::csv_path(&d.rel) == rel => {
            Some((municipality.clone(), *year))
        }
        _ => None,
    })
}

/// The plan at `index` linked again, with its results, statuses, charts and figures,
/// as a full build makes it; `None` when linking found an error, or the edit changes
/// the date every target's status is measured on.
fn relink(built: &Built, index: usize, found: &mut Diagnostics) -> Option<link::Plan> {
    let (site, docs) = (&built.site, &built.docs);
    let mut plan = link::relink_plan(site, docs, &built.config, index, found)?;
    let csv_path = results::csv_path(&docs.get(plan.doc)?.rel);
    let csv = built.assets.iter().find(|a| a.rel == csv_path);
    let today = built.opts.today;
    let newest_here = results::attach_results(&mut plan, docs, csv, today, found);
    // Without `--date`, statuses are measured on the newest result's date of the site.
    let others = (site.plans.iter().enumerate()).filter(|(i, _)| *i != index);
    let newest_elsewhere = results::newest(others.map(|(_, p)| p));
    let measured_on = today.or(newest_here.max(newest_elsewhere));
    if measured_on != today.or(results::newest(&site.plans)) {
        return None;
    }
    results::attach_statuses(&mut plan, docs, measured_on);
    render::chart::attach_plan(&mut plan);
    render::figures::attach_plan(&mut plan, docs);
    for c in &mut plan.chapters {
        c.content.pack();
    }
    (!found.has_errors()).then_some(plan)
}

/// The feed, sitemap, robots.txt and 404 page, and the open data, written again in
/// the published site, each file replaced by a rename. An error is left for the full
/// build to report.
fn write_site_files(built: &Built) -> std::io::Result<()> {
    let output = built.opts.output_dir();
    let mut diags = Diagnostics::default();
    let files = render::site_files(
        &built.templates,
        &built.config,
        &built.site,
        &built.sitemap,
        &mut diags,
    );
    if !diags.is_empty() {
        return Err(std::io::Error::other("a template failed"));
    }
    for (rel, text) in files {
        let written = if rel.ends_with(".html") {
            write::replace_html(&output, &rel, text.as_bytes(), built.config.minify_html)
        } else {
            write::replace_file(&output, &rel, text.as_bytes())
        };
        written?;
    }
    let data = write::Replacing::new(&output);
    let records = &built.open_data;
    render::data::write_records(&built.config, &built.site, records, &|rel| data.create(rel))?;
    data.finish()
}

/// The plan's results spreadsheet, when it is among the files `changed`: published
/// beside the plan's page, as the build copies it.
fn copy_spreadsheet(built: &Built, changed: &[String]) -> std::io::Result<()> {
    let output = built.opts.output_dir();
    for rel in changed.iter().filter_map(|p| p.strip_prefix("content/")) {
        if let Some(asset) = built.assets.iter().find(|a| a.rel == rel) {
            let bytes = std::fs::read(&asset.source)?;
            write::replace_file(&output, &load::images::published_path(rel), &bytes)?;
        }
    }
    Ok(())
}
