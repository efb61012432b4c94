//! Results: the measured figures of result targets, from `[[targets.results]]` in a
//! plan's front matter and from a `resultater.csv` beside it, checked and attached to
//! the linked site with each target's status (rule in [`super::status`]).
//!
//! Runs after linking, on the linked plans and the loaded documents and assets; it
//! reads nothing but `resultater.csv` files. Every mistake is one diagnostic with the
//! file, line and column (for a CSV file: the row's line and the cell's column), and
//! checking carries on past it, so a file with five mistakes gives five diagnostics.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::load::front_matter::{Direction, Period, ResultValue, TargetFront};
use crate::load::{Asset, Doc, Front};
use crate::text::spreadsheet::{self, cell_spans, line_end};

use super::model::{Plan, PlanResults, Site, Status, StatusCount, Target, TargetResult, with_unit};
use super::status::{Rule, status};

/// The file name of a plan's results spreadsheet.
pub const CSV_NAME: &str = "resultater.csv";

/// One result as written, in either form, with where each part was written.
struct Entry<'a> {
    file: &'a SourceFile,
    /// Where the result as a whole is (for what is missing from it).
    at: Range<usize>,
    date: Period,
    date_at: Range<usize>,
    value: Option<(ResultValue, Range<usize>)>,
    met: Option<(bool, Range<usize>)>,
    source: Option<(String, Range<usize>)>,
    note: Option<String>,
    /// The CSV's semicolon form, where Danish Excel writes `1,8` and `1.500`.
    decimal_comma: bool,
}

/// Checks every result on the site, attaches them to their targets and computes the
/// statuses. `today` is the build's `--date`; without it, the newest result's date.
pub fn attach(
    site: &mut Site,
    docs: &[Doc],
    assets: &[Asset],
    today: Option<Period>,
    diags: &mut Diagnostics,
) {
    let csv_files: HashMap<&str, &Asset> = assets
        .iter()
        .filter(|a| a.rel.ends_with(&format!("/{CSV_NAME}")))
        .map(|a| (a.rel.as_str(), a))
        .collect();
    let mut newest: Option<Period> = None;
    for plan in &mut site.plans {
        let csv = docs
            .get(plan.doc)
            .and_then(|d| csv_files.get(csv_path(&d.rel).as_str()).copied());
        newest = newest.max(attach_results(plan, docs, csv, today, diags));
    }
    let today = today.or(newest);
    for plan in &mut site.plans {
        attach_statuses(plan, docs, today);
    }
}

/// The date of the newest result of `plans`: over the whole site, "today" for the
/// statuses when the build is given no `--date`.
pub fn newest<'a>(plans: impl IntoIterator<Item = &'a Plan>) -> Option<Period> {
    (plans.into_iter())
        .flat_map(|p| p.targets.iter())
        .flat_map(|t| t.results.iter().map(|r| r.period))
        .max()
}

/// Where the results spreadsheet of the plan in `plan_rel` (its `_index.md`) is.
pub fn csv_path(plan_rel: &str) -> String {
    let folder = plan_rel.strip_suffix("_index.md").unwrap_or(plan_rel);
    format!("{folder}{CSV_NAME}")
}

