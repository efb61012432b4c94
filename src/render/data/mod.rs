//! Open data under `/data/`: every minister goal, plan, target and initiative as JSON
//! (and targets and initiatives as CSV), with a JSON Schema. One table of field
//! descriptions is the source of both the schema and the documentation page, so the
//! two cannot drift apart.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};

use serde::Serialize;

use crate::config::Config;
use rayon::prelude::*;

use crate::link::{GoalLink, Plan, Ref, Site};
use crate::load::front_matter::Direction;

mod fields;

use fields::{Field, INITIATIVE, MINISTER_GOAL, PLAN, TARGET};

/// One dataset as the documentation page lists it.
#[derive(Serialize)]
pub struct Dataset {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub json: String,
    pub csv: Option<String>,
    pub fields: Vec<FieldView>,
}

/// A field as the documentation page shows it: the description also as HTML, with
/// `names` in backticks set as code.
#[derive(Serialize)]
pub struct FieldView {
    #[serde(flatten)]
    pub field: Field,
    pub description_html: String,
}

fn view(fields: &[Field]) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let mut html = String::new();
            for (i, part) in crate::text::html::escape(f.description)
                .split('`')
                .enumerate()
            {
                if i % 2 == 1 {
                    html.push_str("<code>");
                    html.push_str(part);
                    html.push_str("</code>");
                } else {
                    html.push_str(part);
                }
            }
            FieldView {
                field: f.clone(),
                description_html: html,
            }
        })
        .collect()
}

pub fn datasets(prefix: &str) -> Vec<Dataset> {
    let url = |f: &str| format!("{prefix}/data/{f}");
    vec![
        Dataset {
            name: "targets",
            title: "Resultatmål",
            description: "Alle resultatmål og resultatkrav i planerne, med måltal, enhed, udgangsniveau og frist.",
            json: url("targets.json"),
            csv: Some(url("targets.csv")),
            fields: view(TARGET),
        },
        Dataset {
            name: "initiatives",
            title: "Indsatser",
            description: "Alle navngivne indsatser, projekter, forløb, tilbud og samarbejder i planerne.",
            json: url("initiatives.json"),
            csv: Some(url("initiatives.csv")),
            fields: view(INITIATIVE),
        },
        Dataset {
            name: "plans",
            title: "Planer",
            description: "Hver plan med dens lokale mål, kapitler og de ministermål, den svarer på.",
            json: url("plans.json"),
            csv: None,
            fields: view(PLAN),
        },
        Dataset {
            name: "minister-goals",
            title: "Ministermål",
            description: "Beskæftigelsesministerens mål med de år, de gælder, og deres nummer i hvert års liste.",
            json: url("minister-goals.json"),
            csv: None,
            fields: view(MINISTER_GOAL),
        },
    ]
}

pub fn field_docs() -> serde_json::Value {
    serde_json::json!({ "schema": "schema.json" })
}

fn origins(links: &[GoalLink]) -> Vec<String> {
    links
        .iter()
        .map(|l| format!("{}:{}", l.minister_goal.slug, l.origin))
        .collect()
}

fn slugs(refs: &[Ref]) -> Vec<&str> {
    refs.iter().map(|r| r.slug.as_str()).collect()
}

/// One plan's records in the open data, each file's part serialized as it is written:
/// its targets and initiatives (JSON and CSV) and the plan itself. A build makes them
/// plan by plan and writes them at once; `serve` keeps them, so a rebuild after an
/// edit of one plan makes only that plan's again.
#[derive(Default)]
pub struct PlanRecords {
    targets_json: Vec<u8>,
    targets_csv: Vec<u8>,
    initiatives_json: Vec<u8>,
    initiatives_csv: Vec<u8>,
    plan_json: Vec<u8>,
}

/// How many plans' records are made at once, on every core, before they are written:
/// enough to keep the cores busy, few enough that the open data of a large portal
/// never sits in memory whole.
const PLANS_AT_ONCE: usize = 64;

