//! Writing the draft: the plan's `_index.md` (goals and targets), one numbered
//! Markdown file per chapter (initiatives in front matter, text below), and the
//! municipality's `_index.md` when it is new.
//!
//! Owns the file format of a draft: `draft = true`, every suggestion as a TOML comment
//! with its reason beside the value, the source line of each target, and what the
//! importer assumed marked as such. Files are written into a fresh folder that then
//! takes the plan's place, so a failure leaves nothing half-written; an existing plan
//! is replaced only with `--force`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::links::Suggestion;
use super::text::{Block, Kind};
use crate::diagnostics::{Diagnostic, io_text};

/// A TOML string literal.
pub fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes `key = [...]` with the reasons above it, or nothing when there is no
/// suggestion.
pub fn suggested_list(out: &mut String, key: &str, sugg: &[Suggestion]) {
    if sugg.is_empty() {
        return;
    }
    for s in sugg {
        let _ = writeln!(
            out,
            "# forslag ({}): {} → {}",
            s.confidence, s.reason, s.slug
        );
    }
    let items: Vec<String> = sugg.iter().map(|s| q(&s.slug)).collect();
    let _ = writeln!(out, "{key} = [{}]", items.join(", "));
}

/// A number as TOML writes it: `16.5`, `10`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A paragraph's first characters that Markdown would read as markup.
fn escape_start(text: &str) -> String {
    let t = text.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && t[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    if t.starts_with(['#', '>', '-', '+', '*', '=', '|']) {
        return format!("\\{t}");
    }
    t.to_string()
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A chapter's body as Markdown.
pub fn markdown(body: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_item = false;
    for b in body {
        let is_item = matches!(b.kind, Kind::Item(_));
        if !out.is_empty() {
            out.push_str(if is_item && prev_item { "\n" } else { "\n\n" });
        }
        match &b.kind {
            Kind::Heading(n) => {
                let _ = write!(out, "{} {}", "#".repeat(*n as usize), b.text);
            }
            Kind::Para => out.push_str(&escape_start(&b.text)),
            Kind::Item(None) => {
                let _ = write!(out, "- {}", escape_start(&b.text));
            }
            Kind::Item(Some(mark)) => {
                if mark.ends_with('.') {
                    let _ = write!(out, "{mark} {}", escape_start(&b.text));
                } else {
                    let _ = write!(out, "- {mark} {}", b.text);
                }
            }
            Kind::Table(rows) => {
                let width = rows.iter().map(Vec::len).max().unwrap_or(0);
                for (i, r) in rows.iter().enumerate() {
                    let mut cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
                    cells.resize(width, String::new());
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                    if i == 0 {
                        let _ = writeln!(out, "|{}|", vec![" --- "; width].join("|"));
                    }
                }
                while out.ends_with('\n') {
                    out.pop();
                }
            }
        }
        prev_item = is_item;
    }
    out.push('\n');
    out
}

/// The files of one draft, relative to the plan's folder.
pub struct Files {
    pub files: Vec<(String, String)>,
}

/// Writes `files` as `content/kommuner/<slug>/<year>/`, and the municipality's
/// `_index.md` when given. Refuses to replace an existing plan without `force`.
pub fn write_plan(
    root: &Path,
    slug: &str,
    year: i32,
    files: &Files,
    municipality: Option<&str>,
    force: bool,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let kommune_dir = root.join("content/kommuner").join(slug);
    let plan_dir = kommune_dir.join(year.to_string());
    let rel = format!("content/kommuner/{slug}/{year}");
    if plan_dir.exists() && !force {
        return Err(Diagnostic::error(format!("planen findes allerede: {rel}/"))
            .with_note("import overskriver aldrig en plan uden at blive bedt om det")
            .with_help(format!(
                "ret i den eksisterende plan i {rel}/, eller kør igen med --force for at erstatte den med en ny kladde"
            )));
    }
    let io = |what: &str, p: &Path, e: std::io::Error| {
        Diagnostic::error(format!(
            "kunne ikke {what} {}: {}",
            p.display(),
            io_text(&e)
        ))
        .with_help("tjek at mappen findes, og at du må skrive i den; intet blev skrevet")
    };
    std::fs::create_dir_all(&kommune_dir).map_err(|e| io("oprette", &kommune_dir, e))?;
    let tmp = kommune_dir.join(format!(".import-{year}.tmp"));
    if tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    std::fs::create_dir(&tmp).map_err(|e| io("oprette", &tmp, e))?;
    let mut written = Vec::new();
    for (name, text) in &files.files {
        let p = tmp.join(name);
        if let Err(e) = std::fs::write(&p, text) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(io("skrive", &p, e));
        }
        written.push(plan_dir.join(name));
    }
    let mut municipality_file = None;
    if let Some(text) = municipality {
        let p = kommune_dir.join("_index.md");
        if !p.exists() {
            std::fs::write(&p, text).map_err(|e| io("skrive", &p, e))?;
            municipality_file = Some(p);
        }
    }
    if plan_dir.exists() {
        // Asked for with --force: the old plan goes, the new draft takes its place.
        let old = kommune_dir.join(format!(".import-{year}.old"));
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(&plan_dir, &old).map_err(|e| io("flytte", &plan_dir, e))?;
        std::fs::rename(&tmp, &plan_dir).map_err(|e| io("flytte", &tmp, e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, &plan_dir).map_err(|e| io("flytte", &tmp, e))?;
    }
    written.extend(municipality_file);
    Ok(written)
}

/// A new municipality's `_index.md`: its name, the rest left for a person.
pub fn municipality_file(name: &str) -> String {
    let bare = name
        .trim()
        .strip_suffix(" Kommune")
        .or_else(|| name.trim().strip_suffix(" kommune"))
        .unwrap_or(name.trim());
    format!(
        "+++\n# Oprettet af planportal import. Navnet er fra {}; tilføj region, hjemmeside og jobcenter.\ntitle = {}\n+++\n",
        "dokumentet eller --navn",
        q(&format!("{bare} Kommune"))
    )
}
