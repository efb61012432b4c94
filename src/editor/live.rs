//! The live check while the author types: the form as it stands is applied to the
//! file's front matter in memory (nothing is written) and checked by the build's own
//! stages ([`diag::check_text`]); the answer is JSON with each message and the element
//! id of the field it belongs to, which `live.js` puts beside the field, and a chapter's
//! text rendered as the build renders it, for the preview beside the textarea.
//!
//! The forms work without it: the same messages come with every save.

use serde_json::{Value, json};

use super::actions::{apply_posted, assemble, open, preview};
use super::diag::{self, Message};
use super::fields::id_of;
use super::files;
use super::form::{self, Posted};
use super::{Editor, Reply};
use crate::diagnostics::SourceFile;

/// The script the editor's pages load (same origin; the CSP allows only `'self'`).
pub const SCRIPT: &str = include_str!("live.js");

/// POST `tjek`: the messages for the form as typed.
pub fn check(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open(editor, posted.get("fil").unwrap_or("")) {
        Ok(o) => o,
        Err(_) => return Reply::json(&json!({ "fejl": "Filen kan ikke tjekkes her." })),
    };
    if posted.get("hash") != Some(files::hash(o.text.as_bytes()).as_str()) {
        return Reply::json(&json!({ "forældet": true }));
    }
    let Some(schema) = form::schema(&o.place) else {
        return Reply::json(&json!({ "fejl": "Filen kan ikke tjekkes her." }));
    };
    let (doc, body, errors) = apply_posted(&o, schema, posted);
    let text = assemble(&o.text, &o.split, &doc.to_string(), &body);
    let source = SourceFile::new(format!("content/{}", o.file.rel), text.as_str());
    let rows: Vec<&str> = schema.rows.iter().map(|r| r.0).collect();
    let mut shown = None;
    let mut by_field = match crate::load::front_matter::split(&text, &source) {
        Ok(split) => {
            // The text as the build renders it, beside the textarea.
            if schema.body {
                shown = Some(preview(&text, &split));
            }
            let diags = diag::check_text(&editor.root, &o.file.rel, &text);
            let spans = diag::field_spans(&text, &split, &rows);
            diag::by_field(&diags, &spans, &split)
        }
        Err(d) => [(String::new(), vec![Message::of(&d)])]
            .into_iter()
            .collect(),
    };
    for (name, e) in errors {
        by_field.entry(name).or_default().push(Message {
            text: format!("{e}. Gem vil ikke gemme, før det er rettet."),
            error: true,
            place: String::new(),
        });
    }
    let fields: Vec<Value> = by_field
        .iter()
        .map(|(name, msgs)| {
            let id = match name.as_str() {
                "" => String::new(),
                "body" => "tekst".to_string(),
                n => id_of(n),
            };
            json!({
                "id": id,
                "beskeder": msgs.iter().map(|m| json!({
                    "tekst": m.text,
                    "fejl": m.error,
                    "sted": m.place,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let count = |error: bool| {
        by_field
            .values()
            .flatten()
            .filter(|m| m.error == error)
            .count()
    };
    Reply::json(&json!({
        "felter": fields,
        "fejl": count(true),
        "advarsler": count(false),
        "visning": shown,
    }))
}
