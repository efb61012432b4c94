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
