//! `config.toml`: the site's title, base URL, theme and switches.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, RUN_IN_A_PORTAL, SourceFile, io_text};
use crate::diagnostics::{Parsed, serde_diagnostic};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published; its path (if any) prefixes every link.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Minify every HTML page with minify-html. Off by default, as in Zola and Hugo:
    /// on a large portal it is about 40 % of the build for some 3 % fewer bytes once
    /// the host compresses them (see docs/performance.md).
    #[serde(default)]
    pub minify_html: bool,
    /// The year the front page and navigation show first; default: the latest plan year.
    #[serde(default)]
    pub current_year: Option<i32>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub search: SearchConfig,
    /// Who stands behind the portal: owner, contact, accessibility statement, licence.
    #[serde(default)]
    pub portal: PortalConfig,
    /// The national framework the minister's goals belong to: which years it covers.
    #[serde(default)]
    pub minister_goals: FrameworkConfig,
    /// Free-form settings for templates, as `config.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through to the page. Off: it is shown as text.
    #[serde(default)]
    pub allow_html: bool,
    #[serde(default = "yes")]
    pub highlight_code: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: false,
            highlight_code: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the search index and the `/soeg/` page.
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// What a reader needs to trust a public site: who runs it, how to reach them, its
/// accessibility statement (in Denmark made in Digitaliseringsstyrelsen's WAS-Tool), the
/// open data's licence, and whether the content is a demo.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// The organisation that runs the portal.
    #[serde(default)]
    pub owner: Option<String>,
    /// An e-mail address for readers.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// A contact page (a web address or a site path).
    #[serde(default)]
    pub contact_url: Option<String>,
    /// The accessibility statement: the WAS-Tool address (https://www.was.digst.dk/…).
    #[serde(default)]
    pub accessibility_statement: Option<String>,
    /// The open data's licence: an SPDX id, a title and the licence's address.
    #[serde(default)]
    pub data_licence: Option<String>,
    #[serde(default)]
    pub data_licence_title: Option<String>,
    #[serde(default)]
    pub data_licence_url: Option<String>,
    /// A notice on every page that the content is a demo, not the municipalities' own.
    #[serde(default)]
    pub demo: bool,
}

/// The minister's goals as a framework with an end: plans after `until` have local goals
/// only, and the site says so (with `ended`) instead of showing an empty list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkConfig {
    /// The last year the minister set goals; none when the framework still runs.
    #[serde(default)]
    pub until: Option<i32>,
    /// When and why the framework ended, in a sentence or two for readers.
    #[serde(default)]
    pub ended: Option<String>,
}

