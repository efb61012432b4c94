//! Blocks to chapters: where the document's top-level headings are, what the chapters
//! are called, which headings inside them are `##` and `###`, and the table of contents
//! dropped.
//!
//! The top level is found in the first of these the document has: its own heading
//! markup (Word styles, PDF font sizes, Markdown `#`), its table of contents, "Kapitel
//! N"/"Kap. N" lines, or headings after a wide gap (a new page in OCR'd text). Uses only
//! `text.rs`'s blocks.

use super::text::{Block, Kind, looks_like_heading, section_number};

#[derive(Clone, Debug)]
pub struct Chapter {
    /// The chapter's title, numbering and "Kapitel N" taken off.
    pub title: String,
    /// The heading as the document has it.
    pub source_title: String,
    pub line: usize,
    /// The chapter's text; headings in it have level 2 or 3.
    pub body: Vec<Block>,
}

#[derive(Debug, Default)]
pub struct Document {
    pub chapters: Vec<Chapter>,
    /// Text before the first chapter (a title page), for the municipality's name.
    pub front: Vec<String>,
    /// How the chapters were found, for the report.
    pub method: &'static str,
    pub toc_entries: usize,
}

/// "Kapitel 1.", "Kap. 2", "Kapitel 4. -": the chapter marker's length.
fn chapter_prefix(t: &str) -> Option<usize> {
    let lower = t.to_lowercase();
    let rest = ["kapitel ", "kap. ", "kap "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let rest = rest.trim_start();
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    let after = rest[digits..].trim_start_matches(['.', ':', ' ', '-', '–', '—']);
    Some(t.len() - after.len())
}

/// The chapter title without its numbering: "3.1 Værdighed i indsatsen" → "Værdighed i
/// indsatsen", "Kapitel 2: Beskæftigelsesministerens mål" → "Beskæftigelsesministerens mål".
pub fn clean_title(t: &str) -> String {
    let t = t.trim();
    let mut s = match chapter_prefix(t) {
        Some(n) => &t[n..],
        None => t,
    };
    if let Some((_, n)) = section_number(s) {
        s = &s[n..];
    } else {
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits <= 2 && s[digits..].starts_with(['.', ')']) {
            s = s[digits + 1..].trim_start();
        }
    }
    // "Resultatmål 1: Virksomhederne skal …" is called by what follows the label.
    if let Some((head, tail)) = s.split_once(':') {
        let numbered = head.split_whitespace().count() <= 2
            && head
                .split_whitespace()
                .last()
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
        if numbered && !tail.trim().is_empty() {
            s = tail;
        }
    }
    s.trim()
        .trim_end_matches(':')
        .trim_end_matches('.')
        .trim()
        .to_string()
}

/// A table-of-contents line: "3.1 Værdighed i indsatsen.....  6", "1. Indledning 1".
fn toc_entry(t: &str) -> Option<String> {
    let t = t.trim();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == t.len() || body.len() < 3 {
        return None;
    }
    let body = body.trim_end().trim_end_matches(['.', '…', ' ']);
    if body.is_empty() || !body.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(body.to_string())
}

fn norm(t: &str) -> String {
    t.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Finds the table of contents: returns its block range and its entries.
fn find_toc(blocks: &[Block]) -> Option<(usize, usize, Vec<String>)> {
    let head = blocks.iter().position(|b| {
        let l = b.text.trim().trim_end_matches(':').to_lowercase();
        l == "indholdsfortegnelse" || l == "indhold"
    });
    let start = head.map(|h| h + 1).unwrap_or(0);
    let mut i = start;
    let mut entries = Vec::new();
    // Without a heading, a run of at least three numbered lines ending in page numbers.
    let first =
        (start..blocks.len().min(start + 200)).find(|&j| toc_entry(&blocks[j].text).is_some())?;
    if head.is_some() && first > start + 2 {
        return None;
    }
    i = i.max(first);
    while i < blocks.len() {
        let b = &blocks[i];
        let entry = toc_entry(&b.text);
        match entry {
            Some(e) if matches!(b.kind, Kind::Item(_) | Kind::Para | Kind::Heading(_)) => {
                let full = match &b.kind {
                    Kind::Item(Some(mark)) => format!("{mark} {e}"),
                    _ => e,
                };
                entries.push(full);
                i += 1;
            }
            _ => break,
        }
    }
    if entries.len() < 3 && head.is_none() {
        return None;
    }
    if entries.is_empty() {
        return None;
    }
    Some((head.unwrap_or(first), i, entries))
}

fn block_line_text(b: &Block) -> String {
    match &b.kind {
        Kind::Item(Some(mark)) => format!("{mark} {}", b.text),
        _ => b.text.clone(),
    }
}

/// Splits the blocks into chapters.
pub fn chapters(mut blocks: Vec<Block>) -> Document {
    let mut doc = Document::default();
    // 1. The table of contents: its entries name the chapters, and it is dropped.
    let mut toc: Vec<String> = Vec::new();
    if let Some((from, to, entries)) = find_toc(&blocks) {
        doc.toc_entries = entries.len();
        toc = entries;
        blocks.drain(from..to);
    }
    let markup_levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Heading(n) if n > 0 => Some(n),
            _ => None,
        })
        .collect();
    let mut starts: Vec<usize> = Vec::new();
    if let Some(&top) = markup_levels.iter().min() {
        let mut top = top;
        let count_top = markup_levels.iter().filter(|&&n| n == top).count();
        if count_top == 1 && markup_levels.iter().any(|&n| n > top) {
            // One heading above all others is the document's title.
            top = *markup_levels
                .iter()
                .filter(|&&n| n > top)
                .min()
                .unwrap_or(&top);
        }
        starts = (0..blocks.len())
            .filter(|&i| blocks[i].kind == Kind::Heading(top))
            .collect();
        doc.method = "dokumentets overskrifter";
        for b in blocks.iter_mut() {
            if let Kind::Heading(n) = b.kind {
                b.kind = Kind::Heading(if n <= top { 1 } else { (n - top + 1).min(3) });
            }
        }
    }
    if starts.is_empty() && !toc.is_empty() {
        let wanted: Vec<String> = toc.iter().map(|e| norm(e)).collect();
        let mut next = 0;
        for (i, b) in blocks.iter().enumerate() {
            if next < wanted.len() && norm(&block_line_text(b)) == wanted[next] {
                starts.push(i);
                next += 1;
            } else if let Some(k) = wanted[next.min(wanted.len())..]
                .iter()
                .position(|w| *w == norm(&block_line_text(b)))
            {
                // An entry whose heading reads differently in the text is skipped.
                starts.push(i);
                next += k + 1;
            }
        }
        doc.method = "indholdsfortegnelsen";
    }
    if starts.is_empty() {
        starts = (0..blocks.len())
            .filter(|&i| {
                chapter_prefix(&blocks[i].text).is_some()
                    && blocks[i].text.split_whitespace().count() <= 16
            })
            .collect();
        doc.method = "\"Kapitel\"-linjer";
    }
    if starts.is_empty() {
        starts = (0..blocks.len())
            .filter(|&i| {
                let b = &blocks[i];
                (i == 0 || b.gap >= 3)
                    && (b.kind == Kind::Heading(0)
                        || (b.text.split_whitespace().count() <= 25
                            && looks_like_heading(&clean_title(&b.text), 1)))
            })
            .collect();
        doc.method = "overskrifter efter sideskift";
    }
    if starts.is_empty() {
        starts.push(0);
        doc.method = "ét kapitel (ingen overskrifter fundet)";
    }
    // Text before the first chapter: a chapter of its own when it opens with a heading
    // and holds prose ("Indledning" before "Kap. 1"), else a title page.
    let first = starts[0];
    if first > 0 {
        let before = &blocks[..first];
        let prose = before
            .iter()
            .any(|b| b.text.split_whitespace().count() >= 12);
        if prose && matches!(before[0].kind, Kind::Heading(_)) {
            starts.insert(0, 0);
        } else {
            doc.front = before.iter().map(|b| b.text.clone()).collect();
        }
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(blocks.len());
        let head = &blocks[s];
        let is_heading = matches!(head.kind, Kind::Heading(_))
            || chapter_prefix(&head.text).is_some()
            || k > 0
            || doc.method != "ét kapitel (ingen overskrifter fundet)";
        let (title, body_from) = if is_heading {
            (clean_title(&block_line_text(head)), s + 1)
        } else {
            ("Planen".to_string(), s)
        };
        let mut body: Vec<Block> = blocks[body_from..end].to_vec();
        for b in body.iter_mut() {
            if let Kind::Heading(n) = b.kind {
                let depth = section_number(&b.text).map(|d| d.0).unwrap_or(0);
                b.kind = Kind::Heading(match n {
                    0 if depth >= 3 => 3,
                    0 => 2,
                    n => (n + 1).clamp(2, 3),
                });
            }
        }
        doc.chapters.push(Chapter {
            title: if title.is_empty() {
                "Kapitel".to_string()
            } else {
                title
            },
            source_title: block_line_text(head),
            line: head.line,
            body,
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_their_numbering() {
        assert_eq!(
            clean_title("Kapitel 1. Baggrund for planen"),
            "Baggrund for planen"
        );
        assert_eq!(clean_title("Kapitel 4. - Budget"), "Budget");
        assert_eq!(clean_title("Kap. 2 De udfordringer"), "De udfordringer");
        assert_eq!(
            clean_title("3.1 Værdighed i indsatsen"),
            "Værdighed i indsatsen"
        );
        assert_eq!(clean_title("1. Indledning"), "Indledning");
        assert_eq!(
            clean_title("Resultatmål 3: Antallet af langtidsledige skal nedbringes"),
            "Antallet af langtidsledige skal nedbringes"
        );
    }

    #[test]
    fn toc_lines() {
        assert_eq!(
            toc_entry("3.1 Værdighed i indsatsen.....\t6").as_deref(),
            Some("3.1 Værdighed i indsatsen")
        );
        assert_eq!(toc_entry("Indledning 1").as_deref(), Some("Indledning"));
        assert_eq!(toc_entry("I 2020"), None);
    }
}