/// Checks one plan's results, from its front matter and its spreadsheet `csv`, and
/// attaches them to its targets (in the order written; sorted by [`attach_statuses`]).
/// Returns the date of its newest.
pub fn attach_results(
    plan: &mut Plan,
    docs: &[Doc],
    csv: Option<&Asset>,
    today: Option<Period>,
    diags: &mut Diagnostics,
) -> Option<Period> {
    let doc = docs.get(plan.doc)?;
    let Front::Plan(front) = &doc.front else {
        return None;
    };
    let by_id: HashMap<String, usize> = plan
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    let mut found: Vec<(usize, Entry)> = Vec::new();
    for t in &front.targets {
        let Some(&i) = by_id.get(&t.id.value) else {
            continue;
        };
        for r in &t.results {
            let (front, text) = (&doc.split.front, &doc.file.text);
            let date_at = r.date.file_span(front, text);
            found.push((
                i,
                Entry {
                    file: &doc.file,
                    at: date_at.clone(),
                    date: r.date.value,
                    date_at,
                    value: r
                        .value
                        .as_ref()
                        .map(|v| (v.value.clone(), v.file_span(front, text))),
                    met: r.met.as_ref().map(|m| (m.value, m.file_span(front, text))),
                    source: r
                        .source
                        .as_ref()
                        .map(|s| (s.value.clone(), s.file_span(front, text))),
                    note: r.note.clone(),
                    decimal_comma: false,
                },
            ));
        }
    }
    let csv_file = csv.and_then(|a| read_csv_file(a, diags));
    if let Some(file) = &csv_file {
        let ids: Vec<&str> = plan.targets.iter().map(|t| t.id.as_str()).collect();
        for (id, entry) in csv_entries(file, &ids, diags) {
            if let Some(&i) = by_id.get(id.as_str()) {
                found.push((i, entry));
            }
        }
    }
    let fronts: HashMap<&str, &TargetFront> = front
        .targets
        .iter()
        .map(|t| (t.id.value.as_str(), t))
        .collect();
    let mut seen: HashMap<(usize, Period), ()> = HashMap::new();
    let mut newest = None;
    for (i, entry) in found {
        let target = &plan.targets[i];
        let Some(tf) = fronts.get(target.id.as_str()) else {
            continue;
        };
        let Some(result) = check(&entry, target, tf, today, diags) else {
            continue;
        };
        if seen.insert((i, result.period), ()).is_some() {
            diags.push(
                Diagnostic::error(format!(
                    "resultatmålet `{}` har to resultater for {}",
                    target.id, result.date
                ))
                .in_file(entry.file)
                .at(entry.date_at.clone())
                .with_help("slet det ene, eller ret datoen"),
            );
            continue;
        }
        newest = newest.max(Some(result.period));
        plan.targets[i].results.push(result);
    }
    newest
}

/// Sorts each target's results and works out its status on `today`, and the plan's
/// summary of them.
pub fn attach_statuses(plan: &mut Plan, docs: &[Doc], today: Option<Period>) {
    let fronts: Vec<Option<(Option<Period>, Option<Period>)>> = plan
        .targets
        .iter()
        .map(|t| {
            let front = match docs.get(plan.doc).map(|d| &d.front) {
                Some(Front::Plan(f)) => f,
                _ => return None,
            };
            front
                .targets
                .iter()
                .find(|f| f.id.value == t.id)
                .map(|f| (f.baseline_at, f.deadline))
        })
        .collect();
    for (t, periods) in plan.targets.iter_mut().zip(fronts) {
        t.results.sort_by_key(|r| r.period);
        t.latest = t.results.last().cloned();
        let (baseline_at, deadline) = periods.unwrap_or((None, None));
        let (s, reason) = status(&Rule::of(t, baseline_at, deadline), &t.results, today);
        t.status = s;
        t.status_label = s.label();
        t.status_reason = reason;
    }
    plan.results = summary(&plan.targets);
}

/// How a plan's targets stand: counts per status and "3 af 10 resultatmål nået".
pub fn summary(targets: &[Target]) -> PlanResults {
    let counts: Vec<StatusCount> = Status::ALL
        .iter()
        .map(|&s| StatusCount {
            status: s,
            label: s.label(),
            count: targets.iter().filter(|t| t.status == s).count(),
        })
        .collect();
    let achieved = counts[0].count;
    PlanResults {
        total: targets.len(),
        achieved,
        followed_up: targets.iter().filter(|t| !t.results.is_empty()).count(),
        summary: format!("{achieved} af {} resultatmål nået", targets.len()),
        counts,
        chart: None,
    }
}

