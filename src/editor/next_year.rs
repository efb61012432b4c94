//! "Opret plan for <næste år>": next year's plan from this one, as drafts to review.
//!
//! The plan's goals and targets come along (their minister goals only where the goal is
//! in force in the new year, none after `[minister_goals] until`), each target marked
//! with a comment to review its figures; last year's results, adoption and source do
//! not (they are last year's facts). Every chapter comes along as a draft with a
//! placeholder asking for its text to be reviewed, and its `@/` links point to the new
//! year's files. Nothing that exists is overwritten.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::actions::{Opened, chapters, open, open_fresh, refused_path, write_failed};
use super::choices::minister_goals_in;
use super::files;
use super::form::{self, Posted};
use super::pages::url_encode;
use super::{Editor, PREFIX, Reply};
use crate::link::placeholders::PLACEHOLDER;
use crate::load::Place;

/// POST `nyt-aar`.
pub fn new_year(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open_fresh(editor, posted) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Place::Plan { municipality, year } = &o.place else {
        return refused_path();
    };
    let (year, next) = (*year, year + 1);
    let dir = format!("kommuner/{municipality}/{next}/");
    let rel = format!("{dir}_index.md");
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
    let plan = plan_doc(&o, year, next, &in_force);
    // The chapters first: the plan's folder appears with everything in it.
    let old_dir = o.file.rel.trim_end_matches("_index.md").to_string();
    for (chapter_rel, _, _) in chapters(editor, &old_dir) {
        let Ok(c) = open(editor, &chapter_rel) else {
            continue;
        };
        let name = chapter_rel.rsplit('/').next().unwrap_or("");
        let Ok(new_file) = files::checked(&editor.root, &format!("{dir}{name}"), false) else {
            continue;
        };
        let text = chapter_text(&c, municipality, year, next, &in_force);
        if let Err(e) = files::write_atomic(&new_file, &text, true)
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            return write_failed(&new_file, &e);
        }
    }
    if let Err(e) = files::write_atomic(&file, &format!("+++\n{plan}+++\n"), true) {
        return write_failed(&file, &e);
    }
    Reply::see_other(format!("{PREFIX}plan?fil={}&nyt=1", url_encode(&rel)))
}

/// Keeps only the minister goals in force; a list that was there stays (maybe empty).
fn keep_in_force(t: &mut Table, in_force: &[String]) {
    if !t.contains_key("minister_goals") {
        return;
    }
    let mut a = toml_edit::Array::new();
    for g in form::list(t, "minister_goals")
        .iter()
        .filter(|g| in_force.contains(g))
    {
        a.push(g.as_str());
    }
    form::set(t, "minister_goals", Value::Array(a));
}

fn plan_doc(o: &Opened, year: i32, next: i32, in_force: &[String]) -> DocumentMut {
    let mut doc = o.doc.clone();
    form::set(doc.as_table_mut(), "year", Value::from(i64::from(next)));
    if let Some(t) = doc.get("title").and_then(Item::as_str) {
        let t = t.replace(&year.to_string(), &next.to_string());
        form::set(doc.as_table_mut(), "title", Value::from(t));
    }
    // Last year's facts: when it was adopted, where it is, who summarised it.
    for key in [
        "adopted",
        "source",
        "source_title",
        "source_note",
        "summary_author",
        "updated",
    ] {
        doc.remove(key);
    }
    let summary = doc
        .get("summary")
        .and_then(Item::as_str)
        .unwrap_or("")
        .to_string();
    form::set(
        doc.as_table_mut(),
        "summary",
        Value::from(format!(
            "{PLACEHOLDER}: gennemgå resuméet fra {year}. {summary}"
        )),
    );
    doc.insert("draft", toml_edit::value(true));
    for key in ["goals", "targets"] {
        if let Some(aot) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            for row in aot.iter_mut() {
                keep_in_force(row, in_force);
                if key == "targets" {
                    // Results belong to last year's target: never carried.
                    row.remove("results");
                    let prefix = row
                        .decor()
                        .prefix()
                        .and_then(|p| p.as_str())
                        .unwrap_or("")
                        .to_string();
                    row.decor_mut().set_prefix(format!(
                        "{prefix}\n# Overtaget fra planen for {year}: gennemgå tal, udgangspunkt og frist.\n"
                    ));
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
    doc
}

/// A chapter for the new year: a draft, its minister goals those in force, its text
/// kept under a placeholder asking for review, its links to the new year's files.
fn chapter_text(
    c: &Opened,
    municipality: &str,
    year: i32,
    next: i32,
    in_force: &[String],
) -> String {
    let mut doc = c.doc.clone();
    keep_in_force(doc.as_table_mut(), in_force);
    if let Some(aot) = doc
        .get_mut("initiatives")
        .and_then(Item::as_array_of_tables_mut)
    {
        for row in aot.iter_mut() {
            keep_in_force(row, in_force);
        }
    }
    doc.insert("draft", toml_edit::value(true));
    let body = c.text[c.split.body.clone()].replace(
        &format!("@/kommuner/{municipality}/{year}/"),
        &format!("@/kommuner/{municipality}/{next}/"),
    );
    format!(
        "+++\n{doc}+++\n{PLACEHOLDER}: gennemgå kapitlets tekst fra {year}, og slet så denne linje.\n\n{body}"
    )
}