/// Writes every data file into `data/`. `create` opens a file of the output by its path
/// (the build passes the staging folder's): this stage does not know where files go.
/// With `keep`, returns every plan's records (see [`PlanRecords`]); else none.
pub fn write(
    config: &Config,
    site: &Site,
    create: &(dyn Fn(&str) -> io::Result<File> + Sync),
    keep: bool,
) -> io::Result<Vec<PlanRecords>> {
    let mut files = Files::create(create)?;
    let mut kept = Vec::new();
    for plans in site.plans.chunks(PLANS_AT_ONCE) {
        let records: Vec<PlanRecords> = plans.par_iter().map(|p| plan_records(config, p)).collect();
        for r in &records {
            files.push(r)?;
        }
        if keep {
            kept.extend(records);
        }
    }
    files.finish()?;
    write_rest(config, site, create)?;
    Ok(kept)
}

/// Writes every data file from the plans' `records` (a rebuild's: those of the plan it
/// linked again made anew, the others kept).
pub fn write_records(
    config: &Config,
    site: &Site,
    records: &[PlanRecords],
    create: &(dyn Fn(&str) -> io::Result<File> + Sync),
) -> io::Result<()> {
    let mut files = Files::create(create)?;
    for r in records {
        files.push(r)?;
    }
    files.finish()?;
    write_rest(config, site, create)
}

/// The files made of the plans' records, open for writing.
struct Files {
    targets_json: JsonArray,
    targets_csv: BufWriter<File>,
    initiatives_json: JsonArray,
    initiatives_csv: BufWriter<File>,
    plans_json: JsonArray,
}

impl Files {
    fn create(create: &(dyn Fn(&str) -> io::Result<File> + Sync)) -> io::Result<Self> {
        Ok(Files {
            targets_json: JsonArray::new(create("data/targets.json")?),
            targets_csv: csv_file(create("data/targets.csv")?, TARGET)?,
            initiatives_json: JsonArray::new(create("data/initiatives.json")?),
            initiatives_csv: csv_file(create("data/initiatives.csv")?, INITIATIVE)?,
            plans_json: JsonArray::new(create("data/plans.json")?),
        })
    }

    fn push(&mut self, r: &PlanRecords) -> io::Result<()> {
        self.targets_json.push_part(&r.targets_json)?;
        self.targets_csv.write_all(&r.targets_csv)?;
        self.initiatives_json.push_part(&r.initiatives_json)?;
        self.initiatives_csv.write_all(&r.initiatives_csv)?;
        self.plans_json.push_part(&r.plan_json)
    }

    fn finish(mut self) -> io::Result<()> {
        self.targets_json.finish()?;
        self.targets_csv.flush()?;
        self.initiatives_json.finish()?;
        self.initiatives_csv.flush()?;
        self.plans_json.finish()
    }
}

/// A CSV file with its row of column names written.
fn csv_file(file: File, fields: &[Field]) -> io::Result<BufWriter<File>> {
    let mut out = BufWriter::new(file);
    out.write_all(&csv_header(fields))?;
    Ok(out)
}

/// A target as `targets.json` lists it. The fields are in the order of their names, as
/// the files have always listed them (they were made from maps, which sort their keys).
/// Made as maps and looked up by name again for the CSV, the open data took 7 % of a
/// build's instructions (231 million at 98 × 1); written straight from these records,
/// 135 million.
#[derive(Serialize)]
struct TargetRecord<'a> {
    baseline: Option<f64>,
    baseline_at: Option<&'a str>,
    chapter: Option<&'a str>,
    comparison: Option<&'a str>,
    deadline: Option<&'a str>,
    direction: Option<Direction>,
    goal: Option<&'a str>,
    goal_title: Option<&'a str>,
    id: &'a str,
    indicator: Option<&'a str>,
    label: Option<&'a str>,
    local_id: &'a str,
    minister_goal_origins: Vec<String>,
    minister_goals: Vec<&'a str>,
    municipality: &'a str,
    municipality_name: &'a str,
    note: Option<&'a str>,
    plan_id: &'a str,
    plan_url: &'a str,
    results: Vec<ResultRecord<'a>>,
    status: &'static str,
    status_reason: &'a str,
    target_groups: Vec<&'a str>,
    text: &'a str,
    unit: Option<&'a str>,
    url: String,
    value: Option<f64>,
    year: i32,
}