impl FrameworkConfig {
    /// Whether `year` is after the framework ended.
    pub fn ended_before(&self, year: i32) -> bool {
        self.until.is_some_and(|u| year > u)
    }
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn yes() -> bool {
    true
}

/// How to write a base URL, for every error about one.
pub const BASE_URL_HELP: &str = "skriv hele adressen, fx base_url = \"https://planer.kommune.dk\", eller en sti på værten, fx \"/planer\"";

/// A theme is a folder directly in `themes/`: a plain name, never a path.
fn is_theme_name(theme: &str) -> bool {
    !theme.is_empty() && !theme.starts_with('.') && !theme.contains(['/', '\\', ':', '\0'])
}

/// Only `http://` and `https://` addresses and paths on the site's own host may be a
/// base URL: it starts every link, so `javascript:` would run on every click and
/// `//evil.example` (or `/\\evil.example`, which browsers read the same) would send
/// every reader to another host. The error says why, after "`base_url` ".
pub fn check_base_url(url: &str) -> Result<(), String> {
    let bad_char = url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\');
    if bad_char {
        return Err("må ikke indeholde mellemrum, styretegn eller `\\`".into());
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || host.contains('@') {
            return Err("skal have et værtsnavn efter http:// eller https://".into());
        }
        return Ok(());
    }
    if url.is_empty() || (url.starts_with('/') && !url.starts_with("//")) {
        return Ok(());
    }
    Err("skal begynde med https://, http:// eller / (en sti på sitet)".into())
}

/// The byte range of a top-level key's value in `config.toml`, found by its line, for
/// errors found after parsing. Falls back to the start of the file.
fn value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let eq = line.len() - rest.len() + rest.find('=').unwrap_or(0);
            let value = &line[eq + 1..];
            let start = eq + 1 + (value.len() - value.trim_start().len());
            let end = eq + 1 + value.trim_end().len();
            return offset + start..offset + end.max(start);
        }
        offset += line.len();
    }
    0..0
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join("config.toml");
        let bytes = std::fs::read(&path).map_err(|e| {
            let d = Diagnostic::error(format!("kan ikke læse {}: {}", path.display(), io_text(&e)));
            if e.kind() == std::io::ErrorKind::NotFound {
                d.with_help(RUN_IN_A_PORTAL)
            } else {
                d
            }
        })?;
        let text = crate::diagnostics::decode("config.toml", bytes)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let file = SourceFile::new("config.toml", text.as_str());
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let parsed = Parsed {
                whole: "config.toml",
                field: "indstilling",
                field_of: " i config.toml",
            };
            serde_diagnostic(e.message(), &file, span, &parsed)
        })?;
        let at = |key: &str| value_span(&text, key);
        if !is_theme_name(&config.theme) {
            return Err(Diagnostic::error("`theme` skal være navnet på en mappe i themes/")
                .in_file(&file)
                .at(at("theme"))
                .with_note("temaet læses fra themes/<navn>/ i portalen, aldrig fra en mappe uden for den")
                .with_help("skriv mappens navn, fx theme = \"default\", og læg temaet i themes/"));
        }
        if let Err(why) = check_base_url(&config.base_url) {
            return Err(Diagnostic::error(format!("`base_url` {why}"))
                .in_file(&file)
                .at(at("base_url"))
                .with_help(BASE_URL_HELP));
        }
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        Ok(config)
    }

    /// The path part of the base URL (`""` or `/planportal`), put before every link.
    pub fn path_prefix(&self) -> String {
        let after_scheme = match self.base_url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
            None => self.base_url.as_str(),
        };
        after_scheme.trim_end_matches('/').to_string()
    }

    /// The absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{path}", self.origin(), self.path_prefix())
    }

    /// The absolute URL of a link as the linked site holds it (the path prefix already
    /// in front), for the open data.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin())
    }

    /// The scheme and host of the base URL (`https://example.dk`), or `""` for a base
    /// URL that is only a path.
    fn origin(&self) -> &str {
        let Some(scheme_end) = self.base_url.find("://").map(|i| i + 3) else {
            return "";
        };
        match self.base_url[scheme_end..].find('/') {
            Some(i) => &self.base_url[..scheme_end + i],
            None => &self.base_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base(base: &str) -> Config {
        let mut c: Config =
            toml::from_str(&format!("title = \"t\"\nbase_url = \"{base}\"")).unwrap();
        c.base_url = c.base_url.trim_end_matches('/').to_string();
        c
    }

    #[test]
    fn base_url_gives_prefix_and_permalinks() {
        let c = with_base("https://example.dk/");
        assert_eq!(c.path_prefix(), "");
        assert_eq!(c.permalink("/kommuner/"), "https://example.dk/kommuner/");
        let c = with_base("https://example.dk/planer");
        assert_eq!(c.path_prefix(), "/planer");
        assert_eq!(
            c.permalink("/kommuner/"),
            "https://example.dk/planer/kommuner/"
        );
        assert_eq!(
            c.absolute("/planer/kommuner/"),
            "https://example.dk/planer/kommuner/"
        );
        let c = with_base("/");
        assert_eq!(c.path_prefix(), "");
        assert_eq!(c.permalink("/a/"), "/a/");
        assert_eq!(c.absolute("/a/"), "/a/");
        let c = with_base("/planer");
        assert_eq!(c.permalink("/a/"), "/planer/a/");
        assert_eq!(c.absolute("/planer/a/"), "/planer/a/");
    }
}
