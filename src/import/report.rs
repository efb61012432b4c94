//! What an import found: the report's data (printed as JSON with `--format json`) and
//! its Danish text for the terminal.

use serde::Serialize;

use super::{Format, draft, ocr, promises};

/// What the import found, for the terminal and for `--format json`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub format: Format,
    /// Whether the text was read as OCR output and repaired.
    pub ocr: bool,
    /// Whether Tesseract read a scanned PDF.
    pub tesseract: bool,
    pub dictionary: bool,
    pub kommune: String,
    pub kommune_name: String,
    pub kommune_created: bool,
    pub year: i32,
    pub folder: String,
    pub chapters_found_by: String,
    pub chapters: Vec<ChapterReport>,
    pub targets: Vec<promises::Target>,
    pub goals: Vec<promises::Goal>,
    pub initiatives: Vec<InitiativeReport>,
    pub links: Vec<LinkReport>,
    pub repair: ocr::RepairLog,
    /// Words hunspell does not know, before and after repair.
    pub flagged_before: usize,
    pub flagged_after: usize,
    pub checklist: Vec<String>,
    pub written: Vec<String>,
    #[serde(skip)]
    pub draft: draft::Draft,
}

#[derive(Debug, Serialize)]
pub struct ChapterReport {
    pub file: String,
    pub title: String,
    pub line: usize,
    pub headings: usize,
}

#[derive(Debug, Serialize)]
pub struct InitiativeReport {
    pub title: String,
    pub chapter: String,
    pub line: usize,
    pub kind: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkReport {
    /// "kapitel", "mål", "resultatmål", "indsats".
    pub what: String,
    pub name: String,
    pub minister_goal: String,
    pub confidence: String,
    pub reason: String,
}

/// The report for people, in Danish.
pub fn render(report: &Report) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let kind = match report.format {
        Format::Docx => "Word-dokument",
        Format::Pdf if report.tesseract => "scannet PDF, læst med Tesseract",
        Format::Pdf => "PDF",
        Format::Text if report.ocr => "tekst fra OCR",
        Format::Text => "tekst",
    };
    let _ = writeln!(
        o,
        "Importerede {} ({kind}) som kladde til {}/",
        report.file, report.folder
    );
    let _ = writeln!(
        o,
        "Kommune: {}{}",
        report.kommune_name,
        if report.kommune_created { " (ny)" } else { "" }
    );
    let _ = writeln!(
        o,
        "\nKapitler ({}, fundet ud fra {}):",
        report.chapters.len(),
        report.chapters_found_by
    );
    for c in &report.chapters {
        let _ = writeln!(o, "  {:<45} linje {:>4}  {}", c.file, c.line, c.title);
    }
    let _ = writeln!(o, "\nResultatmål ({}):", report.targets.len());
    for t in &report.targets {
        let num = match (&t.value_text, &t.unit, t.direction) {
            (Some(v), u, d) => format!(
                "{}{}{}",
                d.map(direction_text)
                    .filter(|d| !d.is_empty())
                    .map(|d| format!("{d} "))
                    .unwrap_or_default(),
                v,
                u.as_deref().map(|u| format!(" {u}")).unwrap_or_default()
            ),
            _ => t
                .comparison
                .clone()
                .map(|c| format!("«{c}»"))
                .unwrap_or_else(|| "uden tal".into()),
        };
        let _ = writeln!(
            o,
            "  linje {:>4}: {} — {}{}",
            t.line,
            num.trim(),
            short(&t.text, 70),
            t.deadline
                .as_deref()
                .map(|d| format!(
                    " (frist {d}{})",
                    if t.deadline_assumed { ", antaget" } else { "" }
                ))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(o, "\nLokale mål ({}):", report.goals.len());
    for g in &report.goals {
        let _ = writeln!(o, "  linje {:>4}: {}", g.line, g.title);
    }
    let _ = writeln!(o, "\nIndsatser ({}):", report.initiatives.len());
    for i in &report.initiatives {
        let _ = writeln!(
            o,
            "  linje {:>4}: {} [{}] i {}",
            i.line, i.title, i.kind, i.chapter
        );
    }
    let _ = writeln!(o, "\nForeslåede ministermål ({}):", report.links.len());
    for l in &report.links {
        let _ = writeln!(
            o,
            "  {} «{}» → {} ({}: {})",
            l.what,
            short(&l.name, 50),
            l.minister_goal,
            l.confidence,
            l.reason
        );
    }
    if report.ocr {
        let r = &report.repair;
        let _ = writeln!(
            o,
            "\nOCR-rettelser: {} ord rettet med ordbogen, {} afgjort af nabo-ord eller hyppighed, {} usikre (ikke rettet). Ord ordbogen ikke kender: {} før, {} efter.",
            r.repaired,
            r.decided.len(),
            r.uncertain.len(),
            report.flagged_before,
            report.flagged_after
        );
        for u in r.uncertain.iter().take(30) {
            let _ = writeln!(
                o,
                "  linje {:>4}: «{}» kan være {} — «…{}…»",
                u.line,
                u.word,
                u.readings.join(" / "),
                u.context
            );
        }
        if r.uncertain.len() > 30 {
            let _ = writeln!(
                o,
                "  … og {} flere (se --format json)",
                r.uncertain.len() - 30
            );
        }
    }
    let _ = writeln!(o, "\nDet skal en person læse, før planen udgives:");
    for (i, c) in report.checklist.iter().enumerate() {
        let _ = writeln!(o, "  {}. {c}", i + 1);
    }
    if !report.written.is_empty() {
        let _ = writeln!(
            o,
            "\nSkrev {} filer. Se kladden med: planportal serve --drafts",
            report.written.len()
        );
    }
    o
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// A target's direction in the site's Danish words ("mindst", "fald på"; nothing for
/// an exact value), not the schema's (`at-least`), which the draft's file holds.
fn direction_text(schema: &str) -> String {
    serde_json::from_value::<crate::load::front_matter::Direction>(schema.into())
        .map_or_else(|_| schema.to_string(), |d| d.danish().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_are_told_in_danish() {
        assert_eq!(direction_text("at-least"), "mindst");
        assert_eq!(direction_text("decrease-by"), "fald på");
        assert_eq!(direction_text("exactly"), "");
        assert_eq!(direction_text("noget-andet"), "noget-andet");
    }
}
