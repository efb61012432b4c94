//! One field of a form as HTML: a text field, a list, checkboxes (with "as the
//! chapter" for an initiative's own lists) or a choice, with its label, hint and
//! messages tied to it by `aria-describedby`. Every text from content is escaped.
//!
//! Uses the form schema ([`super::form`]) and what [`super::pages::FormPage`] holds.

use std::fmt::Write as _;

use toml_edit::Table;

use super::diag::Message;
use super::form::{self, Field, Kind};
use super::pages::FormPage;
use crate::text::html::escape;

/// The element id of a field name (`targets.1.value` → `targets-1-value`); the field's
/// box is `felt-{id}`, a row's box the id itself.
pub(super) fn id_of(name: &str) -> String {
    name.replace(['.', '_'], "-")
        .trim_end_matches('-')
        .to_string()
}

pub(super) fn messages_html(out: &mut String, id: &str, msgs: &[Message]) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, m) in msgs.iter().enumerate() {
        let mid = format!("{id}-besked-{i}");
        let _ = write!(
            out,
            "<p class=\"{}\" id=\"{mid}\" data-besked>{}: {}</p>",
            if m.error { "fejl" } else { "advarsel" },
            if m.error { "Fejl" } else { "Advarsel" },
            escape(&m.text)
        );
        ids.push(mid);
    }
    ids
}

