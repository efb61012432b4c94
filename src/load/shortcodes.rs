//! The chart shortcode of a page's Markdown, Zola-style, on a paragraph of its own:
//!
//! ```text
//! {{ chart(data="ledighed.csv", kind="line", title="Ledigheden 2019-2021", source="Jobindsats") }}
//! ```
//!
//! Parsed here, with its CSV beside the page (first column the labels, further columns
//! one series each; `;` and decimal commas as Danish Excel writes them), into a
//! [`Figure`]: plain data. The Markdown stage leaves `<!--figure:N-->` where it stood,
//! and `render/figures.rs` draws it, so loading never needs the renderer. Every mistake
//! is a diagnostic at its place, in the page or in the CSV, with a Danish fix.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};
use crate::text::spreadsheet;

use super::images::{Files, Unresolved};

/// The kinds of chart the shortcode draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Line,
    Bar,
}

const KINDS: [&str; 2] = ["line", "bar"];
const ARGUMENTS: [&str; 6] = ["data", "kind", "title", "source", "finding", "unit"];
/// The most rows a figure draws: a figure of a plan is a handful of years or months.
const MAX_ROWS: usize = 240;

/// One series of a figure: its name (the column's header) and a value per label.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// The most decimals a value is written with, so `3,0` stays `3,0` beside `2,9`.
    pub decimals: usize,
}

/// A chart the page asks for, with its numbers.
#[derive(Clone, Debug)]
pub struct Figure {
    pub kind: Kind,
    pub title: String,
    pub source: Option<String>,
    /// The finding in one sentence, as the author wrote it; else one is made from the numbers.
    pub finding: Option<String>,
    pub unit: Option<String>,
    /// The first column's header (`År`) and its cells.
    pub label_header: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    /// Where the CSV is published, for "Hent tallene".
    pub data_url: String,
}

/// Whether a paragraph's source is meant as a shortcode.
pub fn is_shortcode(source: &str) -> bool {
    source.trim_start().starts_with("{{")
}

/// Where a shortcode sits inside running text (`Se {{ chart(…) }} her`), if it does.
pub fn inline_shortcode(text: &str) -> Option<usize> {
    let at = crate::text::find(text, "{{")?;
    let rest = text[at + 2..].trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && rest[name.len()..].trim_start().starts_with('(')).then_some(at)
}

