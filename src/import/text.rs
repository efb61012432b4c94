//! Plain text (also OCR output and Markdown) to blocks: paragraphs, list items,
//! headings and tables, each with the source line it starts on.
//!
//! Owns line-level layout only: bullets OCR misread (`e`, `¢`, `«`, `»`, `+`), words
//! hyphenated across lines, paragraphs broken by the line width or by a page break,
//! page furniture (page numbers, running footers), and which lines look like headings.
//! Chapters, tables of contents and what the words mean are `structure.rs`'s and
//! `promises.rs`'s. DOCX and PDF are turned into Markdown-like text first and read here
//! too, so one set of rules serves every input.

use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A heading: `0` guessed from the layout, `1..=6` from the document's own markup.
    Heading(u8),
    Para,
    /// A list item; `Some("1.")` for a numbered one.
    Item(Option<String>),
    /// A table: its rows of cells.
    Table(Vec<Vec<String>>),
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: Kind,
    pub text: String,
    /// The source line the block starts on (1-based).
    pub line: usize,
    /// Blank lines before it in the source.
    pub gap: usize,
    /// How many source lines it was made of.
    pub lines: usize,
}

/// Bullets as OCR writes them, and as Word and Markdown do.
const BULLETS: &[&str] = &[
    "- ", "* ", "+ ", "• ", "· ", "▪ ", "◦ ", "– ", "e ", "¢ ", "« ", "» ", "✓ ", "- ✓ ", "o ",
];

fn bullet_len(line: &str) -> Option<usize> {
    for b in BULLETS {
        if let Some(rest) = line.strip_prefix(b) {
            let rest = rest.trim_start();
            // "e" and "o" are bullets only before a capital: a Danish sentence never
            // starts with them as words.
            let strict = matches!(*b, "e " | "o ");
            if rest.is_empty()
                || (strict && !rest.starts_with(|c: char| c.is_uppercase() || c == '|'))
            {
                continue;
            }
            return Some(line.len() - rest.len());
        }
    }
    // "eVirksomhederne", "e|": OCR lost the space after the bullet.
    let mut cs = line.chars();
    if let (Some('e'), Some(c2)) = (cs.next(), cs.next())
        && (c2.is_uppercase() || c2 == '|')
        && cs.next().is_some_and(|c| c.is_lowercase() || c == ' ')
    {
        return Some(1);
    }
    None
}

/// `1. `, `2) `, `a) `: a numbered item's mark and its length.
fn number_mark(line: &str) -> Option<(String, usize)> {
    let digits: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &line[digits.len()..];
    if !digits.is_empty() && digits.len() <= 2 {
        for sep in [". ", ") "] {
            if rest.starts_with(sep) && rest.len() > 2 {
                return Some((format!("{digits}{}", &sep[..1]), digits.len() + 2));
            }
        }
    }
    let mut cs = line.chars();
    if let (Some(c), Some(')'), Some(' ')) = (cs.next(), cs.next(), cs.next())
        && c.is_ascii_lowercase()
    {
        return Some((format!("{c})"), 3));
    }
    None
}

/// `1.1 Beskæftigelsesministerens mål …`: numbered like a section, never a list.
pub fn section_number(line: &str) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut i = 0;
    let b = line.as_bytes();
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        depth += 1;
        if i < b.len() && b[i] == b'.' {
            i += 1;
        }
        if i < b.len() && b[i] == b' ' {
            return (depth >= 2).then_some((depth, i + 1));
        }
        if i >= b.len() || !b[i].is_ascii_digit() {
            return None;
        }
    }
}

/// A page number, "Side 3", "3 af 20": page furniture.
fn is_page_number(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    let l = l.strip_prefix("side ").unwrap_or(&l);
    let mut parts = l.split(" af ");
    let a = parts.next().unwrap_or("");
    let b = parts.next();
    !a.is_empty()
        && a.len() <= 4
        && a.chars().all(|c| c.is_ascii_digit())
        && b.is_none_or(|b| b.chars().all(|c| c.is_ascii_digit()))
}