/// One field of a form.
pub(super) fn field_html(
    out: &mut String,
    page: &FormPage,
    table: &Table,
    field: &Field,
    prefix: &str,
) {
    let name = format!("{prefix}{}", field.key);
    let id = id_of(&name);
    let value = page
        .typed
        .get(&name)
        .cloned()
        .unwrap_or_else(|| form::shown(table, field));
    let msgs: &[Message] = page.messages.get(&name).map_or(&[], Vec::as_slice);
    let invalid = msgs.iter().any(|m| m.error);
    let mut described = Vec::new();
    let mut head = String::new();
    if !field.hint.is_empty() {
        let _ = write!(
            head,
            "<p class=\"hint\" id=\"{id}-hint\">{}</p>",
            escape(field.hint)
        );
        described.push(format!("{id}-hint"));
    }
    described.extend(messages_html(&mut head, &id, msgs));
    let aria = if described.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", described.join(" "))
    };
    let invalid = if invalid {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let label = escape(field.label);
    let _ = write!(out, "<div class=\"felt\" id=\"felt-{id}\">");
    let checkboxes = |out: &mut String, options: &[(String, String)]| {
        let current = form::list(table, field.key);
        let _ = write!(
            out,
            "<fieldset class=\"valg\"{aria}><legend>{label}</legend>{head}"
        );
        if field.inherit {
            // The chapter's list, by name, for "as the chapter".
            let chapters: Vec<String> = form::list(page.table, field.key)
                .iter()
                .map(|slug| {
                    options
                        .iter()
                        .find(|(v, _)| v == slug)
                        .map_or(slug.clone(), |(_, t)| t.clone())
                })
                .collect();
            let own = table.contains_key(field.key);
            let _ = write!(
                out,
                concat!(
                    "<label><input type=\"radio\" name=\"{n}._som\" value=\"kapitlet\"{a}> Som kapitlet ({c})</label>",
                    "<label><input type=\"radio\" name=\"{n}._som\" value=\"egne\"{b}> Indsatsens egne, krydset af herunder (intet kryds: ingen)</label>"
                ),
                n = escape(&name),
                a = if own { "" } else { " checked" },
                b = if own { " checked" } else { "" },
                c = escape(&if chapters.is_empty() {
                    "ingen".to_string()
                } else {
                    chapters.join("; ")
                }),
            );
            out.push_str("<div class=\"egne\">");
        }
        let mut shown = Vec::new();
        for (value, text) in options {
            let checked = if current.contains(value) {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<label><input type=\"checkbox\" name=\"{}\" value=\"{}\"{checked}> {}</label>",
                escape(&name),
                escape(value),
                escape(text)
            );
            shown.push(value.clone());
        }
        for unknown in current.iter().filter(|c| !shown.contains(c)) {
            let _ = write!(
                out,
                "<label><input type=\"checkbox\" name=\"{}\" value=\"{}\" checked> {} (kendes ikke her – fjern krydset, eller se fejlen)</label>",
                escape(&name),
                escape(unknown),
                escape(unknown)
            );
        }
        if options.is_empty() && current.is_empty() {
            match (&page.choices.no_minister_goals, field.kind) {
                (Some(why), Kind::MinisterGoals) => {
                    let _ = write!(out, "<p class=\"hint\">{}</p>", escape(why));
                }
                _ => out.push_str("<p class=\"hint\">Intet at vælge.</p>"),
            }
        }
        if field.inherit {
            out.push_str("</div>");
        }
        out.push_str("</fieldset>");
    };
    let select = |out: &mut String, options: &[(String, String)]| {
        let _ = write!(
            out,
            "<label for=\"{id}\">{label}</label>{head}<select id=\"{id}\" name=\"{}\"{aria}{invalid}>",
            escape(&name)
        );
        let current = page.typed.get(&name).cloned().unwrap_or_else(|| {
            table
                .get(field.key)
                .and_then(|i| i.as_str())
                .map(str::to_string)
                .unwrap_or_default()
        });
        let mut found = false;
        for (v, text) in options {
            let sel = if *v == current {
                found = true;
                " selected"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<option value=\"{}\"{sel}>{}</option>",
                escape(v),
                escape(text)
            );
        }
        if !found && !current.is_empty() {
            let _ = write!(
                out,
                "<option value=\"{0}\" selected>{0} (kendes ikke)</option>",
                escape(&current)
            );
        }
        out.push_str("</select>");
    };
    match field.kind {
        Kind::MinisterGoals => checkboxes(out, &page.choices.minister_goals),
        Kind::Groups => checkboxes(out, &page.choices.groups),
        Kind::LocalGoals => checkboxes(out, &page.choices.local_goals),
        Kind::LocalGoal => {
            let mut opts = vec![(String::new(), "(intet)".to_string())];
            opts.extend(
                page.choices
                    .local_goals
                    .iter()
                    .map(|(id, t)| (id.clone(), format!("{id}: {t}"))),
            );
            select(out, &opts);
        }
        Kind::Heading => {
            let mut opts = vec![(
                String::new(),
                "(overskriften med indsatsens navn)".to_string(),
            )];
            opts.extend(page.choices.headings.iter().map(|h| (h.clone(), h.clone())));
            select(out, &opts);
        }
        Kind::InitKind => {
            let opts: Vec<(String, String)> = form::KINDS
                .iter()
                .map(|(v, t)| (v.to_string(), t.to_string()))
                .collect();
            select(out, &opts);
        }
        Kind::Direction => {
            let mut opts = vec![(String::new(), "(ingen)".to_string())];
            opts.extend(
                super::parse::DIRECTIONS
                    .iter()
                    .map(|(_, v, t)| (v.to_string(), t.to_string())),
            );
            select(out, &opts);
        }
        Kind::Met => {
            let current = match (
                page.typed.get(&name).map(String::as_str),
                table.get(field.key).and_then(|i| i.as_bool()),
            ) {
                (Some(typed), _) => typed,
                (None, Some(true)) => "ja",
                (None, Some(false)) => "nej",
                (None, None) => "",
            };
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}</label>{head}<select id=\"{id}\" name=\"{}\"{aria}{invalid}>",
                escape(&name)
            );
            for (v, text) in [
                ("", "(ikke angivet)"),
                ("ja", "Ja, nået"),
                ("nej", "Nej, ikke nået"),
            ] {
                let sel = if v == current { " selected" } else { "" };
                let _ = write!(out, "<option value=\"{v}\"{sel}>{text}</option>");
            }
            out.push_str("</select>");
        }
        Kind::Bool => {
            let checked = if table.get(field.key).and_then(|i| i.as_bool()) == Some(true) {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<label><input type=\"checkbox\" id=\"{id}\" name=\"{}\"{checked}{aria}> {label}</label>{head}",
                escape(&name)
            );
        }
        Kind::Area => {
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}</label>{head}<textarea id=\"{id}\" name=\"{}\"{aria}{invalid}>\n{}</textarea>",
                escape(&name),
                escape(&value)
            );
        }
        _ => {
            let mode = match field.kind {
                Kind::Number | Kind::Int => " inputmode=\"decimal\"",
                _ => "",
            };
            let _ = write!(
                out,
                "<label for=\"{id}\">{label}</label>{head}<input type=\"text\" id=\"{id}\" name=\"{}\" value=\"{}\"{mode}{aria}{invalid}>",
                escape(&name),
                escape(&value)
            );
        }
    }
    out.push_str("</div>");
}
