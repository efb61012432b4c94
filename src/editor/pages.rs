//! The editor's pages, written on the server as plain HTML forms (they work without
//! JavaScript). Every text from content is escaped with [`escape`]; every field has a
//! label, a hint and its messages tied to it with `aria-describedby`.
//!
//! Uses the form schema ([`super::form`]) and the messages by field ([`super::diag`]);
//! reads no files itself except the list of plans.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use toml_edit::Table;

use super::diag::{ByField, Message};
use super::fields::{field_html, id_of, messages_html};
use super::form::{self, Field};
use super::{Editor, PREFIX, Reply};
use crate::text::html::escape;

/// What a form offers to choose from.
#[derive(Default)]
pub struct Choices {
    /// (slug, title with its number) of the minister goals in force in the plan's year.
    pub minister_goals: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    /// (id, title) of the plan's own goals.
    pub local_goals: Vec<(String, String)>,
    /// The chapter's headings (for an initiative's heading).
    pub headings: Vec<String>,
    /// Why there are no minister goals to choose (a year after the framework ended).
    pub no_minister_goals: Option<String>,
}

/// Everything a form page shows.
pub struct FormPage<'a> {
    pub editor: &'a Editor,
    pub rel: &'a str,
    pub hash: &'a str,
    pub schema: &'static form::Schema,
    pub table: &'a Table,
    pub body: Option<&'a str>,
    pub preview: Option<String>,
    pub choices: &'a Choices,
    pub messages: &'a ByField,
    /// What the author typed into fields that could not be read (shown again).
    pub typed: &'a BTreeMap<String, String>,
    pub notice: Option<String>,
    /// Links and small forms shown under the main form (chapters, new year, publish).
    pub extra: String,
}