/// Checks one result against its target. `None` when it has an error (reported).
fn check(
    e: &Entry,
    target: &Target,
    front: &TargetFront,
    today: Option<Period>,
    diags: &mut Diagnostics,
) -> Option<TargetResult> {
    let mut ok = true;
    let err = |msg: String, at: &Range<usize>| {
        Diagnostic::error(msg)
            .in_file(e.file)
            .at(at.clone())
            .with_note(format!("resultatmålet `{}`: {}", target.id, target.text))
    };
    // The date: a month or a day, in reason for this plan.
    let earliest = (target.year - 1).min(front.baseline_at.map_or(target.year, |b| b.year));
    let latest_year = target.year + 5;
    if e.date.month.is_none() {
        diags.push(
            err(
                format!("`{}` er ikke en måned eller en dag", e.date),
                &e.date_at,
            )
            .with_label("et resultat gælder en måned eller en dag")
            .with_help(format!(
                "skriv måneden tallet gælder, fx `{}-12`",
                e.date.year
            )),
        );
        ok = false;
    } else if e.date.year < earliest || e.date.year > latest_year {
        diags.push(
            err(format!("datoen {} ligger uden for planens tid", e.date), &e.date_at)
                .with_label(format!("forventede en dato fra {earliest} til {latest_year}"))
                .with_help("ret årstallet; et resultat for en plan fra {year} måles fra året før og op til fem år efter".replace("{year}", &target.year.to_string())),
        );
        ok = false;
    } else if let Some(t) = today
        && e.date > t
        && !(t.day.is_none() && e.date.year == t.year && e.date.month == t.month)
    {
        diags.push(
            err(
                format!("datoen {} ligger efter byggedatoen {t}", e.date),
                &e.date_at,
            )
            .with_label("et resultat kan ikke være målt endnu")
            .with_help("ret datoen, eller byg med en senere `--date`"),
        );
        ok = false;
    }

    // The value: a finite number in the target's unit.
    let mut value = None;
    if let Some((written, at)) = &e.value {
        match number(written, e.decimal_comma, target.unit.as_deref()) {
            Ok(v) => {
                let is_change = matches!(
                    target.direction,
                    Some(Direction::IncreaseBy | Direction::DecreaseBy)
                );
                if target.unit.as_deref() == Some("%") && !is_change && !(0.0..=100.0).contains(&v)
                {
                    diags.push(
                        err(format!("{} er ikke en andel i procent", danish(v)), at)
                            .with_label("resultatmålet måles i %, fra 0 til 100")
                            .with_help("skriv andelen i procent, ikke et antal"),
                    );
                    ok = false;
                } else {
                    value = Some(v);
                }
            }
            Err((msg, help)) => {
                diags.push(err(msg, at).with_label("her").with_help(help));
                ok = false;
            }
        }
    }
    let met = e.met.as_ref().map(|(m, _)| *m);
    if target.value.is_some() && e.value.is_none() {
        diags.push(
            err(
                format!("resultatet mangler et tal for `{}`", target.id),
                &e.at,
            )
            .with_help(match target.unit.as_deref() {
                Some(u) => format!("tilføj `value = …` i {u}"),
                None => "tilføj `value = …`".into(),
            }),
        );
        ok = false;
    } else if target.value.is_none() && e.value.is_none() && met.is_none() {
        diags.push(
            err(
                "resultatet siger hverken et tal eller, om målet er nået".into(),
                &e.at,
            )
            .with_help(
                "tilføj `met = true` (målet er nået) eller `met = false`, eller et tal med `value`",
            ),
        );
        ok = false;
    }
    if target.value.is_some()
        && let Some((_, at)) = &e.met
    {
        diags.push(
            Diagnostic::warning("`met` bruges kun ved resultatmål uden tal")
                .in_file(e.file)
                .at(at.clone())
                .with_label("status regnes ud fra tallene")
                .with_help("slet `met`; status følger af tallet og måltallet"),
        );
    }

    // The source: required, so a reader can check the figure.
    let source = e
        .source
        .as_ref()
        .map(|(s, _)| s.trim().to_string())
        .filter(|s| !s.is_empty());
    if source.is_none() {
        let at = e.source.as_ref().map_or(&e.at, |(_, at)| at);
        diags.push(
            err("resultatet mangler en kilde".into(), at)
                .with_label("hvor kommer tallet fra?")
                .with_help("tilføj `source = \"Jobindsats, ydelsesgrupper\"` eller hvor tallet ellers er hentet"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(TargetResult {
        date: e.date.to_string(),
        date_text: e.date.danish(),
        value,
        value_text: value.map(|v| with_unit(v, target.unit.as_deref())),
        met,
        source: source.unwrap_or_default(),
        note: e.note.clone().filter(|n| !n.trim().is_empty()),
        period: e.date,
    })
}

fn danish(v: f64) -> String {
    super::model::danish_number(v)
}

/// A unit as people write it, for comparing: `pct.` and `procent` are `%`.
fn unit_key(u: &str) -> String {
    let u = u.trim().to_lowercase();
    match u.as_str() {
        "pct" | "pct." | "procent" | "%" => "%".into(),
        _ => u,
    }
}

/// A result's number: written as a number, or as text with an optional unit that must
/// be the target's. Danish forms are read: `1,8`, `1.500`, `82 %`.
fn number(
    written: &ResultValue,
    decimal_comma: bool,
    unit: Option<&str>,
) -> Result<f64, (String, String)> {
    let text = match written {
        ResultValue::Number(v) if v.is_finite() => return Ok(*v),
        ResultValue::Number(_) => {
            return Err((
                "værdien er ikke et tal".into(),
                "skriv tallet, fx `1.8`".into(),
            ));
        }
        ResultValue::Text(t) => t.trim(),
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | ' ')))
        .unwrap_or(text.len());
    let (digits, written_unit) = text.split_at(split);
    let written_unit = written_unit.trim();
    let not_a_number = || {
        (
            format!("`{text}` er ikke et tal"),
            "skriv tallet med cifre, fx `1,8` eller `150`".to_string(),
        )
    };
    let v = spreadsheet::number(digits, decimal_comma).ok_or_else(not_a_number)?;
    if !written_unit.is_empty() {
        match unit {
            Some(u) if unit_key(u) == unit_key(written_unit) => {}
            Some(u) => {
                return Err((
                    format!("forkert enhed `{written_unit}`: resultatmålet måles i {u}"),
                    format!("skriv tallet i {u}, eller uden enhed"),
                ));
            }
            None => {
                return Err((
                    format!(
                        "resultatmålet har ingen enhed, men tallet er skrevet i `{written_unit}`"
                    ),
                    "skriv tallet uden enhed".into(),
                ));
            }
        }
    }
    Ok(v)
}

/// Reads a results file; Danish Excel saves "CSV (semikolonsepareret)" in Windows-1252,
/// so text that is not UTF-8 is read as that.
fn read_csv_file(asset: &Asset, diags: &mut Diagnostics) -> Option<SourceFile> {
    let path = format!("content/{}", asset.rel);
    let bytes = match std::fs::read(&asset.source) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(format!(
                "kan ikke læse {path}: {}",
                crate::diagnostics::io_text(&e)
            )));
            return None;
        }
    };
    Some(SourceFile::new(path, spreadsheet::decode(&bytes)))
}

