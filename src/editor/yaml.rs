//! YAML front matter, which the editor does not write: it explains why, shows the TOML it
//! would write instead, and converts the file when asked ("Skriv om til TOML").
//!
//! The conversion keeps every value and the order of the keys: the YAML is read into a
//! plain tree ([`Node`]), written as TOML with `toml_edit`, and the TOML is read back
//! into a tree; only when the two trees are equal is anything written (atomically, via
//! [`files::write_atomic`]). Whole-line comments come along at the top of the new front
//! matter. Uses `serde-saphyr` (the build's YAML reader) and `toml`; knows nothing of
//! forms.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::actions::refused_path;
use super::files;
use super::form::{self, Posted};
use super::pages::{self, url_encode};
use super::{Editor, PREFIX, Reply};
use crate::diagnostics::SourceFile;
use crate::load::front_matter::{self, Format, Split};
use crate::text::html::escape;

/// A front matter value, with the keys of a map in their order.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a front matter value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        i64::try_from(v)
            .map(Node::Int)
            .map_err(|_| E::custom("tallet er for stort til TOML"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Key>()? {
            // toml writes a date as a private one-key table; the build reads it as text.
            if k.0 == "$__toml_private_datetime" {
                let v: String = map.next_value()?;
                return Ok(Node::Str(v));
            }
            out.push((k.0, map.next_value()?));
        }
        Ok(Node::Map(out))
    }
}

/// A map key: text, or a number or truth value written as a key (`2021: 5`).
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        match Node::deserialize(d)? {
            Node::Str(s) => Ok(Key(s)),
            Node::Int(i) => Ok(Key(i.to_string())),
            Node::Bool(b) => Ok(Key(b.to_string())),
            other => Err(de::Error::custom(format!(
                "en nøgle skal være tekst eller et tal, ikke {other:?}"
            ))),
        }
    }
}

/// A tree as the values it holds: maps by key (the `toml` reader sorts them; the order
/// of the written file is `toml_edit`'s, which keeps it).
fn by_key(n: &Node) -> Node {
    match n {
        Node::Seq(v) => Node::Seq(v.iter().map(by_key).collect()),
        Node::Map(m) => {
            let mut m: Vec<(String, Node)> =
                m.iter().map(|(k, v)| (k.clone(), by_key(v))).collect();
            m.sort_by(|a, b| a.0.cmp(&b.0));
            Node::Map(m)
        }
        other => other.clone(),
    }
}

