//! What the editor does with a file: open it for a form (with its choices and the
//! build's messages) and save a posted form; making new files is in [`super::create`].
//!
//! Every path goes through [`files::checked`], every write through
//! [`files::write_atomic`], and a save is refused when the file's hash is no longer the
//! one the form was made from.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::{DocumentMut, Item, Table};

use super::choices::choices;
use super::diag;
use super::files::{self, ContentFile};
use super::form::{self, Errors, Posted, RowAction};
use super::pages::{self, FormPage, url_encode};
use super::{Editor, PREFIX, Reply};
use crate::diagnostics::SourceFile;
use crate::load::front_matter::{self, Format, Split};
use crate::load::{Place, place_of};
use crate::text::html::escape;

/// A file opened for editing.
pub(super) struct Opened {
    pub(super) file: ContentFile,
    pub(super) text: String,
    pub(super) split: Split,
    pub(super) doc: DocumentMut,
    pub(super) place: Place,
}

pub(super) fn refused_path() -> Reply {
    Reply::page(
        403,
        pages::message_page(
            "Afvist",
            "Stien er ikke en plan eller et kapitel i content/. Intet er læst eller gemt.",
        ),
    )
}

pub(super) fn open(editor: &Editor, rel: &str) -> Result<Opened, Reply> {
    let file = files::checked(&editor.root, rel, true).map_err(|_| refused_path())?;
    let place = match place_of(&file.rel) {
        Ok(p) if form::schema(&p).is_some() => p,
        _ => return Err(refused_path()),
    };
    let text = std::fs::read_to_string(&file.abs).map_err(|e| {
        Reply::page(
            500,
            pages::message_page(
                "Filen kan ikke læses",
                &format!("content/{}: {}", file.rel, crate::diagnostics::io_text(&e)),
            ),
        )
    })?;
    let source = SourceFile::new(format!("content/{}", file.rel), text.as_str());
    let split = front_matter::split(&text, &source).map_err(|d| {
        Reply::page(
            422,
            pages::message_page(
                "Filen har ingen front matter, editoren kan læse",
                &d.render_plain(),
            ),
        )
    })?;
    if split.format == Format::Yaml {
        return Err(super::yaml::offer(editor, &file.rel, &text, &split));
    }
    let doc: DocumentMut = text[split.front.clone()].parse().map_err(|_| {
        let diags = diag::check_file(&editor.root, &file.rel);
        let shown: Vec<String> = diags.iter().map(|d| d.render_plain()).collect();
        Reply::page(
            422,
            pages::message_page(
                "Filens TOML kan ikke læses",
                &format!(
                    "Ret fejlen i en teksteditor og åbn siden igen:\n{}",
                    shown.join("\n")
                ),
            ),
        )
    })?;
    Ok(Opened {
        file,
        text,
        split,
        doc,
        place,
    })
}

/// GET of a plan or chapter form.
pub fn show(editor: &Editor, rel: &str, query: &Posted) -> Reply {
    let o = match open(editor, rel) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let notice = match (query.get("gemt"), query.get("nyt"), query.get("udgivet")) {
        _ if query.get("toml").is_some() => Some("<div class=\"besked\" role=\"status\"><p>Skrevet om til TOML. Alle værdier er bevaret, og teksten er urørt.</p></div>".to_string()),
        (Some("1"), _, _) => Some("<div class=\"besked\" role=\"status\"><p>Gemt. Forhåndsvisningen af sitet opdateres af sig selv.</p></div>".to_string()),
        (Some("0"), _, _) => Some("<div class=\"besked\" role=\"status\"><p>Intet var ændret; filen er urørt.</p></div>".to_string()),
        (_, Some(_), _) => Some("<div class=\"besked\" role=\"status\"><p>Oprettet som kladde. Gennemgå felterne (ministerens mål for planens år står som afkrydsningsfelter ved hvert mål og resultatmål) og kapitlerne nederst, og tryk Udgiv, når planen er klar.</p></div>".to_string()),
        (_, _, Some(_)) => Some("<div class=\"besked\" role=\"status\"><p>Udgivet: planen er ikke længere en kladde.</p></div>".to_string()),
        _ => None,
    };
    render(
        editor,
        &o,
        &o.doc,
        &BTreeMap::new(),
        &Errors::new(),
        notice,
        200,
    )
}