/// Parses the shortcode in `source` (a paragraph of `file` starting at byte `start`)
/// and reads its data.
pub fn figure(
    file: &SourceFile,
    start: usize,
    source: &str,
    files: &Files,
) -> Result<Figure, Vec<Diagnostic>> {
    let err = |msg: String, at: Range<usize>| {
        vec![
            Diagnostic::error(msg)
                .in_file(file)
                .at(start + at.start..start + at.end),
        ]
    };
    let open = source.find("{{").unwrap_or(0);
    let trimmed_end = source.trim_end().len();
    let Some(close) = source.find("}}") else {
        return Err(err("figurkoden er ikke lukket".into(), open..open + 2)
            .into_iter()
            .map(|d| {
                d.with_label("her begynder den")
                    .with_help("slut den med `}}` på samme afsnit: `{{ chart(data=\"tal.csv\", title=\"…\") }}`")
            })
            .collect());
    };
    if close + 2 != trimmed_end {
        return Err(err(
            "figurkoden skal stå alene i sit eget afsnit".into(),
            close + 2..trimmed_end,
        )
        .into_iter()
        .map(|d| d.with_help("sæt en tom linje før og efter `{{ … }}`"))
        .collect());
    }
    let mut p = Parser {
        s: source,
        i: open + 2,
    };
    p.space();
    let name_at = p.i;
    let name = p.ident();
    if name != "chart" {
        let shown = if name.is_empty() { "{{" } else { name };
        let mut d = Diagnostic::error(format!("ukendt figurkode `{shown}`"))
            .in_file(file)
            .at(start + name_at..start + name_at + name.len().max(1))
            .with_note(
                "planportal kender figurkoden `chart`, der tegner en figur ud fra en CSV-fil",
            );
        d = d.with_help(match did_you_mean(name, ["chart"]) {
            Some(best) => format!("mente du `{best}`?"),
            None => "skriv `{{ chart(data=\"tal.csv\", kind=\"line\", title=\"…\") }}`".into(),
        });
        return Err(vec![d]);
    }
    p.space();
    if !p.eat('(') {
        return Err(err("forventede `(` efter `chart`".into(), p.i..p.i + 1)
            .into_iter()
            .map(|d| d.with_help("skriv `chart(data=\"tal.csv\", title=\"…\")`"))
            .collect());
    }
    let mut args: Vec<(&str, Range<usize>, String, Range<usize>)> = Vec::new();
    let mut problems = Vec::new();
    loop {
        p.space();
        if p.eat(')') {
            break;
        }
        let key_at = p.i;
        let key = p.ident();
        if key.is_empty() {
            return Err(err(
                "forventede et argument som `title=\"…\"` eller `)`".into(),
                p.i..(p.i + 1).min(close),
            )
            .into_iter()
            .map(|d| d.with_help("argumenterne skrives `navn=\"værdi\"`, adskilt af komma"))
            .collect());
        }
        let key_span = key_at..p.i;
        p.space();
        if !p.eat('=') {
            return Err(err(format!("forventede `=` efter `{key}`"), p.i..p.i + 1)
                .into_iter()
                .map(|d| d.with_help(format!("skriv `{key}=\"…\"`")))
                .collect());
        }
        p.space();
        let value_at = p.i;
        let Some(value) = p.string() else {
            let curly = source[p.i..].starts_with(['“', '”', '„', '»', '«']);
            let help = if curly {
                "brug lige anførselstegn `\"`, ikke typografiske (Word laver dem om; skriv i en almindelig editor)"
            } else {
                "sæt værdien i anførselstegn: `\"…\"`"
            };
            return Err(err(
                format!("værdien af `{key}` mangler anførselstegn"),
                value_at..(value_at + 1).min(close),
            )
            .into_iter()
            .map(|d| d.with_help(help))
            .collect());
        };
        let value_span = value_at..p.i;
        if !ARGUMENTS.contains(&key) {
            let mut d = Diagnostic::error(format!("ukendt argument `{key}` til `chart`"))
                .in_file(file)
                .at(start + key_span.start..start + key_span.end)
                .with_note(format!("`chart` kender {}", ARGUMENTS.join(", ")));
            if let Some(best) = did_you_mean(key, ARGUMENTS) {
                d = d.with_help(format!("mente du `{best}`?"));
            } else {
                d = d.with_help("fjern argumentet");
            }
            problems.push(d);
        } else if args.iter().any(|a| a.0 == key) {
            problems.push(
                Diagnostic::error(format!("`{key}` står to gange"))
                    .in_file(file)
                    .at(start + key_span.start..start + key_span.end)
                    .with_help("skriv hvert argument én gang"),
            );
        } else {
            args.push((key, key_span, value, value_span));
        }
        p.space();
        if p.eat(',') {
            continue;
        }
        if p.eat(')') {
            break;
        }
        return Err(
            err("forventede `,` eller `)`".into(), p.i..(p.i + 1).min(close))
                .into_iter()
                .map(|d| d.with_help("adskil argumenterne med komma, og slut med `)`"))
                .collect(),
        );
    }
    p.space();
    if p.i != close {
        return Err(err("forventede `}}` efter `)`".into(), p.i..close)
            .into_iter()
            .map(|d| d.with_help("slut figurkoden med `) }}`"))
            .collect());
    }
    let get = |k: &str| args.iter().find(|a| a.0 == k);
    let kind = match get("kind") {
        None => Kind::Line,
        Some((_, _, v, _)) if v == "line" => Kind::Line,
        Some((_, _, v, _)) if v == "bar" => Kind::Bar,
        Some((_, _, v, at)) => {
            let mut d = Diagnostic::error(format!("ukendt figurtype `{v}`"))
                .in_file(file)
                .at(start + at.start..start + at.end)
                .with_note("`kind` er `line` (en kurve over tid) eller `bar` (søjler)");
            if let Some(best) = did_you_mean(v, KINDS) {
                d = d.with_help(format!("mente du `{best}`?"));
            } else {
                d = d.with_help("skriv `kind=\"line\"` eller `kind=\"bar\"`");
            }
            problems.push(d);
            Kind::Line
        }
    };
    for required in ["data", "title"] {
        if get(required).is_none() {
            let help = if required == "data" {
                "tilføj `data=\"tal.csv\"`: CSV-filen med tallene, i kapitlets mappe"
            } else {
                "tilføj `title=\"…\"`: hvad figuren viser; den læses op for den, der ikke kan se figuren"
            };
            problems.push(
                Diagnostic::error(format!("figurkoden mangler `{required}`"))
                    .in_file(file)
                    .at(start + open..start + close + 2)
                    .with_help(help),
            );
        }
    }
    let title = get("title").map(|a| a.2.trim().to_string());
    if let Some((_, _, v, at)) = get("title")
        && v.trim().is_empty()
    {
        problems.push(
            Diagnostic::error("`title` er tom")
                .in_file(file)
                .at(start + at.start..start + at.end)
                .with_help("skriv, hvad figuren viser, fx `title=\"Ledigheden 2019-2021\"`"),
        );
    }
    let data = get("data").and_then(|(_, _, v, at)| {
        match read_data(file, start + at.start..start + at.end, v, files) {
            Ok(d) => Some(d),
            Err(ds) => {
                problems.extend(ds);
                None
            }
        }
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some((label_header, labels, series, data_url)), Some(title)) = (data, title) else {
        return Err(problems);
    };
    let text = |k: &str| {
        get(k)
            .map(|a| a.2.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Ok(Figure {
        kind,
        title,
        source: text("source"),
        finding: text("finding"),
        unit: text("unit"),
        label_header,
        labels,
        series,
        data_url,
    })
}

type Data = (String, Vec<String>, Vec<Series>, String);

/// Reads the CSV a shortcode names: labels and series, every number checked.
fn read_data(
    file: &SourceFile,
    at: Range<usize>,
    written: &str,
    files: &Files,
) -> Result<Data, Vec<Diagnostic>> {
    let doc_rel = file.path.strip_prefix("content/").unwrap_or(&file.path);
    let here = |msg: String| Diagnostic::error(msg).in_file(file).at(at.clone());
    let rel = match files.resolve(doc_rel, written) {
        Ok(rel) => rel,
        Err(Unresolved::External) => {
            return Err(vec![
                here(format!("datafilen skal ligge i portalen: `{written}`")).with_help(
                    "gem CSV-filen i kapitlets mappe, og skriv filnavnet: `data=\"tal.csv\"`",
                ),
            ]);
        }
        Err(Unresolved::Outside) => {
            return Err(vec![
                here(format!(
                    "datafilens sti fører uden for content/: `{written}`"
                ))
                .with_help("læg CSV-filen i kapitlets mappe, og skriv filnavnet"),
            ]);
        }
        Err(Unresolved::Missing(near)) => {
            let d = here(format!("datafilen findes ikke: `{written}`"))
                .with_label("ingen fil med det navn ved siden af siden")
                .with_note("stien regnes fra sidens mappe");
            let name = near.rsplit('/').next().unwrap_or("");
            return Err(vec![if near.is_empty() {
                d.with_help("gem tallene som CSV i kapitlets mappe (i Excel: Gem som → CSV (semikolonsepareret))")
            } else {
                d.with_help(format!("mente du `{name}`?"))
            }]);
        }
    };
    if !rel.to_lowercase().ends_with(".csv") {
        return Err(vec![here(format!("`{written}` er ikke en CSV-fil"))
            .with_help("gem tallene som CSV (i Excel: Gem som → CSV (semikolonsepareret)), og skriv filnavnet med .csv")]);
    }
    let path = format!("content/{rel}");
    let bytes = files
        .source(&rel)
        .map(std::fs::read)
        .unwrap_or_else(|| Err(std::io::ErrorKind::NotFound.into()))
        .map_err(|e| {
            vec![here(format!(
                "kan ikke læse {path}: {}",
                crate::diagnostics::io_text(&e)
            ))]
        })?;
    let csv_file = SourceFile::new(path, spreadsheet::decode(&bytes));
    let text: &str = &csv_file.text;
    let delimiter = spreadsheet::delimiter(text);
    let (mut reader, decimal_comma) = spreadsheet::rows(text);
    let mut problems = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut labels = Vec::new();
    let mut columns: Vec<Vec<Option<f64>>> = Vec::new();
    let mut decimals: Vec<usize> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let b = e.position().map_or(0, |p| p.byte() as usize);
                problems.push(
                    Diagnostic::error("rækken kan ikke læses som CSV")
                        .in_file(&csv_file)
                        .at(b..b + 1)
                        .with_help("tjek anførselstegnene i rækken"),
                );
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.byte() as usize);
        let spans = spreadsheet::cell_spans(text, row, delimiter);
        let end = spreadsheet::line_end(text, row);
        let cell_at = |i: usize| spans.get(i).cloned().unwrap_or(end..end);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(names) = &header else {
            let names: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
            if names.len() < 2 {
                problems.push(
                    Diagnostic::error("datafilen har kun én kolonne")
                        .in_file(&csv_file)
                        .at(row..end)
                        .with_note(
                            "første kolonne er etiketterne (fx årstal), de næste en talrække hver",
                        )
                        .with_help(
                            "første række skal være overskrifter, fx `År;Ledighed i procent`",
                        ),
                );
                return Err(problems);
            }
            columns = vec![Vec::new(); names.len() - 1];
            decimals = vec![0; names.len() - 1];
            header = Some(names);
            continue;
        };
        if labels.len() == MAX_ROWS {
            problems.push(
                Diagnostic::error(format!("datafilen har flere end {MAX_ROWS} rækker"))
                    .in_file(&csv_file)
                    .at(row..end)
                    .with_help("en figur i en plan viser nogle år eller måneder; del tallene i flere figurer"),
            );
            break;
        }
        labels.push(record.get(0).unwrap_or("").trim().to_string());
        for (k, column) in columns.iter_mut().enumerate() {
            let cell = record.get(k + 1).unwrap_or("").trim();
            let digits = cell.trim_end_matches('%').trim_end();
            if cell.is_empty() {
                column.push(None);
                continue;
            }
            match spreadsheet::number(digits, decimal_comma) {
                Some(v) => {
                    let mark = if decimal_comma || digits.contains(',') {
                        ','
                    } else {
                        '.'
                    };
                    let written = digits.rsplit_once(mark).map_or(0, |(_, f)| f.trim().len());
                    // `1.500` in a semicolon file is a thousand, not three decimals.
                    if written > 0 && (v.fract() != 0.0 || digits.contains(',') || !decimal_comma) {
                        decimals[k] = decimals[k].max(written.min(6));
                    }
                    column.push(Some(v));
                }
                None => {
                    problems.push(
                        Diagnostic::error(format!("`{cell}` er ikke et tal"))
                            .in_file(&csv_file)
                            .at(cell_at(k + 1))
                            .with_label(format!("i kolonnen `{}`", names[k + 1]))
                            .with_help("skriv tallet med cifre og decimalkomma, fx `4,5`; lad cellen stå tom, hvis tallet mangler"),
                    );
                    column.push(None);
                }
            }
        }
    }
    let Some(names) = header else {
        return Err(vec![Diagnostic::error("datafilen er tom").in_file(&csv_file).at(0..0).with_help("første række er overskrifter, fx `År;Ledighed`, og hver af de næste et år med sine tal")]);
    };
    if labels.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error("datafilen har ingen tal, kun overskrifter")
                .in_file(&csv_file)
                .at(0..spreadsheet::line_end(text, 0))
                .with_help("skriv en række pr. år eller måned under overskrifterne, fx `2021;4,5`"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let series = names[1..]
        .iter()
        .zip(columns)
        .zip(decimals)
        .map(|((name, values), decimals)| Series {
            name: name.clone(),
            values,
            decimals,
        })
        .collect();
    Ok((names[0].clone(), labels, series, files.url(&rel)))
}

/// A cursor over the shortcode's text.
struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn space(&mut self) {
        let rest = &self.s[self.i..];
        self.i += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        if self.s[self.i..].starts_with(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> &'a str {
        let rest = &self.s[self.i..];
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.i += n;
        &rest[..n]
    }

    /// A string in `"…"` or `'…'`; a backslash escapes the next character.
    fn string(&mut self) -> Option<String> {
        let rest = &self.s[self.i..];
        let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let mut out = String::new();
        let mut chars = rest[1..].char_indices();
        while let Some((k, c)) = chars.next() {
            if c == '\\' {
                if let Some((_, n)) = chars.next() {
                    out.push(n);
                }
            } else if c == q {
                self.i += 1 + k + 1;
                return Some(out);
            } else if c == '\n' {
                return None;
            } else {
                out.push(c);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_shortcodes_are_found() {
        assert_eq!(inline_shortcode("Se {{ chart(data=\"x\") }} her"), Some(3));
        assert_eq!(inline_shortcode("mængden {{ x }}"), None);
        assert!(is_shortcode("  {{ chart() }}"));
    }
}
