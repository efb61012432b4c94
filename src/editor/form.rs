//! What the editor's forms hold, field by field, and how a posted form changes a front
//! matter document: only fields whose value changed are written, in place, keeping the
//! value's comment and spacing (`toml_edit`), so everything the author left stays.
//!
//! Knows the schema's field names (those of `load::front_matter`) and Danish input
//! ([`super::parse`]); reads and writes only the `toml_edit` document it is given.

use std::collections::BTreeMap;

use toml_edit::{Item, Table, Value};

use super::parse;
pub use super::rows::{RowAction, apply_rows};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Line,
    Area,
    Int,
    Number,
    Period,
    Direction,
    Bool,
    /// Checkboxes: the minister goals in force in the plan's year.
    MinisterGoals,
    /// Checkboxes: the target groups.
    Groups,
    /// Checkboxes: the plan's own goals.
    LocalGoals,
    /// One of the plan's own goals.
    LocalGoal,
    /// One of the chapter's headings.
    Heading,
    InitKind,
    /// Whether a result says the target is met: ja, nej or not said.
    Met,
}

pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// Required: left empty it stays written (as empty text) and `check` reports it.
    pub required: bool,
    pub hint: &'static str,
    /// A list an initiative may leave out to take the chapter's (`goals`,
    /// `target_groups`): the form asks "as the chapter" or "its own", and its own may be
    /// none (`[]`), which is not the same as leaving it out.
    pub inherit: bool,
}

const fn f(key: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        key,
        label,
        kind,
        required: false,
        hint: "",
        inherit: false,
    }
}

const fn req(key: &'static str, label: &'static str, kind: Kind) -> Field {
    Field {
        key,
        label,
        kind,
        required: true,
        hint: "",
        inherit: false,
    }
}

const fn hint(mut field: Field, hint: &'static str) -> Field {
    field.hint = hint;
    field
}

const fn inherit(mut field: Field) -> Field {
    field.inherit = true;
    field
}

pub const PLAN: &[Field] = &[
    req("title", "Titel", Kind::Line),
    req("year", "År", Kind::Int),
    hint(
        f("adopted", "Vedtaget", Kind::Period),
        "fx 15. december 2021",
    ),
    hint(
        f("source", "Kilde (den vedtagne plan)", Kind::Line),
        "en adresse eller en fil i static/",
    ),
    f("source_title", "Kildens titel", Kind::Line),
    req("summary", "Resumé", Kind::Area),
    f("description", "Beskrivelse til søgemaskiner", Kind::Line),
];

pub const GOAL: &[Field] = &[
    hint(
        req("id", "Id", Kind::Line),
        "kort navn med små bogstaver og bindestreger",
    ),
    req("title", "Mål", Kind::Area),
    f("description", "Beskrivelse", Kind::Area),
    f("minister_goals", "Ministerens mål", Kind::MinisterGoals),
    f("target_groups", "Målgrupper", Kind::Groups),
];

pub const TARGET: &[Field] = &[
    req("id", "Id", Kind::Line),
    f("goal", "Hører til målet", Kind::LocalGoal),
    hint(f("label", "Betegnelse", Kind::Line), "fx Resultatmål 1"),
    req("text", "Resultatmålet med planens ord", Kind::Area),
    f("indicator", "Hvad der måles", Kind::Line),
    hint(f("value", "Værdi", Kind::Number), "fx 2,5 eller 12 %"),
    hint(f("unit", "Enhed", Kind::Line), "fx % eller personer"),
    f("direction", "Retning", Kind::Direction),
    f("baseline", "Udgangspunkt", Kind::Number),
    hint(
        f("baseline_at", "Udgangspunktet gælder", Kind::Period),
        "fx dec. 2020",
    ),
    hint(
        f("deadline", "Frist", Kind::Period),
        "fx 31. december 2022, dec. 2022 eller 4. kvartal 2022",
    ),
    hint(
        f("comparison", "Sammenligning", Kind::Line),
        "i stedet for et tal, fx bedre end landsgennemsnittet",
    ),
    f("note", "Bemærkning", Kind::Line),
    f("minister_goals", "Ministerens mål", Kind::MinisterGoals),
    f("target_groups", "Målgrupper", Kind::Groups),
];