/// A result of a target, in its `results` (fields in the order of their names).
#[derive(Serialize)]
struct ResultRecord<'a> {
    date: &'a str,
    met: Option<bool>,
    note: Option<&'a str>,
    source: &'a str,
    value: Option<f64>,
}

impl TargetRecord<'_> {
    /// The CSV cell of the field `name` (see [`TARGET`]); `None` for a name the
    /// table does not have.
    fn cell(&self, name: &str) -> Option<Cow<'_, str>> {
        Some(match name {
            "id" => text(self.id),
            "local_id" => text(self.local_id),
            "municipality" => text(self.municipality),
            "municipality_name" => text(self.municipality_name),
            "year" => Cow::Owned(self.year.to_string()),
            "plan_id" => text(self.plan_id),
            "plan_url" => text(self.plan_url),
            "url" => text(&self.url),
            "label" => optional(self.label),
            "text" => text(self.text),
            "goal" => optional(self.goal),
            "goal_title" => optional(self.goal_title),
            "minister_goals" => list(&self.minister_goals),
            "minister_goal_origins" => list(&self.minister_goal_origins),
            "target_groups" => list(&self.target_groups),
            "indicator" => optional(self.indicator),
            "unit" => optional(self.unit),
            "value" => number(self.value),
            "direction" => optional(self.direction.map(direction_key)),
            "deadline" => optional(self.deadline),
            "baseline" => number(self.baseline),
            "baseline_at" => optional(self.baseline_at),
            "comparison" => optional(self.comparison),
            "note" => optional(self.note),
            "chapter" => optional(self.chapter),
            // Lists of records stay whole, as JSON (a cell that starts with `[` is
            // never read as a formula).
            "results" if self.results.is_empty() => Cow::Borrowed(""),
            "results" => Cow::Owned(serde_json::to_string(&self.results).unwrap_or_default()),
            "status" => text(self.status),
            "status_reason" => text(self.status_reason),
            _ => return None,
        })
    }
}

/// An initiative as `initiatives.json` lists it (fields in the order of their names,
/// see [`TargetRecord`]).
#[derive(Serialize)]
struct InitiativeRecord<'a> {
    chapter: &'a str,
    chapter_title: &'a str,
    goals: Vec<&'a str>,
    id: &'a str,
    kind: &'a str,
    local_id: &'a str,
    minister_goal_origins: Vec<String>,
    minister_goals: Vec<&'a str>,
    municipality: &'a str,
    municipality_name: &'a str,
    plan_id: &'a str,
    plan_url: &'a str,
    summary: Option<&'a str>,
    target_groups: Vec<&'a str>,
    title: &'a str,
    url: String,
    year: i32,
}

impl InitiativeRecord<'_> {
    /// The CSV cell of the field `name` (see [`INITIATIVE`]).
    fn cell(&self, name: &str) -> Option<Cow<'_, str>> {
        Some(match name {
            "id" => text(self.id),
            "local_id" => text(self.local_id),
            "title" => text(self.title),
            "kind" => text(self.kind),
            "summary" => optional(self.summary),
            "municipality" => text(self.municipality),
            "municipality_name" => text(self.municipality_name),
            "year" => Cow::Owned(self.year.to_string()),
            "plan_id" => text(self.plan_id),
            "plan_url" => text(self.plan_url),
            "chapter" => text(self.chapter),
            "chapter_title" => text(self.chapter_title),
            "url" => text(&self.url),
            "minister_goals" => list(&self.minister_goals),
            "minister_goal_origins" => list(&self.minister_goal_origins),
            "target_groups" => list(&self.target_groups),
            "goals" => list(&self.goals),
            _ => return None,
        })
    }
}

