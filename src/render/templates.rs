//! Templates: the theme's Tera templates, overridden file by file by the site's own
//! `templates/`, parsed once; and Tera errors turned into diagnostics that name the
//! template file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean, io_text};

/// A template's name and the file it came from.
pub struct TemplateSet {
    pub tera: Tera,
    /// Template name → source file (for diagnostics).
    pub sources: BTreeMap<String, SourceFile>,
}

/// Reads every template: the built-in theme's, then the portal's theme folder's and its
/// own `templates/`, each replacing the files of the same name before it (see
/// [`crate::theme`]). Sorted by name.
pub fn read_templates(
    root: &Path,
    theme: &str,
) -> Result<BTreeMap<String, SourceFile>, Vec<Diagnostic>> {
    let theme_dir = root.join("themes").join(theme).join("templates");
    let site_dir = root.join("templates");
    let mut diags = Vec::new();
    if theme != crate::theme::DEFAULT && !theme_dir.is_dir() {
        let themes: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .chain([crate::theme::DEFAULT.to_string()])
                    .collect()
            })
            .unwrap_or_else(|_| vec![crate::theme::DEFAULT.to_string()]);
        let d = Diagnostic::error(format!(
            "temaet `{theme}` har ingen skabelonmappe i themes/{theme}/templates"
        ))
        .with_note("config.toml vælger temaet med `theme = \"…\"`; et tema ændrer standardtemaet fil for fil");
        diags.push(match did_you_mean(theme, themes.iter().map(String::as_str)) {
            Some(best) => d.with_help(format!("mente du `{best}`?")),
            None => d.with_help("lav mappen themes/{theme}/templates med de skabeloner, temaet ændrer, eller skriv theme = \"default\""),
        });
        return Err(diags);
    }
    let mut out: BTreeMap<String, SourceFile> = crate::theme::built_in("templates")
        .into_iter()
        .filter_map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let shown = crate::theme::built_in_shown(&format!("templates/{name}"));
            Some((name, SourceFile::new(shown, text.to_string())))
        })
        .collect();
    let inside = crate::load::walk::Inside::new(root);
    for (dir, shown) in [
        (theme_dir, format!("themes/{theme}/templates")),
        (site_dir, "templates".to_string()),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| inside.allows(e))
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error(format!(
                        "kan ikke læse en skabelon i {shown}: {}",
                        e.io_error().map_or_else(|| e.to_string(), io_text)
                    )));
                    continue;
                }
            };
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel: PathBuf = match entry.path().strip_prefix(&dir) {
                Ok(r) => r.to_path_buf(),
                Err(_) => continue,
            };
            let name = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read(entry.path())
                .map(|bytes| crate::diagnostics::decode(&format!("{shown}/{name}"), bytes));
            match text {
                Ok(Err(d)) => diags.push(d),
                Ok(Ok(text)) => {
                    out.insert(
                        name.clone(),
                        SourceFile::new(format!("{shown}/{name}"), text),
                    );
                }
                Err(e) => diags.push(Diagnostic::error(format!(
                    "kan ikke læse skabelonen {shown}/{name}: {}",
                    io_text(&e)
                ))),
            }
        }
    }
    diags.extend(inside.diagnostics());
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Parses all templates at once, so inheritance and includes resolve across them.
pub fn compile(tera: &mut Tera, sources: &BTreeMap<String, SourceFile>) -> Result<(), Diagnostic> {
    let templates: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, f)| (n.as_str(), f.text.as_ref()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| template_error(&e, sources))
}

/// A Tera error as a diagnostic pointing into the template file.
pub fn template_error(e: &tera::Error, sources: &BTreeMap<String, SourceFile>) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "syntaksfejl i skabelon"
            } else {
                "skabelonen fejlede"
            };
            let mut d = Diagnostic::error(format!("{what}: {}", report.message()));
            if let Some(file) = sources.get(report.filename()) {
                d = d.in_file(file).at(report.span().range.clone());
            } else if !report.filename().is_empty() {
                d = d.with_note(format!("i skabelonen `{}`", report.filename()));
            }
            d
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(format!("skabelonen `{name}` findes ikke"))
                .suggest(name, sources.keys().map(String::as_str))
        }
        ErrorKind::MissingParent { current, parent } => {
            let mut d = Diagnostic::error(format!(
                "skabelonen `{current}` bygger på `{parent}`, som ikke findes"
            ));
            if let Some(file) = sources.get(current) {
                d = d.in_file(file).at(find(file, parent));
            }
            d.suggest(parent, sources.keys().map(String::as_str))
        }
        _ => {
            // Errors from our own functions arrive wrapped: show the whole chain.
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(format!("skabelonen fejlede: {message}"))
        }
    }
}

fn find(file: &SourceFile, needle: &str) -> std::ops::Range<usize> {
    file.text.find(needle).map_or(0..0, |i| i..i + needle.len())
}