pub const CHAPTER: &[Field] = &[
    req("title", "Kapitlets overskrift", Kind::Line),
    f("description", "Beskrivelse til søgemaskiner", Kind::Line),
    f(
        "goals",
        "Planens mål, kapitlet handler om",
        Kind::LocalGoals,
    ),
    f("minister_goals", "Ministerens mål", Kind::MinisterGoals),
    f("target_groups", "Målgrupper", Kind::Groups),
    hint(
        f(
            "initiatives_inherit",
            "Indsatser uden egne ministermål overtager kapitlets",
            Kind::Bool,
        ),
        "kun når planen selv knytter alle kapitlets indsatser til kapitlets ministermål; ellers krydses målene af ved hver indsats",
    ),
];

pub const INITIATIVE: &[Field] = &[
    req("title", "Indsatsens navn", Kind::Line),
    hint(
        f("heading", "Overskrift i teksten", Kind::Heading),
        "den overskrift i kapitlet, indsatsen står under",
    ),
    hint(
        f("id", "Id", Kind::Line),
        "kun nødvendigt, når flere indsatser står under samme overskrift",
    ),
    f("kind", "Slags", Kind::InitKind),
    f("summary", "Kort beskrivelse", Kind::Area),
    hint(
        f("minister_goals", "Ministerens mål", Kind::MinisterGoals),
        "kun de mål, planen selv knytter indsatsen til",
    ),
    inherit(f(
        "goals",
        "Planens mål, indsatsen tjener",
        Kind::LocalGoals,
    )),
    inherit(f("target_groups", "Målgrupper", Kind::Groups)),
];

/// A measured result of a target (`[[targets.results]]`).
pub const RESULT: &[Field] = &[
    hint(
        req("date", "Dato", Kind::Period),
        "den måned eller dag, tallet gælder, fx dec. 2022 eller 31. december 2022",
    ),
    hint(
        f("value", "Resultat", Kind::Number),
        "i resultatmålets enhed, fx 1,8",
    ),
    hint(
        f("met", "Er målet nået?", Kind::Met),
        "kun for et resultatmål uden tal; for et mål med tal afgør tallene det",
    ),
    hint(
        req("source", "Kilde", Kind::Line),
        "hvor tallet er hentet, fx Jobindsats, ydelsesgrupper",
    ),
    hint(f("note", "Bemærkning", Kind::Line), "fx foreløbigt tal"),
];

/// The arrays of rows a form edits: (key in the front matter, fields, heading, noun).
pub const PLAN_ROWS: &[(&str, &[Field], &str, &str)] = &[
    ("goals", GOAL, "Kommunens mål", "mål"),
    ("targets", TARGET, "Resultatmål", "resultatmål"),
];
pub const CHAPTER_ROWS: &[(&str, &[Field], &str, &str)] =
    &[("initiatives", INITIATIVE, "Indsatser", "indsats")];

/// Rows inside rows: (the outer array, the inner array's key, fields, heading, noun).
/// A target's results are `[[targets.results]]`; their fields are named
/// `targets.{i}.results.{j}.{key}`.
pub const NESTED: &[(&str, &str, &[Field], &str, &str)] =
    &[("targets", "results", RESULT, "Resultater", "resultat")];

pub const MUNICIPALITY: &[Field] = &[
    req("title", "Navn", Kind::Line),
    f("short_title", "Kort navn", Kind::Line),
    hint(
        f("region", "Region", Kind::Line),
        "Region Hovedstaden, Region Sjælland, Region Syddanmark, Region Midtjylland eller Region Nordjylland",
    ),
    hint(
        f("website", "Hjemmeside", Kind::Line),
        "fx https://www.kommune.dk",
    ),
    f("jobcenter", "Jobcenter", Kind::Line),
    f("description", "Beskrivelse til søgemaskiner", Kind::Line),
];

/// A form: its fields, its rows, whether it edits the text too, and its path.
pub struct Schema {
    pub fields: &'static [Field],
    pub rows: &'static [(&'static str, &'static [Field], &'static str, &'static str)],
    pub body: bool,
    /// The editor's path of the form (`plan`, `kapitel`, `kommune`).
    pub path: &'static str,
    pub legend: &'static str,
}

pub const PLAN_FORM: Schema = Schema {
    fields: PLAN,
    rows: PLAN_ROWS,
    body: false,
    path: "plan",
    legend: "Planen",
};
pub const CHAPTER_FORM: Schema = Schema {
    fields: CHAPTER,
    rows: CHAPTER_ROWS,
    body: true,
    path: "kapitel",
    legend: "Kapitlet",
};
pub const MUNICIPALITY_FORM: Schema = Schema {
    fields: MUNICIPALITY,
    rows: &[],
    body: true,
    path: "kommune",
    legend: "Kommunen",
};

