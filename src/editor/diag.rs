//! The build's own diagnostics beside the fields they are about.
//!
//! The editor runs the same check as `planportal check --drafts` (the library's
//! [`crate::build`] with `check_only`), keeps the diagnostics of the file in the form,
//! and gives each to the field whose key or value its span falls in; what falls in no
//! field (a heading in the text, a broken file) is shown at the top of the form.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::load::front_matter::Split;

/// One message for a field: its text, and whether it is an error (else a warning).
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// `fil:linje:kolonne`, for messages shown away from their field.
    pub place: String,
}

impl Message {
    pub fn of(d: &Diagnostic) -> Message {
        let mut text = d.message.clone();
        for note in &d.notes {
            text.push_str(&format!(" ({note})"));
        }
        if let Some(help) = &d.help {
            text.push_str(&format!(" Forslag: {help}"));
        }
        Message {
            text,
            error: d.is_error(),
            place: d.location(),
        }
    }
}

/// Messages by field name (`f.title`, `targets.1.value`, `body`); `""` for the rest.
pub type ByField = BTreeMap<String, Vec<Message>>;

/// Runs the build's check over the whole portal (drafts included) and returns the
/// diagnostics of `content/{rel}`.
pub fn check_file(root: &std::path::Path, rel: &str) -> Vec<Diagnostic> {
    let report = crate::build(&crate::BuildOptions {
        check_only: true,
        drafts: true,
        ..crate::BuildOptions::new(root)
    });
    let path = format!("content/{rel}");
    report
        .diagnostics
        .iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| f.path == path))
        .cloned()
        .collect()
}

/// The build's check of `content/{rel}` as it would be with `text` in place of the file
/// on disk, written nowhere: the live check while the author types. It runs the
/// library's own stages (load, link, results) over the whole portal with drafts, so
/// the messages are those of `check`; only the pages are not rendered (a template's
/// problems are not about a field, and they come with the save's full check).
pub fn check_text(root: &std::path::Path, rel: &str, text: &str) -> Vec<Diagnostic> {
    use crate::diagnostics::Diagnostics;
    let path = format!("content/{rel}");
    let config = match crate::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => return vec![d],
    };
    let prefix = config.path_prefix();
    let options = crate::load::markdown::MarkdownOptions {
        allow_html: config.markdown.allow_html,
        highlight_code: config.markdown.highlight_code,
    };
    let mut on_disk = Diagnostics::default();
    let mut loaded = crate::load::load(
        &crate::load::LoadOptions {
            root,
            markdown: options,
            drafts: true,
            prefix: &prefix,
        },
        &mut on_disk,
    );
    // What load said of the file on disk is replaced by what it says of the text.
    let mut diags = Diagnostics::default();
    diags.extend(
        on_disk
            .iter()
            .filter(|d| d.file.as_ref().is_none_or(|f| f.path != path))
            .cloned(),
    );
    let at = loaded.docs.iter().position(|d| d.rel == rel);
    match crate::load::doc_from_text(rel, text.to_string()) {
        Ok(mut doc) => {
            let marks = crate::load::initiative_marks(&doc);
            let (md, problems) = crate::load::markdown::render(
                &doc.file,
                doc.split.body.clone(),
                &loaded.urls,
                &marks,
                options,
                &loaded.highlighter,
            );
            doc.md = md;
            diags.extend(problems);
            loaded.broken.remove(rel);
            match at {
                Some(i) => loaded.docs[i] = doc,
                None => {
                    let i = loaded.docs.partition_point(|d| d.rel.as_str() < rel);
                    loaded.docs.insert(i, doc);
                }
            }
        }
        Err(problems) => {
            diags.extend(problems);
            if let Some(i) = at {
                loaded.docs.remove(i);
            }
            loaded.broken.insert(rel.to_string());
        }
    }
    let mut site = crate::link::link(&loaded.docs, &loaded.broken, &config, &mut diags);
    crate::link::results::attach(&mut site, &loaded.docs, &loaded.assets, None, &mut diags);
    let mut out: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.file.as_ref().is_some_and(|f| f.path == path))
        .cloned()
        .collect();
    out.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    out
}

/// Where each field of the front matter is, in bytes of the whole file: the top-level
/// fields as `f.key`, rows as `{array}.{i}.{key}`, a row as a whole as `{array}.{i}._`.
pub fn field_spans(text: &str, split: &Split, rows: &[&str]) -> Vec<(String, Range<usize>)> {
    let fm = &text[split.front.clone()];
    let Ok(doc) = toml_edit::Document::parse(fm) else {
        return Vec::new();
    };
    let at = |r: Range<usize>| split.front.start + r.start..split.front.start + r.end;
    let mut out = Vec::new();
    let table = doc.as_table();
    for (key, item) in table.iter() {
        if let (Some((k, _)), Some(v)) = (table.get_key_value(key), item.span())
            && let Some(ks) = k.span()
            && item.is_value()
        {
            out.push((format!("f.{key}"), at(ks.start..v.end)));
        }
    }
    for name in rows {
        let Some(aot) = table.get(name).and_then(|i| i.as_array_of_tables()) else {
            continue;
        };
        rows_spans(aot, name, &at, &mut out);
    }
    out
}

/// The fields of each row of `aot`, named `{name}.{i}.{key}`, and of the rows inside a
/// row (`targets.1.results.0.value`).
fn rows_spans(
    aot: &toml_edit::ArrayOfTables,
    name: &str,
    at: &impl Fn(Range<usize>) -> Range<usize>,
    out: &mut Vec<(String, Range<usize>)>,
) {
    for (i, row) in aot.iter().enumerate() {
        let mut whole: Option<Range<usize>> = row.span();
        for (key, item) in row.iter() {
            if let Some(inner) = item.as_array_of_tables() {
                rows_spans(inner, &format!("{name}.{i}.{key}"), at, out);
                continue;
            }
            let (Some((k, _)), Some(v)) = (row.get_key_value(key), item.span()) else {
                continue;
            };
            let Some(ks) = k.span() else { continue };
            out.push((format!("{name}.{i}.{key}"), at(ks.start..v.end)));
            whole = Some(match whole {
                Some(w) => w.start.min(ks.start)..w.end.max(v.end),
                None => ks.start..v.end,
            });
        }
        if let Some(w) = whole {
            out.push((format!("{name}.{i}._"), at(w)));
        }
    }
}

/// Gives each diagnostic to the narrowest field its span starts in.
pub fn by_field(diags: &[Diagnostic], spans: &[(String, Range<usize>)], split: &Split) -> ByField {
    let mut out = ByField::new();
    for d in diags {
        let start = d.span.as_ref().map(|s| s.start);
        let field = start.and_then(|s| {
            spans
                .iter()
                .filter(|(_, r)| r.start <= s && s < r.end.max(r.start + 1))
                .min_by_key(|(_, r)| r.end - r.start)
                .map(|(n, _)| n.clone())
        });
        let field = match (field, start) {
            (Some(f), _) => f,
            (None, Some(s)) if s >= split.body.start => "body".to_string(),
            _ => String::new(),
        };
        out.entry(field).or_default().push(Message::of(d));
    }
    out
}
