//! Making files: a new chapter (a draft), and publishing a plan ("Udgiv": clear `draft`
//! in the plan, its chapters and a new municipality once `check` finds no error in them
//! and no placeholder is left). Next year's plan is [`super::next_year`].
//!
//! Uses [`super::actions`] to open and render files; writes only through
//! [`files::write_atomic`], creating files that do not exist yet.

use std::collections::BTreeMap;

use toml_edit::DocumentMut;

use super::actions::{
    Opened, assemble, chapters, open, open_fresh, refused_path, render, write_failed,
};
use super::files;
use super::form::{Errors, Posted};
use super::pages::{self, url_encode};
use super::{Editor, PREFIX, Reply};
use crate::diagnostics::SourceFile;
use crate::load::Place;
use crate::text::html::escape;

/// POST: a new chapter in the plan's folder, a draft with a placeholder text.
pub fn new_chapter(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open_fresh(editor, posted) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let title = posted.get("titel").unwrap_or("").trim().to_string();
    let slug = crate::text::slug::slugify(&title);
    if slug.is_empty() {
        return render_notice(
            editor,
            &o,
            "Skriv kapitlets overskrift først (med bogstaver), så får filen et navn.",
        );
    }
    let dir = o.file.rel.trim_end_matches("_index.md").to_string();
    let n = chapters(editor, &dir).len() + 1;
    let rel = format!("{dir}{n:02}-{slug}.md");
    let Ok(file) = files::checked(&editor.root, &rel, false) else {
        return refused_path();
    };
    let mut doc = DocumentMut::new();
    doc.insert("title", toml_edit::value(title.as_str()));
    doc.insert("draft", toml_edit::value(true));
    let text = format!(
        "+++\n{doc}+++\n{}: kapitlets tekst. Skriv en overskrift med ## for hver indsats.\n",
        crate::link::placeholders::PLACEHOLDER
    );
    if let Err(e) = files::write_atomic(&file, &text, true) {
        return if e.kind() == std::io::ErrorKind::AlreadyExists {
            render_notice(
                editor,
                &o,
                &format!("content/{rel} findes allerede; vælg en anden overskrift."),
            )
        } else {
            write_failed(&file, &e)
        };
    }
    Reply::see_other(format!("{PREFIX}kapitel?fil={}&nyt=1", url_encode(&rel)))
}

fn render_notice(editor: &Editor, o: &Opened, text: &str) -> Reply {
    let notice = format!(
        "<div class=\"besked fejlboks\" role=\"alert\"><p>{}</p></div>",
        escape(text)
    );
    render(
        editor,
        o,
        &o.doc,
        &BTreeMap::new(),
        &Errors::new(),
        Some(notice),
        422,
    )
}

/// POST "Udgiv": clears `draft` in the plan and its chapters once `check` finds no
/// error in them and no placeholder is left.
pub fn publish(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open_fresh(editor, posted) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let dir = o.file.rel.trim_end_matches("_index.md").to_string();
    let mut rels = vec![o.file.rel.clone()];
    rels.extend(chapters(editor, &dir).into_iter().map(|c| c.0));
    // A plan of a new municipality publishes the municipality with it.
    if let Place::Plan { municipality, .. } = &o.place {
        let m = format!("kommuner/{municipality}/_index.md");
        if pages::title_of(&editor.root.join("content").join(&m)).is_some_and(|t| t.1) {
            rels.push(m);
        }
    }
    let report = crate::build(&crate::BuildOptions {
        check_only: true,
        drafts: true,
        ..crate::BuildOptions::new(&editor.root)
    });
    let mut problems = Vec::new();
    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
        if d.file
            .as_ref()
            .is_some_and(|f| rels.iter().any(|r| f.path == format!("content/{r}")))
        {
            problems.push(d.render_plain());
        }
    }
    // A draft's placeholders are not errors yet: they would be once published.
    for rel in &rels {
        let Ok(text) = std::fs::read_to_string(editor.root.join("content").join(rel)) else {
            continue;
        };
        let file = SourceFile::new(format!("content/{rel}"), text.as_str());
        for d in crate::link::placeholders::in_file(&file) {
            problems.push(d.render_plain());
        }
    }
    if !problems.is_empty() {
        let notice = format!(
            "<div class=\"besked fejlboks\" role=\"alert\"><p>Planen kan ikke udgives endnu: {} skal rettes først. Intet er ændret.</p><pre>{}</pre></div>",
            if problems.len() == 1 {
                "1 fejl".to_string()
            } else {
                format!("{} fejl", problems.len())
            },
            escape(&problems.join("\n"))
        );
        return render(
            editor,
            &o,
            &o.doc,
            &BTreeMap::new(),
            &Errors::new(),
            Some(notice),
            422,
        );
    }
    for rel in &rels {
        let Ok(f) = open(editor, rel) else { continue };
        if f.doc.get("draft").is_none() {
            continue;
        }
        let mut doc = f.doc.clone();
        doc.remove("draft");
        let text = assemble(
            &f.text,
            &f.split,
            &doc.to_string(),
            &f.text[f.split.body.clone()],
        );
        if let Err(e) = files::write_atomic(&f.file, &text, false) {
            return write_failed(&f.file, &e);
        }
    }
    Reply::see_other(format!(
        "{PREFIX}plan?fil={}&udgivet=1",
        url_encode(&o.file.rel)
    ))
}
