//! Making files: a new chapter, next year's plan (both drafts), and publishing a plan
//! ("Udgiv": clear `draft` in the plan, its chapters and a new municipality once `check`
//! finds no error in them and no placeholder is left).
//!
//! Uses [`super::actions`] to open and render files; writes only through
//! [`files::write_atomic`], creating files that do not exist yet.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, Value};

use super::actions::{
    Opened, assemble, chapters, minister_goals_in, open, open_fresh, refused_path, render,
    write_failed,
};
use super::files;
use super::form::{self, Errors, Posted};
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

/// POST: next year's plan from this one, as a draft.
pub fn new_year(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open_fresh(editor, posted) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Place::Plan { municipality, year } = &o.place else {
        return refused_path();
    };
    let next = year + 1;
    let rel = format!("kommuner/{municipality}/{next}/_index.md");
    let Ok(file) = files::checked(&editor.root, &rel, false) else {
        return refused_path();
    };
    if file.abs.exists() {
        return Reply::see_other(format!("{PREFIX}plan?fil={}", url_encode(&rel)));
    }
    // None after the framework ended: the new plan has local goals only.
    let in_force: Vec<String> = minister_goals_in(&editor.root, next)
        .unwrap_or_default()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let mut doc = o.doc.clone();
    form::set(doc.as_table_mut(), "year", Value::from(i64::from(next)));
    if let Some(t) = doc.get("title").and_then(Item::as_str) {
        let t = t.replace(&year.to_string(), &next.to_string());
        form::set(doc.as_table_mut(), "title", Value::from(t));
    }
    for key in ["adopted", "source", "source_title", "summary_author"] {
        doc.remove(key);
    }
    let placeholder = crate::link::placeholders::PLACEHOLDER;
    let summary = doc
        .get("summary")
        .and_then(Item::as_str)
        .unwrap_or("")
        .to_string();
    form::set(
        doc.as_table_mut(),
        "summary",
        Value::from(format!(
            "{placeholder}: gennemgå resuméet fra {year}. {summary}"
        )),
    );
    doc.insert("draft", toml_edit::value(true));
    for key in ["goals", "targets"] {
        if let Some(aot) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            for row in aot.iter_mut() {
                let kept: Vec<String> = form::list(row, "minister_goals")
                    .into_iter()
                    .filter(|g| in_force.contains(g))
                    .collect();
                if row.contains_key("minister_goals") {
                    let mut a = toml_edit::Array::new();
                    for g in &kept {
                        a.push(g.as_str());
                    }
                    form::set(row, "minister_goals", Value::Array(a));
                }
            }
        }
    }
    if let Some(aot) = doc
        .get_mut("minister_goal_notes")
        .and_then(Item::as_array_of_tables_mut)
    {
        aot.retain(|t| {
            t.get("minister_goal")
                .and_then(Item::as_str)
                .is_some_and(|g| in_force.iter().any(|s| s == g))
        });
    }
    let text = format!("+++\n{doc}+++\n");
    if let Err(e) = files::write_atomic(&file, &text, true) {
        return write_failed(&file, &e);
    }
    Reply::see_other(format!("{PREFIX}plan?fil={}&nyt=1", url_encode(&rel)))
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
