//! What a form offers to choose from, read from content: the minister goals in force in
//! a plan's year (none after `[minister_goals] until`), the target groups, the plan's own
//! goals and a chapter's headings.
//!
//! Reads files under `content/` and `config.toml` only; writes nothing.

use std::path::Path;

use toml_edit::{DocumentMut, Item};

use super::pages::Choices;
use crate::diagnostics::SourceFile;
use crate::load::Place;
use crate::load::front_matter::{self, MinisterGoalFront, Split, TargetGroupFront};

/// A chapter's text as the build's Markdown stage renders it (raw HTML off, as in a
/// portal's default), for the preview and the chapter's headings.
pub(super) fn render_body(text: &str, split: &Split) -> crate::load::markdown::Rendered {
    let file = SourceFile::new("", text);
    crate::load::markdown::render(
        &file,
        split.body.clone(),
        &Default::default(),
        &[],
        crate::load::markdown::MarkdownOptions {
            allow_html: false,
            highlight_code: false,
        },
        &Default::default(),
    )
    .0
}

fn headings(text: &str, split: &Split) -> Vec<String> {
    let rendered = render_body(text, split);
    rendered
        .headings
        .into_iter()
        .filter(|h| h.level >= 2)
        .map(|h| h.text)
        .collect()
}

/// The minister goals in force in `year` (in the ministry's order), the target groups,
/// the plan's own goals and the chapter's headings.
pub(super) fn choices(
    root: &Path,
    rel: &str,
    place: &Place,
    text: &str,
    split: &Split,
    doc: &DocumentMut,
) -> Choices {
    let (year, plan_rel) = match place {
        Place::Plan { year, .. } => (*year, rel.to_string()),
        Place::Chapter {
            municipality, year, ..
        } => (*year, format!("kommuner/{municipality}/{year}/_index.md")),
        _ => (0, String::new()),
    };
    let (minister_goals, no_minister_goals) = match minister_goals_in(root, year) {
        Ok(goals) => (goals, None),
        Err(why) => (Vec::new(), Some(why)),
    };
    let groups = read_fronts::<TargetGroupFront>(root, "maalgrupper")
        .into_iter()
        .map(|(slug, f)| (slug, f.title))
        .collect();
    let plan_doc = if plan_rel == rel {
        Some(doc.clone())
    } else {
        std::fs::read_to_string(root.join("content").join(&plan_rel))
            .ok()
            .and_then(|t| {
                let f = SourceFile::new("", t.as_str());
                let s = front_matter::split(&t, &f).ok()?;
                t[s.front].parse::<DocumentMut>().ok()
            })
    };
    let local_goals = plan_doc
        .as_ref()
        .and_then(|d| d.get("goals").and_then(Item::as_array_of_tables))
        .map(|a| {
            a.iter()
                .filter_map(|g| {
                    Some((
                        g.get("id")?.as_str()?.to_string(),
                        g.get("title")
                            .and_then(Item::as_str)
                            .unwrap_or("")
                            .to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let headings = match place {
        Place::Chapter { .. } => headings(text, split),
        _ => Vec::new(),
    };
    Choices {
        minister_goals,
        groups,
        local_goals,
        headings,
        no_minister_goals,
    }
}

/// The minister goals in force in `year`, in the ministry's order, as (slug, numbered
/// title); for a year after the framework ended (`[minister_goals] until` in
/// `config.toml`, as `link` decides it), why there are none.
pub(super) fn minister_goals_in(root: &Path, year: i32) -> Result<Vec<(String, String)>, String> {
    if let Ok(config) = crate::config::Config::load(root)
        && config.minister_goals.ended_before(year)
    {
        let mut why = format!(
            "Ingen nationale mål for {year}: ministerens mål gælder kun til og med {}, så planen har kun kommunens egne mål.",
            config.minister_goals.until.unwrap_or(year)
        );
        if let Some(ended) = &config.minister_goals.ended {
            why.push(' ');
            why.push_str(ended.trim());
        }
        return Err(why);
    }
    let mut goals: Vec<(Option<u32>, String, String)> =
        read_fronts::<MinisterGoalFront>(root, "ministermaal")
            .into_iter()
            .filter(|(_, f)| f.years.value.contains(&year))
            .map(|(slug, f)| {
                let n = f
                    .number
                    .value
                    .iter()
                    .find(|(k, _)| k.0 == year)
                    .map(|(_, n)| *n);
                (n, slug, f.title)
            })
            .collect();
    goals.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
    Ok(goals
        .into_iter()
        .map(|(n, slug, title)| {
            let label = match n {
                Some(n) => format!("{n}. {title}"),
                None => title,
            };
            (slug, label)
        })
        .collect())
}

/// The front matter of every `content/{dir}/*.md`, parsed as the build parses it
/// (files that do not parse are left out: `check` reports them).
pub(super) fn read_fronts<T: for<'de> serde::Deserialize<'de>>(
    root: &Path,
    dir: &str,
) -> Vec<(String, T)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(root.join("content").join(dir)) else {
        return out;
    };
    let mut entries: Vec<_> = rd.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug.starts_with('_') {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let file = SourceFile::new(format!("content/{dir}/{name}"), text.as_str());
        let Ok(split) = front_matter::split(&text, &file) else {
            continue;
        };
        if let Ok(f) = front_matter::parse::<T>(&file, &split) {
            out.push((slug.to_string(), f));
        }
    }
    out
}