/// Lines repeated on many pages that are not content: a lower-case footer
/// ("jobcenter"), a page number.
fn furniture(lines: &[&str]) -> Vec<bool> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        let t = l.trim();
        if !t.is_empty() {
            *count.entry(t).or_default() += 1;
        }
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let t = l.trim();
            // A lone word after a blank line is a footer; after a line it may end a
            // word hyphenated there.
            let after_blank = i == 0 || lines[i - 1].trim().is_empty();
            !t.is_empty()
                && (is_page_number(t)
                    || (t.split_whitespace().count() <= 3
                        && t.starts_with(|c: char| c.is_lowercase())
                        && !t.ends_with(['.', ',', ':'])
                        && (count.get(t).copied().unwrap_or(0) >= 2
                            || (after_blank && t.split_whitespace().count() == 1))))
        })
        .collect()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', ':', '!', '?', ';', ')', '"', '”', '»'])
}

fn table_row(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if t.len() < 3 || !t.starts_with('|') || !t.ends_with('|') {
        return None;
    }
    let cells: Vec<String> = t[1..t.len() - 1]
        .split('|')
        .map(|c| c.trim().to_string())
        .collect();
    (cells.len() >= 2).then_some(cells)
}

fn is_table_rule(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Joins a continuation line onto a block, mending a word hyphenated at the line end
/// ("arbejds-\nmarkedet") but keeping a hyphen that stands for a shared word part
/// ("social- og sundhedsområdet").
fn join(into: &mut String, next: &str) {
    let keep_hyphen =
        next.starts_with("og ") || next.starts_with("eller ") || next.starts_with(',');
    if into.ends_with('-')
        && !into.ends_with(" -")
        && !keep_hyphen
        && next.starts_with(|c: char| c.is_lowercase())
    {
        into.pop();
        into.push_str(next);
    } else {
        if !into.is_empty() {
            into.push(' ');
        }
        into.push_str(next);
    }
}

/// The typical width of a full line: short lines end a paragraph.
fn line_width(lines: &[&str]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .filter(|&n| n >= 20)
        .collect();
    if lens.is_empty() {
        return 80;
    }
    lens.sort_unstable();
    lens[lens.len() * 3 / 4]
}

/// Reads text into blocks. `ocr` turns a lone `|` into the `I` OCR mistook it for.
pub fn blocks(text: &str, ocr: bool) -> Vec<Block> {
    let raw: Vec<&str> = text.lines().collect();
    let drop = furniture(&raw);
    let width = line_width(&raw);
    let mut out: Vec<Block> = Vec::new();
    let mut open = false; // whether the last block may take more lines
    let mut gap = 0;
    let mut prev_len = 0usize;
    for (i, line) in raw.iter().enumerate() {
        let no = i + 1;
        let mut t = line.trim().replace('\t', " ");
        if drop[i] {
            continue;
        }
        if t.is_empty() {
            gap += 1;
            open = false;
            continue;
        }
        if ocr {
            t = fix_bars(&t);
        }
        let start = |kind: Kind, text: String, out: &mut Vec<Block>, gap: usize| {
            out.push(Block {
                kind,
                text,
                line: no,
                gap,
                lines: 1,
            })
        };
        if let Some(rest) = t.strip_prefix('#') {
            let level = 1 + rest.chars().take_while(|&c| c == '#').count();
            let text = rest.trim_start_matches('#');
            if text.starts_with(' ') && level <= 6 {
                start(
                    Kind::Heading(level as u8),
                    text.trim().to_string(),
                    &mut out,
                    gap,
                );
                gap = 0;
                open = false;
                continue;
            }
        }
        if let Some(cells) = table_row(&t) {
            if is_table_rule(&cells) {
                continue;
            }
            if let Some(Block {
                kind: Kind::Table(rows),
                ..
            }) = out.last_mut()
                && gap == 0
            {
                rows.push(cells);
            } else {
                start(Kind::Table(vec![cells]), String::new(), &mut out, gap);
            }
            gap = 0;
            open = false;
            continue;
        }
        if let Some(n) = bullet_len(&t) {
            let text = t[n..].trim().trim_start_matches("✓ ").to_string();
            start(Kind::Item(None), text, &mut out, gap);
            gap = 0;
            open = true;
            prev_len = t.chars().count();
            continue;
        }
        if section_number(&t).is_none()
            && let Some((mark, n)) = number_mark(&t)
        {
            start(
                Kind::Item(Some(mark)),
                t[n..].trim().to_string(),
                &mut out,
                gap,
            );
            gap = 0;
            open = true;
            prev_len = t.chars().count();
            continue;
        }
        let chapter_line = {
            let l = t.to_lowercase();
            ["kapitel ", "kap. "].iter().any(|p| {
                l.strip_prefix(p)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
        };
        let continues = !chapter_line
            && match out.last() {
                Some(last) => {
                    let lower = t.starts_with(|c: char| c.is_lowercase());
                    let broken = !ends_sentence(&last.text);
                    let fits = matches!(last.kind, Kind::Para | Kind::Item(_));
                    // A line after a full-width line goes on the same paragraph; after a
                    // blank line or a short line only a sentence cut in two does (a page
                    // break, or a blank line the extraction put in).
                    fits && ((open
                        && (prev_len * 10 >= width * 6 || lower || last.text.ends_with('-')))
                        || (broken && lower && gap <= 2))
                }
                None => false,
            };
        if continues && let Some(last) = out.last_mut() {
            join(&mut last.text, &t);
            last.lines += 1;
        } else {
            start(Kind::Para, t.clone(), &mut out, gap);
        }
        gap = 0;
        open = true;
        prev_len = t.chars().count();
    }
    for b in out.iter_mut() {
        if b.kind == Kind::Para && looks_like_heading(&b.text, b.lines) {
            b.kind = Kind::Heading(0);
        }
    }
    // A numbered "item" alone and short ("1. Den tidlige indsats betyder") heads the
    // text under it rather than being a one-item list.
    for i in 0..out.len() {
        if let Kind::Item(Some(mark)) = &out[i].kind {
            let mark = mark.clone();
            let alone = !out.get(i.wrapping_sub(1)).is_some_and(|b| {
                matches!(b.kind, Kind::Item(Some(_))) && b.gap <= 1
                    || out[i].gap == 0 && matches!(b.kind, Kind::Item(_))
            }) && !out
                .get(i + 1)
                .is_some_and(|b| matches!(b.kind, Kind::Item(Some(_))));
            if alone && looks_like_heading(&out[i].text, 1) && out[i].lines == 1 {
                out[i].text = format!("{mark} {}", out[i].text);
                out[i].kind = Kind::Heading(0);
            }
        }
    }
    out
}

/// A short line standing alone, without a full stop, that starts like a title.
pub fn looks_like_heading(text: &str, lines: usize) -> bool {
    let words = text.split_whitespace().count();
    let t = text.trim();
    if lines > 1 || words == 0 || words > 14 || t.chars().count() > 110 {
        return false;
    }
    if t.ends_with(['.', ',', ';']) || !t.chars().any(char::is_alphabetic) {
        return false;
    }
    if t.ends_with(':') && words > 6 {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || first == '@'
        || first == '"'
        || first == '”')
    {
        return false;
    }
    // "Kilde: Jobindsats.dk", "Ungeledighed: I august …" are lines of text, not titles;
    // "Kapitel 2: …" and "Resultatmål 1: …" are.
    if let Some((head, _)) = t.trim_end_matches(':').split_once(':') {
        let numbered = head
            .split_whitespace()
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
        if !numbered {
            return false;
        }
    }
    true
}

/// OCR reads a capital I as `|`: "| 2020" is "I 2020", "e|" is a bullet before "I".
fn fix_bars(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '|' {
            let before = i == 0 || !chars[i - 1].is_alphanumeric();
            let after = chars.get(i + 1).is_some_and(|n| *n == ' ')
                && chars.get(i + 2).is_some_and(|n| n.is_alphanumeric());
            if before && after {
                out.push('I');
                continue;
            }
            if before && chars.get(i + 1).is_none() && i > 0 {
                // a trailing bar ends a sentence fragment: "… ansatte. |"
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_bullets_and_hyphens() {
        let b = blocks(
            "Overskrift her\n\n« Første punkt som er langt nok til at fylde en hel linje ud i bredden\nog fortsætter\n» Andet arbejds-\nmarkedet\n",
            true,
        );
        assert_eq!(b[0].kind, Kind::Heading(0));
        assert_eq!(b[1].kind, Kind::Item(None));
        assert!(b[1].text.ends_with("og fortsætter"), "{:?}", b[1]);
        assert_eq!(b[2].text, "Andet arbejdsmarkedet");
    }

    #[test]
    fn bars_become_i() {
        assert_eq!(fix_bars("| 2020 er der"), "I 2020 er der");
        assert_eq!(fix_bars("a | b"), "a I b");
    }

    #[test]
    fn section_numbers() {
        assert_eq!(section_number("1.1 Mål"), Some((2, 4)));
        assert_eq!(section_number("1. Mål"), None);
        assert_eq!(section_number("3.2.1 Mål"), Some((3, 6)));
    }
}
