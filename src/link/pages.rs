//! Ordinary pages and sections (with the pages a section lists), and the checks of
//! addresses: no two files on one URL or on one the engine generates, every link in
//! front matter one a reader can safely follow, and the portal's own settings.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::load::front_matter::Loc;
use crate::load::{Doc, Front, Place};

use super::*;

impl Linker<'_> {
    /// Two files may not publish to the same URL, nor take one the engine generates.
    pub(super) fn check_paths(&mut self) {
        let mut seen: HashMap<&str, &Doc> = HashMap::new();
        for doc in self.docs {
            if GENERATED.contains(&doc.path.as_str()) {
                self.diags.push(
                    Diagnostic::error(format!("`content/{}` ville erstatte den genererede side {}", doc.rel, doc.path))
                        .in_file(&doc.file)
                        .with_help("omdøb filen; disse stier er forbeholdt portalen: /overblik/, /data/, /soeg/, /404/"),
                );
            }
            if let Some(first) = seen.insert(&doc.path, doc) {
                self.diags.push(
                    Diagnostic::error(format!("to filer udgives til {}", doc.path))
                        .in_file(&doc.file)
                        .with_note(format!("`{}` udgives også dertil", first.file.path))
                        .with_help("omdøb den ene af dem"),
                );
            }
        }
    }

    pub(super) fn pages(&mut self) {
        let mut pages = Vec::new();
        for (i, doc) in self.docs.iter().enumerate() {
            let Front::Page(f) = &doc.front else { continue };
            pages.push(Page {
                title: f.title.clone(),
                description: f
                    .description
                    .clone()
                    .unwrap_or_else(|| doc.md.first_paragraph.clone()),
                url: self.url(&doc.path),
                permalink: self.permalink(&doc.path),
                path: doc.path.clone(),
                content: doc.md.html.clone(),
                toc: doc.md.headings.clone(),
                weight: f.weight,
                has_code: doc.md.has_code,
                is_section: doc.place == Place::Section,
                extra: f.extra.clone(),
                relative_path: doc.rel.clone(),
                pages: Vec::new(),
                template: f.template.as_ref().map(|t| t.value.clone()),
                doc: i,
            });
        }
        // A section lists the ordinary pages directly inside its folder.
        let children: Vec<(String, i64, PageRef)> = pages
            .iter()
            .filter(|p| !p.is_section)
            .map(|p| {
                let folder = p
                    .relative_path
                    .rsplit_once('/')
                    .map_or("", |(f, _)| f)
                    .to_string();
                (
                    folder,
                    p.weight,
                    PageRef {
                        title: p.title.clone(),
                        description: p.description.clone(),
                        url: p.url.clone(),
                    },
                )
            })
            .collect();
        for p in pages.iter_mut().filter(|p| p.is_section) {
            let folder = p
                .relative_path
                .trim_end_matches("_index.md")
                .trim_end_matches('/');
            let mut kids: Vec<(i64, PageRef)> = children
                .iter()
                .filter(|(f, _, _)| f == folder)
                .map(|(_, w, r)| (*w, r.clone()))
                .collect();
            kids.sort_by(|a, b| (a.0, &a.1.title).cmp(&(b.0, &b.1.title)));
            p.pages = kids.into_iter().map(|(_, r)| r).collect();
        }
        self.site.to_mut().pages = pages;
    }

    /// A link written in front matter (`website`, `source`): a web address or a path on
    /// the site. Anything else, `javascript:` above all, would be a link that runs
    /// script on a public site, so it is an error.
    pub(super) fn web_address(
        &mut self,
        doc: &Doc,
        field: &str,
        url: &Loc<String>,
    ) -> Option<String> {
        let value = url.value.trim();
        let lower = value.to_ascii_lowercase();
        let ok = ["https://", "http://", "mailto:"]
            .iter()
            .any(|p| lower.starts_with(p))
            || (value.starts_with('/') && !value.starts_with("//"));
        // Browsers read `\` as `/`, so `/\evil.example` is `//evil.example`: another host.
        if ok && !value.chars().any(|c| c.is_control() || c == '\\') {
            return Some(value.to_string());
        }
        self.diags.push(
            Diagnostic::error(format!(
                "`{field}` skal være en webadresse eller en sti på sitet"
            ))
            .in_file(&doc.file)
            .at(url.file_span(&doc.split.front, &doc.file.text))
            .with_label("ikke et link, en læser trygt kan følge")
            .with_note("forventede https://…, http://…, mailto:… eller en sti som /kilder/plan.pdf")
            .with_help(if lower.starts_with("www.") {
                format!("skriv `https://{value}`")
            } else {
                "skriv hele adressen, så den begynder med https://".to_string()
            }),
        );
        None
    }

    /// A public site in Denmark links to its accessibility statement, made in the
    /// WAS-Tool: a portal without one is warned about.
    pub(super) fn check_portal(&mut self) {
        if self
            .config
            .portal
            .accessibility_statement
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            self.diags.push(
                Diagnostic::warning("portalen har ingen tilgængelighedserklæring")
                    .with_note("et offentligt websted skal linke til sin tilgængelighedserklæring, som laves i Digitaliseringsstyrelsens WAS-Tool")
                    .with_help("skriv adressen i config.toml:\n[portal]\naccessibility_statement = \"https://www.was.digst.dk/…\""),
            );
        }
    }
}