pub(super) fn render(
    editor: &Editor,
    o: &Opened,
    doc: &DocumentMut,
    typed: &BTreeMap<String, String>,
    errors: &Errors,
    notice: Option<String>,
    status: u16,
) -> Reply {
    let Some(schema) = form::schema(&o.place) else {
        return refused_path();
    };
    let rows: Vec<&str> = schema.rows.iter().map(|r| r.0).collect();
    // The build's messages for the file as it is on disk; while the form has errors
    // of its own, those are shown instead at their fields.
    let mut messages = if errors.is_empty() {
        let diags = diag::check_file(&editor.root, &o.file.rel);
        let spans = diag::field_spans(&o.text, &o.split, &rows);
        diag::by_field(&diags, &spans, &o.split)
    } else {
        diag::ByField::new()
    };
    for (name, e) in errors {
        messages
            .entry(name.clone())
            .or_default()
            .push(diag::Message {
                text: format!("{e}. Intet er gemt."),
                error: true,
                place: String::new(),
            });
    }
    let choices = choices(&editor.root, &o.file.rel, &o.place, &o.text, &o.split, doc);
    let body = &o.text[o.split.body.clone()];
    let body = typed.get("body").map_or(body, String::as_str);
    let extra = match o.place {
        Place::Plan { .. } => plan_extra(editor, o),
        _ => String::new(),
    };
    let page = FormPage {
        editor,
        rel: &o.file.rel,
        hash: &files::hash(o.text.as_bytes()),
        schema,
        table: doc.as_table(),
        body: schema.body.then_some(body),
        preview: schema.body.then(|| preview(&o.text, &o.split)),
        choices: &choices,
        messages: &messages,
        typed,
        notice,
        extra,
    };
    pages::form_page(&page, status)
}

/// The chapter's text as the build renders it.
pub(super) fn preview(text: &str, split: &Split) -> String {
    super::choices::render_body(text, split).html.to_string()
}

fn hidden(editor: &Editor, rel: &str, hash: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf_token\" value=\"{}\"><input type=\"hidden\" name=\"fil\" value=\"{}\"><input type=\"hidden\" name=\"hash\" value=\"{}\">",
        escape(editor.token()),
        escape(rel),
        escape(hash)
    )
}

/// Under a plan's form: its chapters, a new chapter, next year's plan, publishing.
fn plan_extra(editor: &Editor, o: &Opened) -> String {
    let hash = files::hash(o.text.as_bytes());
    let dir = o.file.rel.trim_end_matches("_index.md");
    let mut out =
        String::from("<section aria-labelledby=\"kapitler\"><h2 id=\"kapitler\">Kapitler</h2><ul>");
    for (rel, title, draft) in chapters(editor, dir) {
        let _ = write!(
            out,
            "<li><a href=\"{PREFIX}kapitel?fil={}\">{}</a>{}</li>",
            escape(&url_encode(&rel)),
            escape(&title),
            if draft {
                " <span class=\"kladde\">Kladde</span>"
            } else {
                ""
            }
        );
    }
    let _ = write!(
        out,
        concat!(
            "</ul><form method=\"post\" action=\"{p}nyt-kapitel\">{h}",
            "<div class=\"felt\"><label for=\"nyt-kapitel\">Nyt kapitel: overskrift</label>",
            "<input type=\"text\" id=\"nyt-kapitel\" name=\"titel\"></div>",
            "<button type=\"submit\">Opret kapitel</button></form></section>"
        ),
        p = PREFIX,
        h = hidden(editor, &o.file.rel, &hash)
    );
    if let Place::Plan { year, .. } = o.place {
        let _ = write!(
            out,
            concat!(
                "<section aria-labelledby=\"naeste\"><h2 id=\"naeste\">Næste års plan</h2>",
                "<p>Opretter planen for {next} som kladde med denne plans mål, resultatmål og kapitler til gennemsyn; ",
                "ministerens mål, der ikke gælder i {next}, tages ud, og årets mål tilbydes som valg. ",
                "Resultaterne, vedtagelsesdatoen og kilden er dette års og kommer ikke med. ",
                "Resuméet og hvert kapitels tekst får et UDFYLD, så planen ikke kan udgives, før de er gennemgået.</p>",
                "<form method=\"post\" action=\"{p}nyt-aar\">{h}<button type=\"submit\">Opret plan for {next}</button></form></section>"
            ),
            next = year + 1,
            p = PREFIX,
            h = hidden(editor, &o.file.rel, &hash)
        );
    }
    let draft = o.doc.get("draft").and_then(Item::as_bool) == Some(true);
    if draft {
        let _ = write!(
            out,
            concat!(
                "<section aria-labelledby=\"udgiv\"><h2 id=\"udgiv\">Udgiv</h2>",
                "<p>Planen er en kladde og kommer ikke med på sitet. Udgiv fjerner kladdemærket fra planen og dens kapitler, ",
                "når check ikke finder fejl i dem (heller ikke tilbageværende UDFYLD).</p>",
                "<form method=\"post\" action=\"{p}udgiv\">{h}<button type=\"submit\">Udgiv planen</button></form></section>"
            ),
            p = PREFIX,
            h = hidden(editor, &o.file.rel, &hash)
        );
    }
    out
}