/// A text cell.
fn text(s: &str) -> Cow<'_, str> {
    neutralise(Cow::Borrowed(s))
}

/// A text cell, empty for none.
fn optional(s: Option<&str>) -> Cow<'_, str> {
    s.map_or(Cow::Borrowed(""), text)
}

/// A number cell as JSON writes the number (`16.5`, `1500.0`), empty for none.
fn number(v: Option<f64>) -> Cow<'static, str> {
    v.and_then(serde_json::Number::from_f64)
        .map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()))
}

/// A list cell: the items joined with `;`.
fn list(items: &[impl AsRef<str>]) -> Cow<'static, str> {
    let joined: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    neutralise(Cow::Owned(joined.join(";")))
}

/// A direction as the data writes it (`at-least`).
fn direction_key(d: Direction) -> &'static str {
    match d {
        Direction::AtLeast => "at-least",
        Direction::AtMost => "at-most",
        Direction::Exactly => "exactly",
        Direction::IncreaseBy => "increase-by",
        Direction::DecreaseBy => "decrease-by",
    }
}

/// The records of one plan (see [`PlanRecords`]).
pub fn plan_records(config: &Config, p: &Plan) -> PlanRecords {
    // The linked site's addresses carry the path prefix already (a plan's `source` too,
    // when it is a path on the site).
    let abs = |url: &str| config.absolute(url);
    // Every target and initiative of the plan names it (its id is `kommune-år`): made
    // once, not per record.
    let plan_id = &p.id;
    let plan_url = abs(&p.url);
    let targets: Vec<TargetRecord> = p
        .targets
        .iter()
        .map(|t| TargetRecord {
            baseline: t.baseline,
            baseline_at: t.baseline_at.as_deref(),
            chapter: t.chapter.as_ref().map(|c| c.slug.as_str()),
            comparison: t.comparison.as_deref(),
            deadline: t.deadline.as_deref(),
            direction: t.direction,
            goal: t.goal.as_deref(),
            goal_title: t.goal_title.as_deref(),
            id: &t.uid,
            indicator: t.indicator.as_deref(),
            label: t.label.as_deref(),
            local_id: &t.id,
            minister_goal_origins: origins(&t.links),
            minister_goals: slugs(&t.minister_goals),
            municipality: &t.municipality,
            municipality_name: &t.municipality_name,
            note: t.note.as_deref(),
            plan_id,
            plan_url: &plan_url,
            results: t
                .results
                .iter()
                .map(|r| ResultRecord {
                    date: &r.date,
                    met: r.met,
                    note: r.note.as_deref(),
                    source: &r.source,
                    value: r.value,
                })
                .collect(),
            status: t.status.key(),
            status_reason: &t.status_reason,
            target_groups: slugs(&t.target_groups),
            text: &t.text,
            unit: t.unit.as_deref(),
            url: abs(&t.url),
            value: t.value,
            year: t.year,
        })
        .collect();
    let initiatives: Vec<InitiativeRecord> = p
        .initiatives
        .iter()
        .map(|i| InitiativeRecord {
            chapter: &i.chapter.slug,
            chapter_title: &i.chapter.title,
            goals: slugs(&i.goals),
            id: &i.uid,
            kind: i.kind,
            local_id: &i.id,
            minister_goal_origins: origins(&i.links),
            minister_goals: slugs(&i.minister_goals),
            municipality: &i.municipality,
            municipality_name: &i.municipality_name,
            plan_id,
            plan_url: &plan_url,
            summary: i.summary.as_deref(),
            target_groups: slugs(&i.target_groups),
            title: &i.title,
            url: abs(&i.url),
            year: i.year,
        })
        .collect();
    let plan = serde_json::json!({
        "id": p.id, "municipality": p.municipality.slug, "municipality_name": p.municipality_name,
        "year": p.year, "title": p.title, "url": abs(&p.url), "adopted": p.adopted,
        "source": p.source.as_ref().map(|s| if s.starts_with('/') { abs(s) } else { s.clone() }),
        "summary": p.summary.as_ref().map(|s| strip_tags(s)), "summary_author": p.summary_author,
        "minister_goals": p.addressed,
        "local_goals": p.goals.iter().map(|g| serde_json::json!({
            "id": g.id, "title": g.title, "minister_goals": slugs(&g.minister_goals),
            "target_groups": slugs(&g.target_groups),
        })).collect::<Vec<_>>(),
        "targets": p.targets.iter().map(|t| t.uid.clone()).collect::<Vec<_>>(),
        "initiatives": p.initiatives.iter().map(|i| i.uid.clone()).collect::<Vec<_>>(),
        "chapters": p.chapters.iter().map(|c| serde_json::json!({
            "slug": c.slug, "title": c.title, "url": abs(&c.url),
        })).collect::<Vec<_>>(),
        "notes": p.notes.iter().map(|n| serde_json::json!({
            "minister_goal": n.minister_goal.slug, "text": n.text,
        })).collect::<Vec<_>>(),
    });
    PlanRecords {
        targets_json: json_part(&targets),
        targets_csv: csv_rows(TARGET, &targets, TargetRecord::cell),
        initiatives_json: json_part(&initiatives),
        initiatives_csv: csv_rows(INITIATIVE, &initiatives, InitiativeRecord::cell),
        plan_json: json_part(std::slice::from_ref(&plan)),
    }
}