/// The form for a file at this place, if the editor has one.
pub fn schema(place: &crate::load::Place) -> Option<&'static Schema> {
    use crate::load::Place;
    match place {
        Place::Plan { .. } => Some(&PLAN_FORM),
        Place::Chapter { .. } => Some(&CHAPTER_FORM),
        Place::Municipality { .. } => Some(&MUNICIPALITY_FORM),
        _ => None,
    }
}

pub const KINDS: [(&str, &str); 5] = [
    ("indsats", "Indsats"),
    ("projekt", "Projekt"),
    ("forløb", "Forløb"),
    ("tilbud", "Tilbud"),
    ("samarbejde", "Samarbejde"),
];

/// A posted form: its fields in order (checkboxes repeat a name).
#[derive(Debug, Default)]
pub struct Posted {
    pub pairs: Vec<(String, String)>,
}

impl Posted {
    /// Decodes `application/x-www-form-urlencoded`.
    pub fn parse(body: &[u8]) -> Posted {
        let decode = |s: &str| {
            let s = s.replace('+', " ");
            percent_encoding::percent_decode_str(&s)
                .decode_utf8_lossy()
                .into_owned()
        };
        let text = String::from_utf8_lossy(body);
        let pairs = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(p), String::new()),
            })
            .collect();
        Posted { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A field's value as the form shows it.
pub fn shown(table: &Table, field: &Field) -> String {
    let Some(item) = table.get(field.key) else {
        return String::new();
    };
    match (field.kind, item.as_value()) {
        (_, Some(Value::String(s))) => {
            let s = s.value();
            match field.kind {
                Kind::Period => crate::load::front_matter::Period::parse(s)
                    .map(|p| p.danish())
                    .unwrap_or_else(|_| s.to_string()),
                _ => s.to_string(),
            }
        }
        (Kind::Number, Some(Value::Integer(i))) => i.value().to_string(),
        (Kind::Number, Some(Value::Float(x))) => parse::show_number(*x.value()),
        (Kind::Period, Some(Value::Integer(i))) => i.value().to_string(),
        (Kind::Period, Some(Value::Datetime(d))) => {
            let text = d.value().to_string();
            crate::load::front_matter::Period::parse(&text)
                .map(|p| p.danish())
                .unwrap_or(text)
        }
        (_, Some(v)) => v.to_string().trim().to_string(),
        (_, None) => item.to_string().trim().to_string(),
    }
}

/// A list field's strings (`minister_goals = ["a", "b"]`).
pub fn list(table: &Table, key: &str) -> Vec<String> {
    table
        .get(key)
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .map(|v| match v.as_str() {
                    Some(s) => s.to_string(),
                    None => v.to_string().trim().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Errors of a posted form, by field name: nothing is written while there are any.
pub type Errors = BTreeMap<String, String>;

/// Applies the posted values of `fields` (named `{prefix}{key}`) to `table`.
pub fn apply(
    table: &mut Table,
    fields: &[Field],
    prefix: &str,
    posted: &Posted,
    errors: &mut Errors,
) {
    for field in fields {
        let name = format!("{prefix}{}", field.key);
        let list_kind = matches!(
            field.kind,
            Kind::MinisterGoals | Kind::Groups | Kind::LocalGoals
        );
        if list_kind {
            let ticked = posted.all(&name);
            let current = list(table, field.key);
            let mut new: Vec<String> = current
                .iter()
                .filter(|c| ticked.contains(&c.as_str()))
                .cloned()
                .collect();
            for t in &ticked {
                if !t.is_empty() && !new.iter().any(|n| n == t) {
                    new.push(t.to_string());
                }
            }
            if field.inherit {
                // "As the chapter" leaves the list out; "its own" writes it, even
                // empty. A box ticked says "its own" whatever the radio says.
                let own = match posted.get(&format!("{name}._som")) {
                    Some("kapitlet") => !ticked.is_empty(),
                    Some(_) => true,
                    None => table.contains_key(field.key) || !ticked.is_empty(),
                };
                let had = table.contains_key(field.key);
                if !own {
                    if had {
                        table.remove(field.key);
                    }
                } else if !had || new != current {
                    let mut array = toml_edit::Array::new();
                    for n in &new {
                        array.push(n.as_str());
                    }
                    set(table, field.key, Value::Array(array));
                }
                continue;
            }
            if new == current {
                continue;
            }
            if new.is_empty() {
                table.remove(field.key);
            } else {
                let mut array = toml_edit::Array::new();
                for n in &new {
                    array.push(n.as_str());
                }
                set(table, field.key, Value::Array(array));
            }
            continue;
        }
        if field.kind == Kind::Met {
            let Some(raw) = posted.get(&name) else {
                continue;
            };
            let new = match raw {
                "ja" => Some(true),
                "nej" => Some(false),
                _ => None,
            };
            let current = table.get(field.key).and_then(Item::as_bool);
            if new != current {
                match new {
                    Some(b) => set(table, field.key, Value::from(b)),
                    None => {
                        table.remove(field.key);
                    }
                }
            }
            continue;
        }
        if field.kind == Kind::Bool {
            let on = posted.get(&name).is_some();
            let current = table
                .get(field.key)
                .and_then(Item::as_bool)
                .unwrap_or(false);
            if on != current {
                if on {
                    set(table, field.key, Value::from(true));
                } else {
                    table.remove(field.key);
                }
            }
            continue;
        }
        let Some(raw) = posted.get(&name) else {
            continue;
        };
        let raw = if field.kind == Kind::Area {
            raw.replace("\r\n", "\n")
        } else {
            raw.trim().to_string()
        };
        if raw.trim().is_empty() {
            if field.required {
                // Cleared by the author: written empty, so `check` asks for it. A
                // field that was never there is not added.
                let had = table.get(field.key).and_then(Item::as_str);
                if had.is_some_and(|h| !h.trim().is_empty()) {
                    set(table, field.key, Value::from(""));
                }
            } else {
                table.remove(field.key);
            }
            continue;
        }
        let new: Result<Value, String> = match field.kind {
            Kind::Int => raw
                .replace(['.', ' '], "")
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("`{raw}` er ikke et helt tal")),
            Kind::Number => parse::number(&raw).map(|n| number_value(n.value)),
            Kind::Period => parse::period(&raw).map(|p| Value::from(p.to_string())),
            Kind::Direction => parse::direction(&raw).map(|d| Value::from(d.unwrap_or(""))),
            _ => Ok(Value::from(raw.as_str())),
        };
        // Text shown trimmed and sent back unchanged is unchanged.
        if matches!(field.kind, Kind::Line)
            && table
                .get(field.key)
                .and_then(Item::as_str)
                .is_some_and(|old| old.trim() == raw)
        {
            continue;
        }
        let new = match new {
            Ok(v) => v,
            Err(e) => {
                errors.insert(name, e);
                continue;
            }
        };
        if let Some(Item::Value(old)) = table.get(field.key)
            && same(old, &new)
        {
            continue;
        }
        set(table, field.key, new);
        // `12 %` with no unit yet: the target's unit is the percent sign.
        if field.kind == Kind::Number
            && fields.iter().any(|f| f.key == "unit")
            && parse::number(&raw).is_ok_and(|n| n.percent)
            && table.get("unit").is_none()
            && posted
                .get(&format!("{prefix}unit"))
                .is_none_or(|u| u.trim().is_empty())
        {
            set(table, "unit", Value::from("%"));
        }
    }
}

/// A new row from the empty fields under the rows (named `{prefix}{key}`): `None` while
/// they are all empty; its required fields must then be filled in (else errors, and no
/// row).
pub fn new_row(
    fields: &[Field],
    prefix: &str,
    posted: &Posted,
    errors: &mut Errors,
) -> Option<Table> {
    let filled = |key: &str| {
        posted
            .get(&format!("{prefix}{key}"))
            .is_some_and(|v| !v.trim().is_empty())
    };
    if !fields.iter().any(|f| filled(f.key)) {
        return None;
    }
    let mut row = Table::new();
    let before = errors.len();
    for f in fields.iter().filter(|f| f.required && !filled(f.key)) {
        errors.insert(
            format!("{prefix}{}", f.key),
            format!("Skriv også {}", f.label.to_lowercase()),
        );
    }
    apply(&mut row, fields, prefix, posted, errors);
    (errors.len() == before).then_some(row)
}

fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Value::from(v as i64)
    } else {
        Value::from(v)
    }
}

/// Whether two values say the same (so an untouched field is never rewritten, even
/// when the form shows it differently: `2021-12` as "december 2021", `10` as "10").
fn same(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::String(a), Value::String(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Integer(b)) => a.value() == b.value(),
        (Value::Float(a), Value::Float(b)) => a.value() == b.value(),
        (Value::Integer(a), Value::Float(b)) | (Value::Float(b), Value::Integer(a)) => {
            *a.value() as f64 == *b.value()
        }
        (Value::Datetime(a), Value::String(b)) => a.value().to_string() == *b.value(),
        (Value::Boolean(a), Value::Boolean(b)) => a.value() == b.value(),
        _ => false,
    }
}