/// The chapters in a plan's folder: (rel, title, draft).
pub(super) fn chapters(editor: &Editor, dir: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(editor.root.join("content").join(dir)) else {
        return out;
    };
    let mut names: Vec<String> = rd
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('_') && !n.starts_with('.'))
        .collect();
    names.sort();
    for n in names {
        let rel = format!("{dir}{n}");
        let (title, draft) =
            pages::title_of(&editor.root.join("content").join(&rel)).unwrap_or((n.clone(), false));
        out.push((rel, title, draft));
    }
    out
}

fn stale(rel: &str) -> Reply {
    Reply::page(
        409,
        pages::layout(
            "Filen er ændret",
            &format!(
                "<h1>Filen er ændret, siden du åbnede formularen</h1><p>content/{0} er blevet ændret et andet sted (i en teksteditor, en anden fane eller af importen), efter at du åbnede formularen. Intet er gemt, så de andre ændringer ikke går tabt.</p><p><a href=\"{1}{2}?fil={3}\">Hent filen igen</a> og lav din ændring på ny.</p>",
                escape(rel),
                PREFIX,
                place_of(rel)
                    .ok()
                    .and_then(|p| form::schema(&p))
                    .map_or("plan", |s| s.path),
                escape(&url_encode(rel))
            ),
        ),
    )
}

/// The posted file, opened, and refused when it changed since the form was made.
pub(super) fn open_fresh(editor: &Editor, posted: &Posted) -> Result<Opened, Reply> {
    let o = open(editor, posted.get("fil").unwrap_or(""))?;
    if posted.get("hash") != Some(files::hash(o.text.as_bytes()).as_str()) {
        return Err(stale(&o.file.rel));
    }
    Ok(o)
}

/// POST of a plan or chapter form: apply the changed fields and the row action, then
/// write; with errors in the input, show the form again and write nothing.
pub fn save(editor: &Editor, posted: &Posted) -> Reply {
    let o = match open_fresh(editor, posted) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let Some(schema) = form::schema(&o.place) else {
        return refused_path();
    };
    let rows = schema.rows;
    let chapter = schema.body;
    let (mut doc, body, errors) = apply_posted(&o, schema, posted);
    if !errors.is_empty() {
        // What was typed into fields that could not be read, and all of a new row
        // (it is not in the file, so it would be lost).
        let typed: BTreeMap<String, String> = posted
            .pairs
            .iter()
            .filter(|(k, _)| errors.contains_key(k) || k.contains(".ny."))
            .map(|(k, v)| (k.clone(), v.clone()))
            .chain(chapter.then(|| ("body".to_string(), body.clone())))
            .collect();
        return render(editor, &o, &doc, &typed, &errors, None, 422);
    }
    let mut anchor = String::new();
    if let Some(action) = posted.get("handling").and_then(RowAction::parse)
        && let Some(aot) = rows_of(&mut doc, rows, action.key())
    {
        let key = action.key().to_string();
        // The id stem and the element ids: `results` rows are `targets-1-results-0`.
        let last = key.rsplit('.').next().unwrap_or(&key).to_string();
        let id = key.replace('.', "-");
        let existing: Vec<String> = aot
            .iter()
            .filter_map(|t| t.get("id").and_then(Item::as_str).map(str::to_string))
            .collect();
        form::apply_rows(aot, &action, |n| fresh_row(&last, n, &existing));
        let outer = match key.rsplit_once('.') {
            Some((parent, _)) => format!("#{}", parent.replace('.', "-")),
            None => format!("#{key}-overskrift"),
        };
        anchor = match action {
            RowAction::Add(_) => format!("#{id}-{}", aot.len().saturating_sub(1)),
            RowAction::Up(_, i) => format!("#{id}-{}", i.saturating_sub(1)),
            RowAction::Down(_, i) => format!("#{id}-{}", i + 1),
            RowAction::Remove(..) => outer,
        };
    }
    let text = assemble(&o.text, &o.split, &doc.to_string(), &body);
    let what = schema.path;
    if text == o.text {
        return Reply::see_other(format!(
            "{PREFIX}{what}?fil={}&gemt=0{anchor}",
            url_encode(&o.file.rel)
        ));
    }
    if let Err(e) = files::write_atomic(&o.file, &text, false) {
        return write_failed(&o.file, &e);
    }
    Reply::see_other(format!(
        "{PREFIX}{what}?fil={}&gemt=1{anchor}",
        url_encode(&o.file.rel)
    ))
}