/// The files that do not list the plans' records: the minister goals, the schema and
/// the Data Package.
fn write_rest(
    config: &Config,
    site: &Site,
    create: &(dyn Fn(&str) -> io::Result<File> + Sync),
) -> io::Result<()> {
    let abs = |url: &str| config.absolute(url);
    let mut json = JsonArray::new(create("data/minister-goals.json")?);
    let goals: Vec<serde_json::Value> = site
        .minister_goals
        .iter()
        .map(|g| {
            serde_json::json!({
                "slug": g.slug, "title": g.title, "short_title": g.short_title, "years": g.years,
                "numbers": g.numbers, "url": abs(&g.url),
            })
        })
        .collect();
    json.push_part(&json_part(&goals))?;
    json.finish()?;

    create("data/schema.json")?.write_all(&schema(config))?;
    create("data/datapackage.json")?.write_all(&datapackage(config))
}

/// The open data's licence as a Data Package names it (`name`, `title`, `path`), or
/// nothing when the portal sets none.
fn licences(config: &Config) -> Vec<serde_json::Value> {
    let p = &config.portal;
    p.data_licence
        .iter()
        .map(|name| {
            serde_json::json!({
                "name": name,
                "title": p.data_licence_title.as_deref().unwrap_or(name),
                "path": p.data_licence_url,
            })
        })
        .collect()
}

/// `datapackage.json` (Frictionless Data Package): every file in /data/ with its format,
/// schema and licence, the metadata a JSON array or a CSV file cannot carry itself.
fn datapackage(config: &Config) -> Vec<u8> {
    let licences = licences(config);
    let mut resources = Vec::new();
    for d in datasets("") {
        let mut files = vec![(format!("{}.json", d.name), "json", "application/json")];
        if d.csv.is_some() {
            files.push((format!("{}.csv", d.name), "csv", "text/csv"));
        }
        for (path, format, media) in files {
            resources.push(serde_json::json!({
                "name": path.replace('.', "-"), "title": d.title, "description": d.description,
                "path": path, "format": format, "mediatype": media, "encoding": "utf-8",
                "licenses": licences,
            }));
        }
    }
    let value = serde_json::json!({
        "name": "planportal-data",
        "id": config.permalink("/data/datapackage.json"),
        "title": format!("{}: åbne data", config.title),
        "homepage": config.permalink("/data/"),
        "licenses": licences,
        "contributors": config.portal.owner.iter().map(|o| serde_json::json!({ "title": o, "role": "publisher" })).collect::<Vec<_>>(),
        "resources": resources,
    });
    let mut s = serde_json::to_vec_pretty(&value).unwrap_or_default();
    s.push(b'\n');
    s
}

