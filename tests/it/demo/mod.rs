//! Builds the bundled demo portal (`content/` of this repository) into a temporary
//! folder, and reads back what a citizen reads on its pages: the text of `<main>`,
//! without markup, code, attributes or URLs.

use std::fs;
use std::path::{Path, PathBuf};

use planportal::{BuildOptions, BuildReport, build};

/// The demo portal, built once into a temporary folder that lives as long as this value.
pub struct Demo {
    _dir: tempfile::TempDir,
    pub public: PathBuf,
    pub report: BuildReport,
}

impl Demo {
    /// Builds the repository's own site (config.toml, content/, themes/, static/) into a
    /// temporary `public/`; the repository itself is not written to.
    pub fn build() -> Demo {
        let dir = tempfile::tempdir().expect("temp dir");
        let public = dir.path().join("public");
        let mut opts = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        opts.output = Some(public.clone());
        let report = build(&opts);
        assert!(
            report.ok(),
            "the demo portal does not build:\n{}",
            diagnostics(&report)
        );
        Demo {
            _dir: dir,
            public,
            report,
        }
    }

    /// A published file, e.g. `kommuner/helsingoer/2021/index.html`.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.public.join(rel))
            .unwrap_or_else(|e| panic!("read public/{rel}: {e}"))
    }

    /// Every HTML page of the site, as (path relative to public/, file contents), sorted.
    pub fn pages(&self) -> Vec<(String, String)> {
        let mut pages = Vec::new();
        for entry in walkdir::WalkDir::new(&self.public).sort_by_file_name() {
            let entry = entry.expect("walk public/");
            let path = entry.path();
            if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "html") {
                let rel = rel_path(&self.public, path);
                pages.push((rel, fs::read_to_string(path).expect("read page")));
            }
        }
        pages
    }
}

/// Every diagnostic of a build, one per line.
pub fn diagnostics(report: &BuildReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

fn rel_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .expect("under public/")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The text of a page's `<main>` element (the whole page if it has none), whitespace
/// collapsed to single spaces.
pub fn main_text(html: &str) -> String {
    let start = html
        .find("<main")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let end = html.rfind("</main>");
    let inner = match (start, end) {
        (Some(s), Some(e)) if s <= e => &html[s..e],
        _ => html,
    };
    collapse(&html_text(inner))
}

/// The text of the `<tag>` element with `id=<id>` (unquoted, as the minifier writes it,
/// or quoted), up to its first closing tag; `None` if there is no such element.
pub fn element_text(html: &str, tag: &str, id: &str) -> Option<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut from = 0;
    while let Some(found) = html[from..].find(&open) {
        let start = from + found;
        let gt = start + html[start..].find('>')?;
        let attrs = &html[start + open.len()..gt];
        let is_tag = attrs.is_empty() || attrs.starts_with(' ');
        let has_id = attrs
            .split_whitespace()
            .any(|a| a == format!("id={id}") || a == format!("id=\"{id}\""));
        if is_tag && has_id {
            let end = gt + html[gt..].find(&close)?;
            return Some(collapse(&html_text(&html[gt + 1..end])));
        }
        from = gt;
    }
    None
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements whose content is not prose.
const SKIPPED: &[&str] = &["script", "style", "code", "pre", "svg", "template"];
/// HTML to text: every tag becomes a space (templates put links and labels side by
/// side with no space between them), comments and non-prose elements are removed,
/// character references decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            out.push(' ');
            continue;
        }
        let Some(gt) = rest.find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && SKIPPED.contains(&name.as_str()) {
            let close = format!("</{name}>");
            rest = rest.find(&close).map_or("", |e| &rest[e + close.len()..]);
        }
        out.push(' ');
    }
    out.push_str(&decode(rest));
    out
}

/// Decodes the character references the minifier leaves in text.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "shy" => Some('\u{ad}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some(('\u{ad}', e)) => rest = &rest[e + 1..],
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