/// Sets `key` to `value`, keeping the old value's spacing and trailing comment.
pub fn set(table: &mut Table, key: &str, mut value: Value) {
    if let Some(Item::Value(old)) = table.get(key) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn only_changed_fields_change() {
        let text = "# top\ntitle = \"Plan\"   # kommentar\nyear = 2021\nadopted = 2021-12-15\n\n[[targets]]\n# første\nid = \"a\"\ntext = \"A\"\nvalue = 10\ndeadline = \"2021-12\"\n\n[[targets]]\nid = \"b\"\ntext = \"B\"\n";
        let mut doc: toml_edit::DocumentMut = text.parse().expect("toml");
        let mut errors = Errors::new();
        apply(
            doc.as_table_mut(),
            PLAN,
            "f.",
            &posted(&[
                ("f.title", "Plan"),
                ("f.year", "2021"),
                ("f.adopted", "15. december 2021"),
            ]),
            &mut errors,
        );
        assert_eq!(doc.to_string(), text, "nothing changed");
        let rows = doc["targets"].as_array_of_tables_mut().expect("aot");
        let t = rows.get_mut(0).expect("row");
        apply(
            t,
            TARGET,
            "targets.0.",
            &posted(&[
                ("targets.0.id", "a"),
                ("targets.0.text", "A"),
                ("targets.0.value", "2,5"),
                ("targets.0.deadline", "december 2021"),
                ("targets.0.minister_goals", "opkvalificering"),
            ]),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let out = doc.to_string();
        assert_eq!(
            out,
            text.replace("value = 10", "value = 2.5").replace(
                "deadline = \"2021-12\"\n",
                "deadline = \"2021-12\"\nminister_goals = [\"opkvalificering\"]\n"
            )
        );
    }

    #[test]
    fn empty_fields_that_were_never_there_are_not_added() {
        let text = "title = \"Plan\"\nyear = 2021\n";
        let mut doc: toml_edit::DocumentMut = text.parse().expect("toml");
        let mut errors = Errors::new();
        apply(
            doc.as_table_mut(),
            PLAN,
            "f.",
            &posted(&[("f.title", " Plan "), ("f.summary", ""), ("f.source", "")]),
            &mut errors,
        );
        assert_eq!(doc.to_string(), text);
        apply(
            doc.as_table_mut(),
            PLAN,
            "f.",
            &posted(&[("f.title", "")]),
            &mut errors,
        );
        assert_eq!(doc.to_string(), "title = \"\"\nyear = 2021\n");
    }

    #[test]
    fn bad_input_is_an_error_and_not_written() {
        let text = "[[targets]]\nid = \"a\"\ntext = \"A\"\nvalue = 10\n";
        let mut doc: toml_edit::DocumentMut = text.parse().expect("toml");
        let mut errors = Errors::new();
        let t = doc["targets"]
            .as_array_of_tables_mut()
            .and_then(|r| r.get_mut(0))
            .expect("row");
        apply(
            t,
            TARGET,
            "targets.0.",
            &posted(&[("targets.0.value", "ti")]),
            &mut errors,
        );
        assert!(
            errors["targets.0.value"].contains("ikke et tal"),
            "{errors:?}"
        );
        assert_eq!(doc.to_string(), text);
    }

    #[test]
    fn rows_move_with_their_comments() {
        let text =
            "title = \"x\"\n\n# A\n[[targets]]\nid = \"a\"\n\n# B\n[[targets]]\nid = \"b\"\n";
        let mut doc: toml_edit::DocumentMut = text.parse().expect("toml");
        let rows = doc["targets"].as_array_of_tables_mut().expect("aot");
        apply_rows(rows, &RowAction::Up("targets".into(), 1), |_| Table::new());
        let out = doc.to_string();
        assert!(out.find("id = \"b\"") < out.find("id = \"a\""), "{out}");
        assert!(out.contains("# B\n[[targets]]\nid = \"b\""), "{out}");
        let rows = doc["targets"].as_array_of_tables_mut().expect("aot");
        apply_rows(rows, &RowAction::Remove("targets".into(), 0), |_| {
            Table::new()
        });
        let out = doc.to_string();
        assert!(!out.contains("id = \"b\""), "{out}");
        assert!(out.contains("id = \"a\""), "{out}");
    }
}