/// Elements of a JSON array, each indented as `serde_json`'s pretty printer indents
/// the elements of a whole array, separated by commas: a part of a [`JsonArray`]. It
/// is that printer's array without its brackets (strings never hold a raw line break).
fn json_part(values: &[impl Serialize]) -> Vec<u8> {
    if values.is_empty() {
        return Vec::new();
    }
    let mut out = serde_json::to_vec_pretty(values).unwrap_or_default();
    // `[\n` … `\n]`
    if out.len() >= 4 {
        out.truncate(out.len() - 2);
        out.drain(..2);
    }
    out
}

/// A JSON array written part by part (see [`json_part`]), formatted as `serde_json`'s
/// pretty printer formats a whole array.
struct JsonArray {
    out: BufWriter<File>,
    empty: bool,
}

impl JsonArray {
    fn new(file: File) -> Self {
        JsonArray {
            out: BufWriter::new(file),
            empty: true,
        }
    }

    fn push_part(&mut self, part: &[u8]) -> io::Result<()> {
        if part.is_empty() {
            return Ok(());
        }
        self.out
            .write_all(if self.empty { b"[\n" } else { b",\n" })?;
        self.empty = false;
        self.out.write_all(part)
    }

    fn finish(mut self) -> io::Result<()> {
        self.out
            .write_all(if self.empty { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()
    }
}

/// CSV rows, one column per field, each cell as `cell` makes it from the row and the
/// field's name (lists joined with `;`).
fn csv_rows<'r, T>(
    fields: &[Field],
    rows: &'r [T],
    cell: impl Fn(&'r T, &str) -> Option<Cow<'r, str>>,
) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = rows.iter().try_for_each(|row| {
        out.write_record(
            fields
                .iter()
                .map(|f| cell(row, f.name).unwrap_or_default())
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_bytes()),
        )
    });
    // Writing into memory fails only where memory does.
    debug_assert!(written.is_ok());
    out.into_inner().unwrap_or_default()
}

/// The row of the fields' names.
fn csv_header(fields: &[Field]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = out.write_record(fields.iter().map(|f| f.name));
    debug_assert!(written.is_ok());
    out.into_inner().unwrap_or_default()
}

/// A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) gets a `'` in front, as OWASP advises against CSV injection:
/// opening the open data must never run `=HYPERLINK(…)` from a plan. Only the CSV
/// twins get it; the JSON keeps the plan's text exactly. Numbers are written as numbers.
fn neutralise(cell: Cow<'_, str>) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

fn schema(config: &Config) -> Vec<u8> {
    let def = |fields: &[Field], title: &str| {
        let properties: serde_json::Map<String, serde_json::Value> = fields
            .iter()
            .map(|f| {
                let kind = serde_json::to_value(f.kind).unwrap_or_default();
                let ty = if f.nullable {
                    serde_json::json!([kind, "null"])
                } else {
                    kind
                };
                (
                    f.name.to_string(),
                    serde_json::json!({ "type": ty, "description": f.description }),
                )
            })
            .collect();
        let required: Vec<&str> = fields.iter().map(|f| f.name).collect();
        serde_json::json!({
            "title": title, "type": "object", "properties": properties,
            "required": required, "additionalProperties": false,
        })
    };
    let array_of = |name: &str| serde_json::json!({ "type": "array", "items": { "$ref": format!("#/$defs/{name}") } });
    let value = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": config.permalink("/data/schema.json"),
        "title": format!("{}: åbne data", config.title),
        "description": "Skemaet for filerne i /data/. targets.json, initiatives.json, plans.json og minister-goals.json er hver et array af de tilsvarende objekter.",
        "license": licences(config),
        "$defs": {
            "target": def(TARGET, "Resultatmål"),
            "initiative": def(INITIATIVE, "Indsats"),
            "plan": def(PLAN, "Plan"),
            "minister_goal": def(MINISTER_GOAL, "Ministermål"),
            "targets_file": array_of("target"),
            "initiatives_file": array_of("initiative"),
            "plans_file": array_of("plan"),
            "minister_goals_file": array_of("minister_goal"),
        },
    });
    let mut s = serde_json::to_vec_pretty(&value).unwrap_or_default();
    s.push(b'\n');
    s
}