/// The posted form applied to a copy of the opened file's front matter: the new
/// document, the new body, and the fields that could not be read (nothing is written
/// while there are any). Row actions are not applied here.
pub(super) fn apply_posted(
    o: &Opened,
    schema: &form::Schema,
    posted: &Posted,
) -> (DocumentMut, String, Errors) {
    let mut doc = o.doc.clone();
    let mut errors = Errors::new();
    if posted.get("f._").is_some() {
        form::apply(doc.as_table_mut(), schema.fields, "f.", posted, &mut errors);
    }
    for (key, row_fields, _, _) in schema.rows {
        let Some(aot) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) else {
            continue;
        };
        for (i, row) in aot.iter_mut().enumerate() {
            let prefix = format!("{key}.{i}.");
            if posted.get(&format!("{prefix}_")).is_some() {
                form::apply(row, row_fields, &prefix, posted, &mut errors);
            }
            for (_, sub, sub_fields, _, _) in form::NESTED.iter().filter(|n| n.0 == *key) {
                if let Some(inner) = row.get_mut(sub).and_then(Item::as_array_of_tables_mut) {
                    for (j, r) in inner.iter_mut().enumerate() {
                        let prefix = format!("{key}.{i}.{sub}.{j}.");
                        if posted.get(&format!("{prefix}_")).is_some() {
                            form::apply(r, sub_fields, &prefix, posted, &mut errors);
                        }
                    }
                }
                // The empty row under them: filled in, it becomes a new row.
                let prefix = format!("{key}.{i}.{sub}.ny.");
                if let Some(new) = form::new_row(sub_fields, &prefix, posted, &mut errors) {
                    if !row.contains_key(sub) {
                        row.insert(sub, Item::ArrayOfTables(Default::default()));
                    }
                    if let Some(inner) = row.get_mut(sub).and_then(Item::as_array_of_tables_mut) {
                        inner.push(new);
                    }
                }
            }
        }
    }
    let mut body = o.text[o.split.body.clone()].to_string();
    if schema.body
        && let Some(b) = posted.get("body")
    {
        body = b.replace("\r\n", "\n");
    }
    (doc, body, errors)
}

/// The rows a row action names (`targets`, or a target's results `targets.1.results`),
/// made if the form has none yet; `None` for a name the form does not have.
fn rows_of<'a>(
    doc: &'a mut DocumentMut,
    rows: &[(&str, &[form::Field], &str, &str)],
    key: &str,
) -> Option<&'a mut toml_edit::ArrayOfTables> {
    let mut parts = key.split('.');
    let outer = parts.next()?;
    if !rows.iter().any(|r| r.0 == outer) {
        return None;
    }
    if !doc.contains_key(outer) {
        doc.insert(outer, Item::ArrayOfTables(Default::default()));
    }
    let aot = doc.get_mut(outer)?.as_array_of_tables_mut()?;
    let (Some(i), Some(sub)) = (parts.next(), parts.next()) else {
        return Some(aot);
    };
    if parts.next().is_some() || !form::NESTED.iter().any(|n| n.0 == outer && n.1 == sub) {
        return None;
    }
    let row = aot.get_mut(i.parse().ok()?)?;
    if !row.contains_key(sub) {
        row.insert(sub, Item::ArrayOfTables(Default::default()));
    }
    row.get_mut(sub)?.as_array_of_tables_mut()
}

pub(super) fn write_failed(file: &ContentFile, e: &std::io::Error) -> Reply {
    Reply::page(
        500,
        pages::message_page(
            "Filen kunne ikke gemmes",
            &format!(
                "content/{}: {}. Filen er urørt.",
                file.rel,
                crate::diagnostics::io_text(e)
            ),
        ),
    )
}

/// The file with new front matter and body; everything around them stays.
pub(super) fn assemble(text: &str, split: &Split, front: &str, body: &str) -> String {
    format!(
        "{}{}{}{}",
        &text[..split.front.start],
        front,
        &text[split.front.end..split.body.start],
        body
    )
}

/// A new row: a unique id where the schema has one, the required text left empty
/// (`check` then asks for it).
fn fresh_row(key: &str, n: usize, existing: &[String]) -> Table {
    let mut t = Table::new();
    let unique = |stem: &str| {
        (n + 1..)
            .map(|i| format!("{stem}-{i}"))
            .find(|id| !existing.contains(id))
            .unwrap_or_default()
    };
    match key {
        "goals" => {
            t.insert("id", toml_edit::value(unique("maal")));
            t.insert("title", toml_edit::value(""));
        }
        "targets" => {
            t.insert("id", toml_edit::value(unique("rm")));
            t.insert("text", toml_edit::value(""));
        }
        "results" => {
            t.insert("date", toml_edit::value(""));
            t.insert("source", toml_edit::value(""));
        }
        _ => {
            t.insert("title", toml_edit::value(""));
            t.insert("kind", toml_edit::value("indsats"));
        }
    }
    t
}