const STYLE: &str = r#"
body{font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header,main{max-width:62rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #767676;padding-top:.5rem;padding-bottom:.5rem}
a{color:#0b5394}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #c25100;outline-offset:2px}
fieldset{border:1px solid #767676;border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.felt{margin:.75rem 0}.felt label,.felt .navn{display:block;font-weight:600}
input[type=text],textarea,select{font:inherit;width:100%;box-sizing:border-box;padding:.35rem;border:1px solid #595959;border-radius:3px;background:#fff;color:#1a1a1a}
textarea{min-height:5rem}textarea.tekst{min-height:24rem;font-family:ui-monospace,Menlo,Consolas,monospace}
.valg label{display:block;font-weight:400;margin:.2rem 0}.egne{margin-left:1.75rem}
details{margin:.75rem 0}summary{cursor:pointer;color:#0b5394}
fieldset.indre{border-style:dashed}
.hint{color:#4d4d4d;margin:.1rem 0;font-size:.95rem}
.fejl{color:#a4000f;font-weight:600;margin:.2rem 0}.advarsel{color:#6b4c00;margin:.2rem 0}
[aria-invalid=true]{border:2px solid #a4000f}
button{font:inherit;padding:.4rem .9rem;border:1px solid #0b5394;border-radius:3px;background:#fff;color:#0b5394;cursor:pointer;margin:.2rem .4rem .2rem 0}
button.gem{background:#0b5394;color:#fff}
.besked{border-left:4px solid #0b5394;background:#eef4fb;padding:.5rem 1rem;margin:1rem 0}
.besked.fejlboks{border-color:#a4000f;background:#fdeeee}
.kladde{display:inline-block;background:#6b4c00;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.9rem}
.side{display:grid;grid-template-columns:1fr 1fr;gap:1rem}@media (max-width:50rem){.side{grid-template-columns:1fr}}
.visning{border:1px solid #767676;padding:0 1rem;overflow:auto;max-height:40rem}
.knapper{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #ddd;z-index:2}
table{border-collapse:collapse}td,th{padding:.25rem .75rem .25rem 0;text-align:left}
"#;

/// A whole page around `main`.
pub fn layout(title: &str, main: &str) -> String {
    format!(
        concat!(
            "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"robots\" content=\"noindex\">",
            "<title>{title} – planportal-editor</title><style>{style}</style>",
            "<script src=\"{prefix}live.js\" defer></script></head><body>",
            "<a class=\"skip\" href=\"#indhold\">Gå til indholdet</a>",
            "<header><nav aria-label=\"Editor\"><a href=\"{prefix}\">Alle planer</a> · <a href=\"/\">Se sitet</a></nav></header>",
            "<main id=\"indhold\">{main}</main></body></html>"
        ),
        title = escape(title),
        style = STYLE,
        prefix = PREFIX,
        main = main,
    )
}

pub fn message_page(title: &str, text: &str) -> String {
    layout(
        title,
        &format!("<h1>{}</h1><p>{}</p>", escape(title), escape(text)),
    )
}

pub fn not_found() -> Reply {
    Reply::page(
        404,
        message_page("Siden findes ikke", "Editoren har ingen side her."),
    )
}

pub fn forbidden() -> Reply {
    Reply::page(
        403,
        message_page(
            "Afvist",
            "Formularen kom ikke fra editoren i denne serve (manglende eller forkert nøgle eller oprindelse). Intet er gemt. Åbn editoren igen og prøv en gang til.",
        ),
    )
}

/// The list of municipalities and their plans.
pub fn list(editor: &Editor) -> Reply {
    let dir = editor.root.join("content/kommuner");
    let mut main = String::from("<h1>Planer</h1>");
    let mut munis: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().filter(|e| e.path().is_dir()).collect())
        .unwrap_or_default();
    munis.sort_by_key(|e| e.file_name());
    if munis.is_empty() {
        main.push_str("<p>Portalen har ingen kommuner endnu. Opret en med <code>planportal new kommune NAVN</code>.</p>");
    }
    for m in munis {
        let slug = m.file_name().to_string_lossy().into_owned();
        if slug.starts_with('.') {
            continue;
        }
        let (title, draft) = title_of(&m.path().join("_index.md")).unwrap_or((slug.clone(), false));
        let _ = write!(
            main,
            "<section><h2>{}{}</h2><p><a href=\"{PREFIX}kommune?fil={}\">Ret oplysningerne om {}</a></p><ul>",
            escape(&title),
            if draft {
                " <span class=\"kladde\">Kladde</span>"
            } else {
                ""
            },
            escape(&url_encode(&format!("kommuner/{slug}/_index.md"))),
            escape(&title)
        );
        let mut years: Vec<_> = std::fs::read_dir(m.path())
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().join("_index.md").is_file())
                    .collect()
            })
            .unwrap_or_default();
        years.sort_by_key(|e| e.file_name());
        if years.is_empty() {
            main.push_str("<li>Ingen planer endnu.</li>");
        }
        for y in years {
            let year = y.file_name().to_string_lossy().into_owned();
            let rel = format!("kommuner/{slug}/{year}/_index.md");
            let (title, draft) =
                title_of(&y.path().join("_index.md")).unwrap_or((year.clone(), false));
            let _ = write!(
                main,
                "<li><a href=\"{PREFIX}plan?fil={}\">{} ({})</a>{}</li>",
                escape(&url_encode(&rel)),
                escape(&title),
                escape(&year),
                if draft {
                    " <span class=\"kladde\">Kladde</span>"
                } else {
                    ""
                }
            );
        }
        main.push_str("</ul></section>");
    }
    Reply::page(200, layout("Planer", &main))
}

/// A file's title and whether it is a draft, read from its TOML front matter.
pub fn title_of(path: &std::path::Path) -> Option<(String, bool)> {
    let text = std::fs::read_to_string(path).ok()?;
    let file = crate::diagnostics::SourceFile::new("", text.as_str());
    let split = crate::load::front_matter::split(&text, &file).ok()?;
    let doc: toml_edit::DocumentMut = text[split.front.clone()].parse().ok()?;
    Some((
        doc.get("title")?.as_str()?.to_string(),
        doc.get("draft").and_then(|d| d.as_bool()).unwrap_or(false),
    ))
}

pub fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The form of a plan or a chapter.
pub fn form_page(page: &FormPage, status: u16) -> Reply {
    let title = page
        .table
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or("(uden titel)")
        .to_string();
    let draft = page.table.get("draft").and_then(|d| d.as_bool()) == Some(true);
    let mut main = String::new();
    let _ = write!(
        main,
        "<h1>{}{}</h1><p class=\"hint\">content/{}</p>",
        escape(&title),
        if draft {
            " <span class=\"kladde\">Kladde</span>"
        } else {
            ""
        },
        escape(page.rel)
    );
    if let Some(url) = super::page_url(page.rel) {
        let _ = write!(
            main,
            "<p><a href=\"{0}\">Se siden ({0})</a></p>",
            escape(&url)
        );
    }
    if let Some(n) = &page.notice {
        main.push_str(n);
    }
    let errors: usize = page.messages.values().flatten().filter(|m| m.error).count();
    if errors > 0 {
        let _ = write!(
            main,
            "<div class=\"besked fejlboks\" id=\"fejl-i-alt\" role=\"alert\"><p>{} – se beskederne ved felterne herunder.</p></div>",
            if errors == 1 {
                "1 fejl".to_string()
            } else {
                format!("{errors} fejl")
            }
        );
    }
    if let Some(rest) = page.messages.get("") {
        main.push_str("<div class=\"besked fejlboks\" id=\"om-filen\" data-besked><p>Om filen som helhed:</p>");
        for m in rest {
            let _ = write!(
                main,
                "<p class=\"{}\">{}: {}</p>",
                if m.error { "fejl" } else { "advarsel" },
                escape(&m.place),
                escape(&m.text)
            );
        }
        main.push_str("</div>");
    }
    let action = page.schema.path;
    let _ = write!(
        main,
        concat!(
            "<p id=\"live-status\" class=\"hint\" role=\"status\"></p>",
            "<form method=\"post\" action=\"{prefix}{action}\" data-tjek=\"{prefix}tjek\" novalidate>",
            "<input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">",
            "<input type=\"hidden\" name=\"fil\" value=\"{rel}\">",
            "<input type=\"hidden\" name=\"hash\" value=\"{hash}\">",
            "<input type=\"hidden\" name=\"f._\" value=\"1\">",
            "<div class=\"knapper\"><button class=\"gem\" type=\"submit\" name=\"handling\" value=\"gem\">Gem</button></div>"
        ),
        prefix = PREFIX,
        action = action,
        token = escape(page.editor.token()),
        rel = escape(page.rel),
        hash = escape(page.hash),
    );
    let (fields, rows) = (page.schema.fields, page.schema.rows);
    let _ = write!(main, "<fieldset><legend>{}</legend>", page.schema.legend);
    for field in fields {
        field_html(&mut main, page, page.table, field, "f.");
    }
    main.push_str("</fieldset>");
    if let Some(body) = page.body {
        let msgs: &[Message] = page.messages.get("body").map_or(&[], Vec::as_slice);
        let mut head = String::new();
        let ids = messages_html(&mut head, "tekst", msgs);
        let aria = if ids.is_empty() {
            " aria-describedby=\"tekst-hint\"".to_string()
        } else {
            format!(" aria-describedby=\"tekst-hint {}\"", ids.join(" "))
        };
        let _ = write!(
            main,
            concat!(
                "<section aria-labelledby=\"tekst-overskrift\"><h2 id=\"tekst-overskrift\">Tekst</h2><div class=\"side\"><div class=\"felt\" id=\"felt-tekst\">",
                "<label for=\"tekst\">Tekst (Markdown)</label><p class=\"hint\" id=\"tekst-hint\">## før en linje gør den til en overskrift; en indsats står under sin overskrift.</p>{head}",
                "<textarea class=\"tekst\" id=\"tekst\" name=\"body\"{aria}>\n{body}</textarea></div>",
                "<div><h3 id=\"visning-overskrift\">Sådan ser teksten ud (gemt udgave)</h3><div class=\"visning\" id=\"visning\">{preview}</div></div></div></section>"
            ),
            head = head,
            aria = aria,
            body = escape(body),
            preview = page.preview.as_deref().unwrap_or(""),
        );
    }
    for (key, fields, heading, noun) in rows {
        let _ = write!(
            main,
            "<section aria-labelledby=\"{key}-overskrift\"><h2 id=\"{key}-overskrift\">{}</h2>",
            escape(heading)
        );
        let rows = page
            .table
            .get(key)
            .and_then(|i| i.as_array_of_tables())
            .map(|a| a.iter().collect::<Vec<_>>())
            .unwrap_or_default();
        if rows.is_empty() {
            let _ = write!(main, "<p>Ingen endnu.</p>");
        }
        let n = rows.len();
        for (i, row) in rows.into_iter().enumerate() {
            let prefix = format!("{key}.{i}.");
            let name = row
                .get("title")
                .or_else(|| row.get("label"))
                .or_else(|| row.get("id"))
                .and_then(|t| t.as_str())
                .unwrap_or("");
            let _ = write!(
                main,
                "<fieldset id=\"{key}-{i}\"><legend>{} {}: {}</legend><input type=\"hidden\" name=\"{prefix}_\" value=\"1\">",
                escape(&capitalise(noun)),
                i + 1,
                escape(&first_words(name))
            );
            if let Some(msgs) = page.messages.get(&format!("{prefix}_")) {
                messages_html(&mut main, &format!("{key}-{i}-raekke"), msgs);
            }
            for field in *fields {
                field_html(&mut main, page, row, field, &prefix);
            }
            for (_, sub, sub_fields, sub_heading, sub_noun) in
                form::NESTED.iter().filter(|n| n.0 == *key)
            {
                let inner = Nested {
                    key: &format!("{key}.{i}.{sub}"),
                    sub,
                    fields: sub_fields,
                    heading: sub_heading,
                    noun: sub_noun,
                    owner: format!("{noun} {}", i + 1),
                };
                nested_html(&mut main, page, row, &inner);
            }
            let what = format!("{} {}", noun, i + 1);
            if i > 0 {
                let _ = write!(
                    main,
                    "<button type=\"submit\" name=\"handling\" value=\"op:{key}:{i}\">Flyt {what} op</button>"
                );
            }
            if i + 1 < n {
                let _ = write!(
                    main,
                    "<button type=\"submit\" name=\"handling\" value=\"ned:{key}:{i}\">Flyt {what} ned</button>"
                );
            }
            let _ = write!(
                main,
                "<button type=\"submit\" name=\"handling\" value=\"fjern:{key}:{i}\">Fjern {what}</button></fieldset>"
            );
        }
        let _ = write!(
            main,
            "<button type=\"submit\" name=\"handling\" value=\"ny:{key}\">Tilføj {}</button></section>",
            escape(noun)
        );
    }
    main.push_str("<p><button class=\"gem\" type=\"submit\" name=\"handling\" value=\"gem\">Gem</button></p></form>");
    main.push_str(&page.extra);
    Reply::page(status, layout(&title, &main))
}

/// Rows inside a row (a target's results).
struct Nested<'a> {
    /// The rows' name in the form: `targets.1.results`.
    key: &'a str,
    /// Their key in the outer row: `results`.
    sub: &'a str,
    fields: &'a [Field],
    heading: &'a str,
    noun: &'a str,
    /// The outer row, for the buttons' names: `resultatmål 2`.
    owner: String,
}

fn nested_html(out: &mut String, page: &FormPage, row: &Table, n: &Nested) {
    let id = id_of(n.key);
    let rows: Vec<&Table> = row
        .get(n.sub)
        .and_then(|i| i.as_array_of_tables())
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let _ = write!(
        out,
        "<fieldset class=\"indre\" id=\"{id}\"><legend>{}</legend>",
        escape(n.heading)
    );
    if rows.is_empty() {
        out.push_str("<p class=\"hint\">Ingen endnu. Læg kun tal ind, som er målt.</p>");
    }
    for (j, inner) in rows.into_iter().enumerate() {
        let prefix = format!("{}.{j}.", n.key);
        let _ = write!(
            out,
            "<fieldset id=\"{id}-{j}\"><legend>{} {}</legend><input type=\"hidden\" name=\"{prefix}_\" value=\"1\">",
            escape(&capitalise(n.noun)),
            j + 1
        );
        if let Some(msgs) = page.messages.get(&format!("{prefix}_")) {
            messages_html(out, &format!("{id}-{j}-raekke"), msgs);
        }
        for field in n.fields {
            field_html(out, page, inner, field, &prefix);
        }
        let _ = write!(
            out,
            "<button type=\"submit\" name=\"handling\" value=\"fjern:{}:{j}\">Fjern {} {} af {}</button></fieldset>",
            escape(n.key),
            escape(n.noun),
            j + 1,
            escape(&n.owner)
        );
    }
    // An empty row to fill in: saved, it becomes a new row (nothing half-made is
    // written to the file). Open when something was typed in it.
    let prefix = format!("{}.ny.", n.key);
    let open = page.typed.keys().any(|k| k.starts_with(&prefix));
    let _ = write!(
        out,
        "<details{}><summary>Læg et nyt {} ind for {}</summary><div>",
        if open { " open" } else { "" },
        escape(n.noun),
        escape(&n.owner)
    );
    let empty = Table::new();
    for field in n.fields {
        field_html(out, page, &empty, field, &prefix);
    }
    out.push_str(
        "<p class=\"hint\">Gem for at lægge resultatet ind.</p></div></details></fieldset>",
    );
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn first_words(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 70 {
        return s.to_string();
    }
    let cut: String = s.chars().take(70).collect();
    format!("{}…", cut.trim_end())
}
