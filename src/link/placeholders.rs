//! Placeholders and empty required fields: what `new plan`, `new kommune` and the
//! editor leave for the author to write must never reach a citizen.
//!
//! A document that is not a draft (nor a chapter of a draft plan) gets one error per
//! `UDFYLD` left in it, at its place (comment lines of the front matter aside), and one
//! per required text left empty. Drafts are let through: they build only with
//! `--drafts`, and the editor's "Udgiv" runs [`in_file`] before it clears `draft`.
//! Self-contained: reads only the documents' text and front matter.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::load::front_matter::{self, Format};
use crate::load::{Doc, Front, Place};

pub use crate::content::PLACEHOLDER;

/// Checks every published document.
pub fn check(docs: &[Doc], diags: &mut Diagnostics) {
    let all: Vec<usize> = (0..docs.len()).collect();
    check_these(docs, &all, diags);
}

/// Checks the documents `which` (indices into `docs`), in that order.
pub fn check_these(docs: &[Doc], which: &[usize], diags: &mut Diagnostics) {
    // The folders of draft plans and municipalities: everything in them is a draft too.
    let draft_folders: BTreeSet<&str> = docs
        .iter()
        .filter(|d| {
            d.is_draft() && matches!(d.place, Place::Plan { .. } | Place::Municipality { .. })
        })
        .map(|d| d.rel.trim_end_matches("_index.md"))
        .collect();
    // Every document is read through, so on both cores; the problems keep their order.
    let found: Vec<Vec<Diagnostic>> = which
        .par_iter()
        .filter_map(|&i| docs.get(i))
        .map(|doc| {
            if doc.is_draft() || draft_folders.iter().any(|f| doc.rel.starts_with(f)) {
                return Vec::new();
            }
            let mut out = in_file(&doc.file);
            out.extend(empty_required(doc));
            out
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// One error per placeholder in a file (whatever its `draft`).
pub fn in_file(file: &SourceFile) -> Vec<Diagnostic> {
    let text = &file.text;
    if !text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let front = front_matter::split(text, file).ok();
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let in_front = front
            .as_ref()
            .is_some_and(|s| s.front.contains(&line_start));
        let comment = in_front && line.trim_start().starts_with('#');
        if !comment {
            for (at, _) in line.match_indices(PLACEHOLDER) {
                let start = line_start + at;
                out.push(
                    Diagnostic::error(format!("pladsholderen {PLACEHOLDER} står her stadig"))
                        .in_file(file)
                        .at(start..start + PLACEHOLDER.len())
                        .with_label("skal skrives")
                        .with_help(format!(
                            "skriv den rigtige tekst i stedet for {PLACEHOLDER}, eller marker filen som kladde med `draft = true` (kladder kommer kun med, når der bygges med --drafts)"
                        )),
                );
            }
        }
        line_start += line.len();
    }
    out
}

/// Required texts left empty (`title = ""`): titles, a goal's title, a target's text,
/// an initiative's title.
/// Whether TOML text may hold a string that is empty or only white space: a quote, then
/// nothing but white space, then the same quote (`""`, `"  "`, the start of `"""`, and
/// their `'` forms), or any escape (`"\t"`). Without one, no required text can be empty.
fn may_hold_a_blank_string(toml: &str) -> bool {
    let bytes = toml.as_bytes();
    toml.contains('\\')
        || bytes.iter().enumerate().any(|(i, &q)| {
            (q == b'"' || q == b'\'')
                && bytes[i + 1..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|&b| b == q)
        })
}

fn empty_required(doc: &Doc) -> Vec<Diagnostic> {
    if doc.split.format != Format::Toml {
        return Vec::new();
    }
    let mut empty: Vec<&str> = Vec::new();
    let title_empty = match &doc.front {
        Front::Page(p) => p.title.trim().is_empty(),
        Front::Plan(p) => p.title.trim().is_empty(),
        Front::Chapter(c) => c.title.trim().is_empty(),
        Front::Municipality(m) => m.title.trim().is_empty(),
        _ => false,
    };
    if title_empty {
        empty.push("title");
    }
    let fm = &doc.file.text[doc.split.front.clone()];
    if empty.is_empty() && !may_hold_a_blank_string(fm) {
        // Parsing every front matter again to find nothing took 150 ms of a
        // 5,000-page build.
        return Vec::new();
    }
    let Ok(parsed) = toml_edit::Document::parse(fm) else {
        return Vec::new();
    };
    let table = parsed.as_table();
    let mut spans = Vec::new();
    for key in empty {
        if let Some(s) = table.get(key).and_then(|i| i.span()) {
            spans.push((key.to_string(), s));
        }
    }
    for (array, key) in [
        ("goals", "title"),
        ("targets", "text"),
        ("initiatives", "title"),
    ] {
        let Some(rows) = table.get(array).and_then(|i| i.as_array_of_tables()) else {
            continue;
        };
        for row in rows.iter() {
            if let Some(item) = row.get(key)
                && item.as_str().is_some_and(|s| s.trim().is_empty())
                && let Some(s) = item.span()
            {
                spans.push((format!("{array}: {key}"), s));
            }
        }
    }
    spans
        .into_iter()
        .map(|(what, s)| {
            let start = doc.split.front.start + s.start;
            Diagnostic::error(format!("`{what}` er tom"))
                .in_file(&doc.file)
                .at(start..doc.split.front.start + s.end)
                .with_label("skal udfyldes")
                .with_help("skriv teksten, eller marker filen som kladde med `draft = true`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_strings_are_noticed_before_parsing() {
        for blank in [
            "title = \"\"",
            "title = \"   \"",
            "title = ''",
            "text = \"\"\"\n\"\"\"",
            "[[goals]]\ntitle = \"\t\"",
            "title = \"\\t\"",
        ] {
            assert!(may_hold_a_blank_string(blank), "{blank}");
        }
        for full in [
            "title = \"Mål\"\ntext = 'Flere i job'",
            "ministermaal = [\n  \"a\",\n  \"b\"\n]",
            "years = [2022]",
            "",
        ] {
            assert!(!may_hold_a_blank_string(full), "{full}");
        }
    }
}
