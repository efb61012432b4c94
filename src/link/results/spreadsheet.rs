//! Results kept in a spreadsheet: `resultater.csv` beside a plan, comma or semicolon
//! separated as Danish Excel writes it, UTF-8 or Windows-1252, read into the same
//! entries as `[[targets.results]]` with every cell's place in the file kept for the
//! checks.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::load::Asset;
use crate::load::front_matter::{Period, ResultValue};

use super::*;

/// Reads a results file; Danish Excel saves "CSV (semikolonsepareret)" in Windows-1252,
/// so text that is not UTF-8 is read as that.
pub(super) fn read_csv_file(asset: &Asset, diags: &mut Diagnostics) -> Option<SourceFile> {
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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    Some(SourceFile::new(path, text))
}

fn windows_1252(b: u8) -> char {
    match b {
        0x80 => '€',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        _ => char::from(b),
    }
}

/// Columns of a results file.
const COLUMNS: [&str; 6] = ["target", "date", "value", "source", "note", "met"];

const REQUIRED: [&str; 4] = ["target", "date", "value", "source"];

/// The rows of a results file as entries, each with its target id. Mistakes in the
/// header or a row are reported; a row with a mistake in its date is left out.
pub(super) fn csv_entries<'a>(
    file: &'a SourceFile,
    ids: &[&str],
    diags: &mut Diagnostics,
) -> Vec<(String, Entry<'a>)> {
    let text: &str = &file.text;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let decimal_comma = delimiter == b';';
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
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
pub(super) fn parse_date(s: &str) -> Result<Period, String> {
    let parts: Vec<&str> = s.split(['-', '.']).collect();
    if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        let iso = format!("{}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0]);
        return Period::parse(&iso);
    }
    Period::parse(s)
}

fn line_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| from + i)
}

/// Byte ranges of the cells of the row that starts at `start`, quotes included.
pub(super) fn cell_spans(text: &str, start: usize, delimiter: u8) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start.min(bytes.len());
    let mut cell_start = i;
    let mut quoted = false;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' {
            quoted = true;
        } else if b == delimiter {
            spans.push(cell_start..i);
            cell_start = i + 1;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        i += 1;
    }
    spans.push(cell_start..i);
    spans
}
