//! The files beside the pages (co-located assets) as the Markdown sees them: where a
//! picture's or a chart's path leads, the URL the file is published at, and a
//! picture's width and height, read from the file's header at build so the page does
//! not jump while it loads.
//!
//! Raster formats are read by the `imagesize` crate (only the first bytes of the file);
//! an SVG's size comes from its root element's `width`/`height` or `viewBox`. Uses the
//! ground floor only.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::text::html::escape;
use crate::text::slug::{is_slug, slugify};

/// Every non-Markdown file under `content/`, by its path relative to `content/`.
#[derive(Debug, Default, Clone)]
pub struct Files {
    by_rel: HashMap<String, PathBuf>,
    /// The base URL's path (`""` or `/planportal`).
    prefix: String,
    /// Whether the files were listed (a build); the editor's preview renders without.
    known: bool,
}

/// Why a path written in a page leads to no file of the portal.
#[derive(Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// `https://…`: the site makes no third-party requests.
    External,
    /// `../../../x.png` climbs out of `content/`.
    Outside,
    /// No file has this path; the closest name, if any.
    Missing(String),
}

impl Files {
    pub fn new(assets: &[super::Asset], prefix: &str) -> Files {
        Files {
            by_rel: assets
                .iter()
                .map(|a| (a.rel.clone(), a.source.clone()))
                .collect(),
            prefix: prefix.to_string(),
            known: true,
        }
    }

    pub fn is_known(&self) -> bool {
        self.known
    }

    /// The file a path written in the page `doc_rel` names, relative to `content/`.
    /// A path is relative to the page's folder, or to `content/` when it starts with `/`.
    pub fn resolve(&self, doc_rel: &str, written: &str) -> Result<String, Unresolved> {
        let written = percent_decoded(written.split(['?', '#']).next().unwrap_or(""));
        if written.contains("://") || written.starts_with("//") || written.starts_with("data:") {
            return Err(Unresolved::External);
        }
        let folder = doc_rel.rsplit_once('/').map_or("", |(f, _)| f);
        let mut parts: Vec<&str> = if written.starts_with('/') {
            Vec::new()
        } else {
            folder.split('/').filter(|s| !s.is_empty()).collect()
        };
        for seg in written.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err(Unresolved::Outside);
                    }
                }
                s => parts.push(s),
            }
        }
        let rel = parts.join("/");
        if self.by_rel.contains_key(&rel) {
            return Ok(rel);
        }
        let near = crate::diagnostics::did_you_mean(&rel, self.by_rel.keys().map(String::as_str))
            .map(str::to_string)
            .unwrap_or_default();
        Err(Unresolved::Missing(near))
    }

    /// Where the file is on disk.
    pub fn source(&self, rel: &str) -> Option<&PathBuf> {
        self.by_rel.get(rel)
    }

    /// The URL the file is published at.
    pub fn url(&self, rel: &str) -> String {
        format!("{}/{}", self.prefix, published_path(rel))
    }
}

/// Where a content asset is published: beside its page, with the page's slugged folders.
pub fn published_path(rel: &str) -> String {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let folder = folder
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            // Chapter-style number prefixes stay: assets keep their folder names.
            if is_slug(s) {
                s.to_string()
            } else {
                slugify(s)
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// The `<img>` of a picture the page `file` shows from `written` (its path as written),
/// with its published URL and its width and height; or the diagnostic at `at` saying
/// why it cannot be shown.
pub fn picture(
    file: &SourceFile,
    at: std::ops::Range<usize>,
    files: &Files,
    written: &str,
    title: &str,
    alt: &str,
) -> Result<String, Diagnostic> {
    let doc_rel = file.path.strip_prefix("content/").unwrap_or(&file.path);
    let here = |msg: String| Diagnostic::error(msg).in_file(file).at(at.clone());
    let rel = match files.resolve(doc_rel, written) {
        Ok(rel) => rel,
        Err(Unresolved::External) => {
            return Err(here(format!("billedet hentes fra en anden server: `{written}`"))
                .with_note("portalen henter intet fra andres servere, så læserens besøg ikke deles med dem")
                .with_help("gem billedet i kapitlets mappe, og skriv filnavnet: `![…](figur.png)`"));
        }
        Err(Unresolved::Outside) => {
            return Err(here(format!(
                "billedets sti fører uden for content/: `{written}`"
            ))
            .with_help("læg billedet i kapitlets mappe, og skriv filnavnet: `![…](figur.png)`"));
        }
        Err(Unresolved::Missing(near)) => {
            let d = here(format!("billedfilen findes ikke: `{written}`"))
                .with_label("ingen fil med det navn ved siden af siden")
                .with_note("stien regnes fra sidens mappe; `/` foran regnes fra content/");
            return Err(if near.is_empty() {
                d.with_help("læg filen i kapitlets mappe, eller ret navnet")
            } else {
                d.with_help(format!("mente du `{}`?", relative_to(doc_rel, &near)))
            });
        }
    };
    if !is_picture(&rel) {
        return Err(here(format!("`{written}` er ikke et billede"))
            .with_help("brug en PNG-, JPEG-, GIF-, WebP-, AVIF- eller SVG-fil; link til andre filer med `[tekst](fil)`"));
    }
    let source = files.source(&rel).cloned().unwrap_or_default();
    let (w, h) = size(&source).map_err(|why| {
        here(format!("billedet `{written}` kan ikke læses: {why}"))
            .with_help("gem billedet igen som PNG eller JPEG, og tjek, at filen kan åbnes")
    })?;
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    Ok(format!(
        "<img src=\"{}\" alt=\"{}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\" decoding=\"async\"{title}>",
        escape(&files.url(&rel)),
        escape(alt)
    ))
}

/// `near`, a path relative to `content/`, as the page `doc_rel` would write it.
fn relative_to(doc_rel: &str, near: &str) -> String {
    let folder = doc_rel.rsplit_once('/').map_or("", |(f, _)| f);
    match near.strip_prefix(folder).and_then(|r| r.strip_prefix('/')) {
        Some(r) if !folder.is_empty() => r.to_string(),
        _ => format!("/{near}"),
    }
}

/// `min%20figur.png` → `min figur.png`.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The file types a picture may be.
pub fn is_picture(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e).to_lowercase();
    matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg"
    )
}