/// Columns of a results file.
const COLUMNS: [&str; 6] = ["target", "date", "value", "source", "note", "met"];
const REQUIRED: [&str; 4] = ["target", "date", "value", "source"];

/// The rows of a results file as entries, each with its target id. Mistakes in the
/// header or a row are reported; a row with a mistake in its date is left out.
fn csv_entries<'a>(
    file: &'a SourceFile,
    ids: &[&str],
    diags: &mut Diagnostics,
) -> Vec<(String, Entry<'a>)> {
    let text: &str = &file.text;
    let delimiter = spreadsheet::delimiter(text);
    let (mut reader, decimal_comma) = spreadsheet::rows(text);
    let mut out = Vec::new();
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut header_done = false;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.push(
                    Diagnostic::error("rækken kan ikke læses som CSV")
                        .in_file(file)
                        .at(at..at + 1)
                        .with_help("tjek anførselstegnene i rækken"),
                );
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let spans = cell_spans(text, start, delimiter);
        let cell_at = |i: usize| {
            spans
                .get(i)
                .cloned()
                .unwrap_or_else(|| line_end(text, start)..line_end(text, start))
        };
        let row_at = start..line_end(text, start);
        if !header_done {
            header_done = true;
            for (i, name) in record.iter().enumerate() {
                let name = name.trim().to_lowercase();
                if let Some(&known) = COLUMNS.iter().find(|c| **c == name) {
                    columns.insert(known, i);
                } else if !name.is_empty() {
                    let mut d = Diagnostic::error(format!("ukendt kolonne `{name}`"))
                        .in_file(file)
                        .at(cell_at(i))
                        .with_label("kendes ikke her")
                        .with_note(format!("forventede kolonnerne {}", COLUMNS.join(", ")));
                    if let Some(best) = did_you_mean(&name, COLUMNS) {
                        d = d.with_help(format!("mente du `{best}`?"));
                    }
                    diags.push(d);
                }
            }
            let missing: Vec<&str> = REQUIRED
                .iter()
                .filter(|c| !columns.contains_key(**c))
                .copied()
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::error(format!(
                        "resultatfilen mangler kolonnen {}",
                        missing.join(", ")
                    ))
                    .in_file(file)
                    .at(row_at)
                    .with_help("første række skal være: target;date;value;source;note"),
                );
                return out;
            }
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // Excel's empty rows
        }
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .unwrap_or("")
        };
        let at = |name: &str| columns.get(name).map_or(row_at.clone(), |&i| cell_at(i));
        let id = cell("target");
        if !ids.contains(&id) {
            let mut d = Diagnostic::error(format!("ukendt resultatmål `{id}`"))
                .in_file(file)
                .at(at("target"))
                .with_label("findes ikke i planen");
            if ids.len() <= 20 {
                d = d.with_note(format!("forventede en af: {}", ids.join(", ")));
            }
            if let Some(best) = did_you_mean(id, ids.iter().copied()) {
                d = d.with_help(format!("mente du `{best}`?"));
            }
            diags.push(d);
            continue;
        }
        let date = match parse_date(cell("date")) {
            Ok(p) => p,
            Err(msg) => {
                diags.push(
                    Diagnostic::error(msg)
                        .in_file(file)
                        .at(at("date"))
                        .with_label("her")
                        .with_help("skriv måneden som 2022-12 eller dagen som 2022-12-31"),
                );
                continue;
            }
        };
        let value = cell("value");
        let met = match cell("met").to_lowercase().as_str() {
            "" => None,
            "ja" | "true" | "nået" | "naaet" => Some((true, at("met"))),
            "nej" | "false" | "ikke nået" | "ikke naaet" => Some((false, at("met"))),
            other => {
                diags.push(
                    Diagnostic::error(format!("`{other}` siger ikke, om målet er nået"))
                        .in_file(file)
                        .at(at("met"))
                        .with_help("skriv `ja` eller `nej`"),
                );
                continue;
            }
        };
        out.push((
            id.to_string(),
            Entry {
                file,
                at: row_at.clone(),
                date,
                date_at: at("date"),
                value: (!value.is_empty()).then(|| (ResultValue::Text(value.into()), at("value"))),
                met,
                source: Some((cell("source").to_string(), at("source"))),
                note: Some(cell("note").to_string()),
                decimal_comma,
            },
        ));
    }
    out
}

