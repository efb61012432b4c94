//! Templates: the theme's Tera templates, overridden file by file by the site's own
//! `templates/`, parsed once; and Tera errors turned into diagnostics that name the
//! template file and line.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean, io_text};

/// The parsed templates, with the file each came from.
pub struct TemplateSet {
    pub tera: Tera,
    /// Template name → source file (for diagnostics).
    pub sources: BTreeMap<String, SourceFile>,
    /// The site the look-up functions read (see [`super::TemplateSet::set_site`]).
    pub(crate) site: super::functions::SiteHandle,
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

/// The parts of the templates' `site` that no edit of a plan's front matter changes:
/// the years and the goals (from their own files), and the configuration.
const SITE_PARTS_NO_PLAN_CHANGES: [&str; 7] = [
    "search",
    "prefix",
    "current_year",
    "years",
    "minister_goals",
    "minister_goal_years",
    "target_groups",
];

/// The look-up functions, each of which can show any plan or page.
const LOOK_UPS: [&str; 6] = [
    "get_plan",
    "get_municipality",
    "get_minister_goal",
    "get_target_group",
    "get_page",
    "get_section",
];

/// What a template reads beyond its own context (see [`TemplateSet::reading`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The lists of `site` an edit of a plan may change (other than the parts in
    /// [`SITE_PARTS_NO_PLAN_CHANGES`]), or any plan or page through a look-up function.
    Plans,
    /// Any page's or plan's text, through a look-up function.
    Texts,
}

impl TemplateSet {
    /// The templates whose pages may show `what` of any plan or page, beyond what
    /// their own context holds, themselves or in a template they extend, include or
    /// import. A rebuild after an edit renders their pages again: with the built-in
    /// theme, the front page after an edit of a plan, and no page after an edit of a
    /// text.
    pub fn reading(&self, what: Reads) -> HashSet<String> {
        let parsed: BTreeMap<&str, (Tags, Vec<String>)> = self
            .sources
            .iter()
            .map(|(name, file)| (name.as_str(), scan_tags(&file.text)))
            .collect();
        let mut reading: HashSet<String> = parsed
            .iter()
            .filter(|(_, (tags, _))| tags.look_ups || (what == Reads::Plans && tags.site))
            .map(|(name, _)| name.to_string())
            .collect();
        // What a template uses, it shows: until nothing more is found.
        loop {
            let more: Vec<String> = parsed
                .iter()
                .filter(|(name, (_, uses))| {
                    !reading.contains(**name) && uses.iter().any(|u| reading.contains(u))
                })
                .map(|(name, _)| name.to_string())
                .collect();
            if more.is_empty() {
                return reading;
            }
            reading.extend(more);
        }
    }
}

/// What a template's tags read: `site` beyond the parts no plan changes, and a look-up
/// function.
#[derive(Default)]
struct Tags {
    site: bool,
    look_ups: bool,
}

/// Reads a template's tags: what they read (see [`TemplateSet::reading`]), and the
/// templates it extends, includes or imports.
fn scan_tags(text: &str) -> (Tags, Vec<String>) {
    let mut reads = Tags::default();
    let mut uses = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else {
            break;
        };
        let tag = after[1..end].trim_matches(['-', ' ', '\n', '\t', '\r']);
        let (code, strings) = split_strings(tag);
        let (site, look_ups) = reads_site(&code);
        reads.site |= site;
        reads.look_ups |= look_ups;
        let keyword = code.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            uses.extend(strings);
        }
        rest = &after[end + close.len()..];
    }
    (reads, uses)
}

/// A tag's code with its quoted strings blanked out, and those strings.
fn split_strings(tag: &str) -> (String, Vec<String>) {
    let mut code = String::with_capacity(tag.len());
    let mut strings = Vec::new();
    let mut chars = tag.chars();
    while let Some(c) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            let s: String = chars.by_ref().take_while(|&d| d != c).collect();
            strings.push(s);
            code.push(' ');
        } else {
            code.push(c);
        }
    }
    (code, strings)
}

/// Whether template code reads `site` other than its parts no plan changes, and
/// whether it calls a look-up function.
fn reads_site(code: &str) -> (bool, bool) {
    let (mut site, mut look_ups) = (false, false);
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut at = 0;
    while let Some(off) = code[at..].find(ident) {
        let begin = at + off;
        let end = code[begin..]
            .find(|c: char| !ident(c))
            .map_or(code.len(), |e| begin + e);
        let word = &code[begin..end];
        // `x.site` is a field of something else, not the site.
        let a_field = code[..begin].trim_end().ends_with('.');
        if !a_field && LOOK_UPS.contains(&word) {
            look_ups = true;
        }
        if !a_field && word == "site" {
            let part = code[end..].trim_start().strip_prefix('.').map(|r| {
                let r = r.trim_start();
                &r[..r.find(|c: char| !ident(c)).unwrap_or(r.len())]
            });
            if !part.is_some_and(|p| SITE_PARTS_NO_PLAN_CHANGES.contains(&p)) {
                site = true;
            }
        }
        at = end;
    }
    (site, look_ups)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_read_the_plans_or_call_a_look_up_are_noticed() {
        let reads = |text: &str| {
            let (tags, _) = scan_tags(text);
            (tags.site, tags.look_ups)
        };
        // What no edit of a plan changes, and `site` in HTML or in a string.
        assert_eq!(
            reads("{% if site.search %}<header class=\"site-header\">"),
            (false, false)
        );
        assert_eq!(
            reads("{{ site . years | length }} {{ 'site' }} {{ page.site }}"),
            (false, false)
        );
        // The lists a plan's edit changes, the whole value, and the look-ups.
        assert_eq!(reads("{% for m in site.municipalities %}"), (true, false));
        assert_eq!(reads("{{ site.counts.plans }}"), (true, false));
        assert_eq!(reads("{% set s = site %}{{ s.plans }}"), (true, false));
        assert_eq!(
            reads("{{- get_plan(municipality='x', year=2022).title -}}"),
            (false, true)
        );
        assert_eq!(
            reads("{% set p = get_page(path='@/om.md') %}"),
            (false, true)
        );
    }

    #[test]
    fn a_template_reads_what_the_templates_it_uses_read() {
        let (_, uses) = scan_tags(
            "{% extends \"base.html\" %}{%- include ['a.html', \"b.html\"] -%}{% import \"macros.html\" as m %}{{ \"x.html\" }}",
        );
        assert_eq!(uses, ["base.html", "a.html", "b.html", "macros.html"]);
    }
}