/// A picture's width and height in CSS pixels, or why they cannot be read (in Danish).
pub fn size(path: &std::path::Path) -> Result<(u64, u64), String> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let bytes = std::fs::read(path).map_err(|e| crate::diagnostics::io_text(&e))?;
        return svg_size(&String::from_utf8_lossy(&bytes))
            .ok_or_else(|| "SVG-filen har hverken width/height eller viewBox på <svg>".into());
    }
    match imagesize::size(path) {
        Ok(s) if s.width > 0 && s.height > 0 => Ok((s.width as u64, s.height as u64)),
        Ok(_) => Err("billedet har ingen størrelse".into()),
        Err(imagesize::ImageError::IoError(e)) => Err(crate::diagnostics::io_text(&e)),
        Err(_) => Err(
            "filen er ikke et billede, planportal kender (PNG, JPEG, GIF, WebP, AVIF eller SVG)"
                .into(),
        ),
    }
}

/// The size an SVG declares on its root element: `width`/`height` in pixels (or
/// without unit), else the `viewBox`'s width and height.
fn svg_size(text: &str) -> Option<(u64, u64)> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        while let Some(i) = rest.find(name) {
            let before = rest[..i].chars().last();
            let after = rest[i + name.len()..].trim_start();
            if before.is_some_and(char::is_whitespace)
                && let Some(v) = after.strip_prefix('=')
            {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    return v[1..].split(q).next();
                }
            }
            rest = &rest[i + name.len()..];
        }
        None
    };
    let px = |v: &str| -> Option<f64> {
        let v = v.trim();
        let v = v.strip_suffix("px").unwrap_or(v);
        v.parse::<f64>().ok().filter(|n| *n > 0.0 && n.is_finite())
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((w.round() as u64, h.round() as u64));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match vb.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((w.round() as u64, h.round() as u64)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_beside_the_page_and_never_out() {
        let files = Files {
            by_rel: [("kommuner/a/2021/figur.png".to_string(), PathBuf::new())]
                .into_iter()
                .collect(),
            prefix: "/p".into(),
            known: true,
        };
        let doc = "kommuner/a/2021/01-unge.md";
        assert_eq!(
            files.resolve(doc, "figur.png"),
            Ok("kommuner/a/2021/figur.png".into())
        );
        assert_eq!(
            files.resolve(doc, "./figur.png"),
            Ok("kommuner/a/2021/figur.png".into())
        );
        assert_eq!(
            files.resolve(doc, "/kommuner/a/2021/figur.png"),
            Ok("kommuner/a/2021/figur.png".into())
        );
        assert_eq!(
            files.resolve(doc, "../../../../x.png"),
            Err(Unresolved::Outside)
        );
        assert_eq!(
            files.resolve(doc, "https://example.com/x.png"),
            Err(Unresolved::External)
        );
        assert!(matches!(
            files.resolve(doc, "figur.pn"),
            Err(Unresolved::Missing(_))
        ));
        assert_eq!(
            files.url("kommuner/a/2021/figur.png"),
            "/p/kommuner/a/2021/figur.png"
        );
    }

    #[test]
    fn svg_sizes() {
        assert_eq!(
            svg_size(r#"<svg width="120" height="80px">"#),
            Some((120, 80))
        );
        assert_eq!(
            svg_size(r#"<?xml?><svg xmlns="x" viewBox="0 0 300 150">"#),
            Some((300, 150))
        );
        assert_eq!(svg_size(r#"<svg width="100%">"#), None);
    }
}