/// The TOML for a YAML front matter, or why it cannot be written as TOML.
pub fn to_toml(yaml: &str) -> Result<String, String> {
    let tree: Node = serde_saphyr::from_str(yaml)
        .map_err(|e| format!("YAML'en kan ikke læses: {}", first_line(&e.to_string())))?;
    let tree = match tree {
        Node::Null => Node::Map(Vec::new()),
        t => t,
    };
    let Node::Map(entries) = &tree else {
        return Err("front matter skal være en liste af felter (navn: værdi)".to_string());
    };
    let mut doc = DocumentMut::new();
    // Whole-line comments, in order, at the top: TOML writes them the same way.
    let comments: Vec<&str> = yaml
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect();
    let mut table = Table::new();
    fill_table(&mut table, entries, "")?;
    *doc.as_table_mut() = table;
    let mut text = String::new();
    if !comments.is_empty() {
        text.push_str("# Kommentarer fra YAML-udgaven:\n");
        for c in comments {
            text.push_str(c);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(&doc.to_string());
    // Read back: written only when every value came through as it was.
    let back: Node = toml::from_str(&text).map_err(|e| {
        format!(
            "TOML'en kunne ikke læses igen: {}",
            first_line(&e.to_string())
        )
    })?;
    if by_key(&back) != by_key(&tree) {
        return Err(
            "omskrivningen ville ændre en værdi; skriv filen om i hånden (se docs/content-model.md)"
                .to_string(),
        );
    }
    Ok(text)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

fn fill_table(table: &mut Table, entries: &[(String, Node)], path: &str) -> Result<(), String> {
    for (key, node) in entries {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        match node {
            // A list of tables: `[[goals]]`, `[[targets.results]]`.
            Node::Seq(rows)
                if !rows.is_empty() && rows.iter().all(|r| matches!(r, Node::Map(_))) =>
            {
                let mut aot = ArrayOfTables::new();
                for row in rows {
                    if let Node::Map(fields) = row {
                        let mut t = Table::new();
                        fill_table(&mut t, fields, &here)?;
                        aot.push(t);
                    }
                }
                table.insert(key, Item::ArrayOfTables(aot));
            }
            Node::Null => {}
            n => {
                table.insert(key, Item::Value(value(n, &here)?));
            }
        }
    }
    // A key with no value (`key:` in YAML) is "not given": the build reads it so too,
    // but TOML cannot say it. Refuse rather than drop it.
    if let Some((key, _)) = entries.iter().find(|(_, n)| *n == Node::Null) {
        let shown = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        return Err(format!(
            "feltet `{shown}` har ingen værdi; giv det en værdi eller slet linjen, så kan filen skrives om"
        ));
    }
    Ok(())
}

fn value(n: &Node, path: &str) -> Result<Value, String> {
    Ok(match n {
        Node::Bool(b) => Value::from(*b),
        Node::Int(i) => Value::from(*i),
        Node::Float(x) => Value::from(*x),
        Node::Str(s) => Value::from(s.as_str()),
        Node::Seq(items) => {
            let mut a = toml_edit::Array::new();
            for i in items {
                a.push(value(i, path)?);
            }
            Value::Array(a)
        }
        Node::Map(entries) => {
            let mut t = InlineTable::new();
            for (k, v) in entries {
                if *v == Node::Null {
                    return Err(format!(
                        "feltet `{path}.{k}` har ingen værdi; giv det en værdi eller slet linjen, så kan filen skrives om"
                    ));
                }
                t.insert(k, value(v, &format!("{path}.{k}"))?);
            }
            Value::InlineTable(t)
        }
        Node::Null => {
            return Err(format!(
                "`{path}` indeholder en tom værdi, som TOML ikke kan skrive"
            ));
        }
    })
}

/// The whole file with TOML front matter in place of the YAML; the text stays.
fn converted(text: &str, split: &Split, toml: &str) -> String {
    format!(
        "{}{}{}{}",
        text[..split.front.start].replacen("---", "+++", 1),
        toml,
        text[split.front.end..split.body.start].replacen("---", "+++", 1),
        &text[split.body.clone()]
    )
}

/// The page shown for a YAML file: why the editor does not write it, and the offer.
pub fn offer(editor: &Editor, rel: &str, text: &str, split: &Split) -> Reply {
    let intro = format!(
        concat!(
            "<h1>Filen er skrevet i YAML</h1>",
            "<p>content/{rel} har front matter i YAML (mellem <code>---</code>). ",
            "Editoren skriver TOML (mellem <code>+++</code>), fordi den kan ændre et felt i TOML ",
            "uden at røre resten af filen: kommentarer, rækkefølge og de felter, du ikke ændrer. ",
            "Sitet læser begge dele ens.</p>"
        ),
        rel = escape(rel)
    );
    let body = match to_toml(&text[split.front.clone()]) {
        Ok(toml) => {
            let trailing = text[split.front.clone()]
                .lines()
                .any(|l| !l.trim_start().starts_with('#') && l.contains(" #"));
            format!(
                concat!(
                    "{intro}<h2>Skriv filen om til TOML</h2>",
                    "<p>Editoren kan skrive filens front matter om til TOML for dig. Alle værdier og felternes ",
                    "rækkefølge bevares (editoren læser resultatet igen og gemmer kun, hvis hver værdi er den samme), ",
                    "og teksten under front matter er urørt. Kommentarlinjer (<code>#</code>) kommer med øverst.{warn}</p>",
                    "<p>Sådan bliver front matter:</p><pre>{toml}</pre>",
                    "<form method=\"post\" action=\"{p}til-toml\">",
                    "<input type=\"hidden\" name=\"csrf_token\" value=\"{token}\">",
                    "<input type=\"hidden\" name=\"fil\" value=\"{rel}\">",
                    "<input type=\"hidden\" name=\"hash\" value=\"{hash}\">",
                    "<button class=\"gem\" type=\"submit\">Skriv om til TOML</button></form>",
                    "<p>Vil du hellere selv, så skriv filen om i en teksteditor (se docs/content-model.md) og åbn den her igen.</p>"
                ),
                intro = intro,
                warn = if trailing {
                    " Kommentarer sidst på en linje kommer ikke med; flyt dem op på deres egen linje først, hvis de skal bevares."
                } else {
                    ""
                },
                toml = escape(&toml),
                p = PREFIX,
                token = escape(editor.token()),
                rel = escape(rel),
                hash = escape(&files::hash(text.as_bytes())),
            )
        }
        Err(why) => format!(
            "{intro}<p>Editoren kan ikke skrive den om for dig: {}. Ret det i en teksteditor (se docs/content-model.md), og åbn filen her igen.</p>",
            escape(&why)
        ),
    };
    Reply::page(422, pages::layout("Filen er skrevet i YAML", &body))
}

/// POST `til-toml`: the YAML file rewritten with TOML front matter.
pub fn convert(editor: &Editor, posted: &Posted) -> Reply {
    let Ok(file) = files::checked(&editor.root, posted.get("fil").unwrap_or(""), true) else {
        return refused_path();
    };
    let form = match crate::load::place_of(&file.rel)
        .ok()
        .and_then(|p| form::schema(&p))
    {
        Some(s) => s.path,
        None => return refused_path(),
    };
    let Ok(text) = std::fs::read_to_string(&file.abs) else {
        return refused_path();
    };
    let back = format!("{PREFIX}{form}?fil={}", url_encode(&file.rel));
    if posted.get("hash") != Some(files::hash(text.as_bytes()).as_str()) {
        return Reply::page(
            409,
            pages::layout(
                "Filen er ændret",
                &format!(
                    "<h1>Filen er ændret, siden du åbnede siden</h1><p>Intet er skrevet om. <a href=\"{}\">Åbn filen igen</a>.</p>",
                    escape(&back)
                ),
            ),
        );
    }
    let source = SourceFile::new(format!("content/{}", file.rel), text.as_str());
    let split = match front_matter::split(&text, &source) {
        Ok(s) if s.format == Format::Yaml => s,
        _ => return Reply::see_other(back),
    };
    let toml = match to_toml(&text[split.front.clone()]) {
        Ok(t) => t,
        Err(_) => return offer(editor, &file.rel, &text, &split),
    };
    if let Err(e) = files::write_atomic(&file, &converted(&text, &split, &toml), false) {
        return super::actions::write_failed(&file, &e);
    }
    Reply::see_other(format!("{back}&toml=1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_and_the_order_come_through() {
        let yaml = "# Fra importen\ntitle: Beskæftigelsesplan 2021\nyear: 2021\nadopted: 2020-12-17\nsummary: |\n  To linjer\n  tekst.\nnumber:\n  2021: 5\ngoals:\n  - id: unge\n    title: \"Unge: i job\"\n    minister_goals: [opkvalificering]\ntargets:\n  - id: rk-1\n    value: 2.5\n    results:\n      - date: 2021-12\n        value: 1.8\n        source: Jobindsats\n";
        let toml = to_toml(yaml).expect("converts");
        assert!(
            toml.starts_with("# Kommentarer fra YAML-udgaven:\n# Fra importen\n"),
            "{toml}"
        );
        assert!(toml.contains("[[targets.results]]"), "{toml}");
        let doc: DocumentMut = toml.parse().expect("toml");
        let keys: Vec<&str> = doc.iter().map(|(k, _)| k).collect();
        assert_eq!(
            keys,
            [
                "title", "year", "adopted", "summary", "number", "goals", "targets"
            ]
        );
        let back: Node = toml::from_str(&toml).expect("toml");
        let Node::Map(m) = back else { panic!("map") };
        assert!(m.contains(&("adopted".to_string(), Node::Str("2020-12-17".into()))));
        assert!(m.contains(&(
            "summary".to_string(),
            Node::Str("To linjer\ntekst.\n".into())
        )));
    }

    #[test]
    fn what_toml_cannot_say_is_refused() {
        assert!(
            to_toml("title: x\nsource:\n")
                .unwrap_err()
                .contains("`source`")
        );
        assert!(to_toml("- a\n- b\n").is_err());
    }
}