/// Plain text from the little HTML a summary has.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::fields::{Kind::*, f};
    use super::*;

    #[test]
    fn every_dataset_field_has_a_description() {
        for d in datasets("") {
            for field in d.fields {
                assert!(
                    field.field.description.len() > 5,
                    "{}.{}",
                    d.name,
                    field.field.name
                );
            }
        }
    }

    #[test]
    fn json_arrays_written_in_parts_match_serde_json() {
        let dir = tempfile::tempdir().unwrap();
        let items = [
            serde_json::json!({"a": 1, "b": ["x", "y"]}),
            serde_json::json!({"a": null}),
            serde_json::json!({"c": {"d": "e"}}),
        ];
        // Every length, cut into two parts anywhere (empty parts too: a plan without
        // targets).
        for n in 0..=items.len() {
            for cut in 0..=n {
                let path = dir.path().join(format!("{n}-{cut}.json"));
                let mut array = JsonArray::new(File::create(&path).unwrap());
                array.push_part(&json_part(&items[..cut])).unwrap();
                array.push_part(&json_part(&items[cut..n])).unwrap();
                array.finish().unwrap();
                let expected = serde_json::to_string_pretty(&items[..n].to_vec()).unwrap() + "\n";
                assert_eq!(
                    std::fs::read_to_string(&path).unwrap(),
                    expected,
                    "{n} {cut}"
                );
            }
        }
    }

    #[test]
    fn csv_rows_made_in_parts_are_one_table() {
        let fields = [f("a", Text, false, "a"), f("b", List, false, "b")];
        let rows = [("x, y", vec!["p"]), ("=1+1", vec![])];
        fn cell<'r>(r: &'r (&str, Vec<&str>), name: &str) -> Option<Cow<'r, str>> {
            match name {
                "a" => Some(text(r.0)),
                "b" => Some(list(&r.1)),
                _ => None,
            }
        }
        let mut parts = csv_header(&fields);
        parts.extend(csv_rows(&fields, &rows[..1], cell));
        parts.extend(csv_rows(&fields, &rows[1..], cell));
        assert_eq!(
            String::from_utf8(parts).unwrap(),
            "a,b\n\"x, y\",p\n'=1+1,\n"
        );
    }

    #[test]
    fn csv_cells_join_lists_blank_nothing_and_write_numbers_as_json_does() {
        assert_eq!(list(&["p", "q"]), "p;q");
        assert_eq!(list(&["-p"]), "'-p");
        assert_eq!(list(&[] as &[&str]), "");
        assert_eq!(optional(None), "");
        assert_eq!(optional(Some("@x")), "'@x");
        assert_eq!(number(None), "");
        assert_eq!(number(Some(f64::NAN)), "");
        // As the JSON files write them, and never taken for a formula.
        assert_eq!(number(Some(1500.0)), "1500.0");
        assert_eq!(number(Some(16.5)), "16.5");
        assert_eq!(number(Some(-2.0)), "-2.0");
    }

    /// Every field of a record's table has its CSV cell, and the record's JSON has
    /// exactly the table's fields, in the order of their names (as a map writes them).
    fn assert_record_matches(
        record: &impl Serialize,
        fields: &[Field],
        cell: impl Fn(&str) -> bool,
    ) {
        let as_map = assert_in_name_order(record);
        let mut keys: Vec<&str> = as_map
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut names: Vec<&str> = fields.iter().map(|f| f.name).collect();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names);
        for name in names {
            assert!(cell(name), "no CSV cell for {name}");
        }
    }

    /// The record written as it is and as a map (which sorts its keys) are the same.
    fn assert_in_name_order(record: &impl Serialize) -> serde_json::Value {
        let as_map = serde_json::to_value(record).unwrap();
        assert_eq!(
            serde_json::to_string(record).unwrap(),
            as_map.to_string(),
            "fields not in the order of their names"
        );
        as_map
    }

    #[test]
    fn records_have_the_fields_of_their_tables() {
        let target = TargetRecord {
            baseline: Some(50.0),
            baseline_at: Some("2020-12"),
            chapter: Some("unge"),
            comparison: None,
            deadline: Some("2022"),
            direction: Some(Direction::AtLeast),
            goal: Some("unge"),
            goal_title: Some("Flere unge i uddannelse"),
            id: "testrup-2021-a",
            indicator: None,
            label: Some("Resultatmål 1"),
            local_id: "a",
            minister_goal_origins: vec!["opkvalificering:plan".into()],
            minister_goals: vec!["opkvalificering"],
            municipality: "testrup",
            municipality_name: "Testrup",
            note: None,
            plan_id: "testrup-2021",
            plan_url: "https://test.example/kommuner/testrup/2021/",
            results: vec![ResultRecord {
                date: "2021-12",
                met: None,
                note: Some("foreløbigt"),
                source: "Jobindsats",
                value: Some(56.0),
            }],
            status: "on-track",
            status_reason: "",
            target_groups: vec!["unge"],
            text: "Mindst 60 % af de unge.",
            unit: Some("%"),
            url: "https://test.example/kommuner/testrup/2021/#a".into(),
            value: Some(60.0),
            year: 2021,
        };
        assert_record_matches(&target, TARGET, |n| target.cell(n).is_some());
        assert_in_name_order(&target.results[0]);
        assert_eq!(
            target.cell("results").unwrap(),
            r#"[{"date":"2021-12","met":null,"note":"foreløbigt","source":"Jobindsats","value":56.0}]"#
        );
        assert_eq!(target.cell("direction").unwrap(), "at-least");
        // The same words as the front matter's and the JSON's, for every direction.
        for d in [
            Direction::AtLeast,
            Direction::AtMost,
            Direction::Exactly,
            Direction::IncreaseBy,
            Direction::DecreaseBy,
        ] {
            assert_eq!(serde_json::to_value(d).unwrap(), direction_key(d));
        }
        let initiative = InitiativeRecord {
            chapter: "unge",
            chapter_title: "Unge",
            goals: vec!["unge"],
            id: "testrup-2021-ungeindsatsen",
            kind: "indsats",
            local_id: "ungeindsatsen",
            minister_goal_origins: Vec::new(),
            minister_goals: Vec::new(),
            municipality: "testrup",
            municipality_name: "Testrup",
            plan_id: "testrup-2021",
            plan_url: "https://test.example/kommuner/testrup/2021/",
            summary: None,
            target_groups: vec!["unge"],
            title: "Ungeindsatsen",
            url: "https://test.example/kommuner/testrup/2021/unge/#ungeindsatsen".into(),
            year: 2021,
        };
        assert_record_matches(&initiative, INITIATIVE, |n| initiative.cell(n).is_some());
    }

    #[test]
    fn tags_are_stripped() {
        assert_eq!(strip_tags("<p>A &amp; B</p>\n"), "A & B");
    }
}