/// A date in a results file: `2022-12`, `2022-12-31`, or as Danish Excel writes a day,
/// `31-12-2022` or `31.12.2022`.
fn parse_date(s: &str) -> Result<Period, String> {
    let parts: Vec<&str> = s.split(['-', '.']).collect();
    if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        let iso = format!("{}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0]);
        return Period::parse(&iso);
    }
    Period::parse(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_numbers_are_read() {
        let n = |s: &str, comma: bool| number(&ResultValue::Text(s.into()), comma, Some("%"));
        assert_eq!(n("1,8", true), Ok(1.8));
        assert_eq!(n("1.500", true), Ok(1500.0));
        assert_eq!(n("1.5", false), Ok(1.5));
        assert_eq!(n("1.234,5", true), Ok(1234.5));
        assert_eq!(n("82 %", false), Ok(82.0));
        assert_eq!(n("82 pct.", false), Ok(82.0));
        assert!(n("82 personer", false).is_err());
        assert!(n("nan", false).is_err());
        assert!(n("", false).is_err());
        assert!(number(&ResultValue::Number(f64::NAN), false, None).is_err());
    }

    #[test]
    fn excel_dates_are_read() {
        assert_eq!(
            parse_date("31-12-2022").map(|p| p.to_string()),
            Ok("2022-12-31".into())
        );
        assert_eq!(
            parse_date("1.3.2022").map(|p| p.to_string()),
            Ok("2022-03-01".into())
        );
        assert_eq!(
            parse_date("2022-12").map(|p| p.to_string()),
            Ok("2022-12".into())
        );
        assert!(parse_date("2022-13").is_err());
    }
}
