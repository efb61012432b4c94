//! Word documents (`.docx`) to the Markdown-like text `text.rs` reads: headings from
//! the paragraph styles (`Heading 1`, `Overskrift 1`, or a style with an outline level),
//! list paragraphs as `- ` items, tables as `| … |` rows, bold and italic kept.
//!
//! Owns reading the zip and its XML with `zip` and `quick-xml`, within limits: the
//! document part is read only up to [`MAX_PART`] bytes uncompressed, whatever its header
//! claims, so a zip bomb costs nothing. A file that is not a zip, lacks
//! `word/document.xml`, or is an encrypted Office file gets a Danish message.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The most uncompressed bytes read from one part of the document (50 MB of XML is
/// thousands of pages).
pub const MAX_PART: u64 = 50 * 1024 * 1024;

/// Why a Word file could not be read, in Danish.
pub fn read(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("filen er et krypteret (adgangskodebeskyttet) Word-dokument eller i det gamle .doc-format; \
                    gem den i Word som almindelig .docx uden adgangskode, og importér den igen"
            .into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!("filen kan ikke læses som Word-dokument (.docx er en zip-fil, og denne er ødelagt eller afkortet: {e})")
    })?;
    let styles = part(&mut zip, "word/styles.xml").ok().flatten();
    let doc = part(&mut zip, "word/document.xml")?.ok_or_else(|| {
        "filen er en zip-fil, men ikke et Word-dokument: word/document.xml mangler".to_string()
    })?;
    let levels = styles.map(|s| heading_styles(&s)).unwrap_or_default();
    body(&doc, &levels)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let mut f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name} i Word-filen kan ikke læses: {e}")),
    };
    if f.encrypted() {
        return Err(
            "Word-filen er krypteret; gem den uden adgangskode og importér den igen".into(),
        );
    }
    let mut buf = Vec::new();
    (&mut f)
        .take(MAX_PART + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name} i Word-filen er ødelagt: {e}"))?;
    if buf.len() as u64 > MAX_PART {
        return Err(format!(
            "{name} i Word-filen fylder over {} MB udpakket; det er ikke en almindelig plan (måske en zip-bombe), så den læses ikke",
            MAX_PART / 1024 / 1024
        ));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| format!("{name} i Word-filen er ikke gyldig UTF-8-tekst"))
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
}

/// Style id → heading level, from the styles' names and outline levels.
fn heading_styles(xml: &str) -> HashMap<String, u8> {
    let mut out = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:style" => id = attr(&e, b"w:styleId"),
                b"w:name" => {
                    if let (Some(i), Some(name)) = (&id, attr(&e, b"w:val"))
                        && let Some(level) = level_of_name(&name)
                    {
                        out.insert(i.clone(), level);
                    }
                }
                b"w:outlineLvl" => {
                    if let (Some(i), Some(v)) = (&id, attr(&e, b"w:val"))
                        && let Ok(n) = v.parse::<u8>()
                        && n < 6
                    {
                        out.entry(i.clone()).or_insert(n + 1);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// "heading 2", "Overskrift 2", "Title": a heading style's level.
fn level_of_name(name: &str) -> Option<u8> {
    let l = name.to_lowercase();
    for p in ["heading ", "overskrift "] {
        if let Some(n) = l.strip_prefix(p) {
            return n.trim().parse::<u8>().ok().filter(|n| (1..=6).contains(n));
        }
    }
    None
}

/// The document body as text: one line per paragraph, blank lines between.
fn body(xml: &str, levels: &HashMap<String, u8>) -> Result<String, String> {
    let mut r = Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut style: Option<String> = None;
    let mut listed = false;
    let mut in_text = false;
    let (mut bold, mut italic) = (false, false);
    let mut table_depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    loop {
        let ev = r
            .read_event()
            .map_err(|e| format!("word/document.xml er ikke gyldig XML: {e}"))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"w:p" => {
                    para.clear();
                    style = None;
                    listed = false;
                }
                b"w:pStyle" => style = attr(&e, b"w:val"),
                b"w:numPr" => listed = true,
                b"w:r" => {
                    bold = false;
                    italic = false;
                }
                b"w:b" => bold = attr(&e, b"w:val").is_none_or(|v| v != "0" && v != "false"),
                b"w:i" => italic = attr(&e, b"w:val").is_none_or(|v| v != "0" && v != "false"),
                b"w:t" => in_text = true,
                b"w:tab" | b"w:br" => para.push(' '),
                b"w:tbl" => table_depth += 1,
                b"w:tr" => row.clear(),
                b"w:tc" => cell.clear(),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t
                    .xml_content()
                    .map_err(|e| format!("word/document.xml har ugyldig tekst: {e}"))?;
                let s = s.as_ref();
                if (bold || italic) && !s.trim().is_empty() {
                    let mark = if bold { "**" } else { "*" };
                    para.push_str(mark);
                    para.push_str(s);
                    para.push_str(mark);
                } else {
                    para.push_str(s);
                }
            }
            Event::GeneralRef(e) => {
                if in_text && let Ok(Some(c)) = e.resolve_char_ref() {
                    para.push(c);
                } else if in_text {
                    let ent = String::from_utf8_lossy(e.as_ref()).to_string();
                    para.push_str(match ent.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => {
                    // Adjacent bold runs ("**a****b**") join into one.
                    let text = para.replace("****", "").replace("**", "\u{1}");
                    let text = text.replace('\u{1}', "**");
                    let text = text.trim();
                    if table_depth > 0 {
                        if !cell.is_empty() {
                            cell.push(' ');
                        }
                        cell.push_str(text);
                    } else if !text.is_empty() {
                        let level = style
                            .as_ref()
                            .and_then(|s| levels.get(s).copied().or_else(|| level_of_name(s)));
                        let plain = strip_marks(text);
                        match level {
                            Some(n) => {
                                out.push_str(&"#".repeat(n as usize));
                                out.push(' ');
                                out.push_str(&plain);
                                out.push_str("\n\n");
                            }
                            None if listed => {
                                out.push_str("- ");
                                out.push_str(text);
                                out.push('\n');
                            }
                            None => {
                                out.push_str(text);
                                out.push_str("\n\n");
                            }
                        }
                    }
                }
                b"w:tc" => row.push(cell.replace('|', "/").trim().to_string()),
                b"w:tr" if table_depth == 1 => {
                    out.push_str("| ");
                    out.push_str(&row.join(" | "));
                    out.push_str(" |\n");
                }
                b"w:tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    if table_depth == 0 {
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn strip_marks(s: &str) -> String {
    s.replace("**", "").trim_matches('*').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_zip_is_a_danish_error() {
        let e = read(b"hello").unwrap_err();
        assert!(e.contains("Word-dokument"), "{e}");
    }
}
