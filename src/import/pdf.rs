//! PDF with a text layer to the Markdown-like text `text.rs` reads: lines from the
//! text operators, headings from font size (larger than the body text: `#`, `##`, …),
//! paragraphs from vertical gaps, and page furniture (running headers and footers,
//! page numbers) removed.
//!
//! Owns reading with `lopdf`. A PDF without a text layer (a scan) is recognised; then
//! Tesseract with Danish data is run when installed (`pdftoppm` + `tesseract -l dan`),
//! and otherwise the message says how to install it. An encrypted or malformed PDF
//! gets a Danish message, never a panic.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use lopdf::{Document, Encoding, Object};

/// What reading a PDF gave.
pub enum Pdf {
    /// Text with its structure, from the text layer.
    Text(String),
    /// Text Tesseract read from the page images.
    Ocr(String),
}

#[derive(Clone, Debug)]
struct Line {
    y: f32,
    size: f32,
    text: String,
}

pub fn read(bytes: &[u8], path: &Path) -> Result<Pdf, String> {
    let doc = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Document::load_mem(bytes)
    })) {
        Ok(Ok(d)) => d,
        Ok(Err(e)) => {
            let msg = e.to_string();
            let l = msg.to_lowercase();
            if l.contains("crypt") || l.contains("password") {
                return Err(encrypted());
            }
            return Err(format!(
                "PDF-filen er ødelagt eller afkortet og kan ikke læses ({msg})"
            ));
        }
        Err(_) => return Err("PDF-filen er ødelagt og kan ikke læses".into()),
    };
    if doc.is_encrypted() {
        return Err(encrypted());
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("PDF-filen har ingen sider".into());
    }
    let mut all: Vec<Vec<Line>> = Vec::new();
    for (_, id) in pages.iter() {
        let lines =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| page_lines(&doc, *id)))
                .unwrap_or_default();
        all.push(lines);
    }
    let chars: usize = all
        .iter()
        .flatten()
        .map(|l| l.text.trim().chars().count())
        .sum();
    if chars < 20 * all.len() {
        return ocr(path, all.len()).map(Pdf::Ocr);
    }
    Ok(Pdf::Text(layout(all)))
}

fn encrypted() -> String {
    "PDF-filen er krypteret (beskyttet med adgangskode), så teksten kan ikke læses; \
     gem en udgave uden adgangskode (i Acrobat: Filer → Egenskaber → Sikkerhed → Ingen sikkerhed) og importér den"
        .into()
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The text lines of one page, top to bottom, each with its font size.
fn page_lines(doc: &Document, page: lopdf::ObjectId) -> Vec<Line> {
    let fonts = doc.get_page_fonts(page).unwrap_or_default();
    let encodings: BTreeMap<Vec<u8>, Encoding> = fonts
        .into_iter()
        .filter_map(|(name, font)| font.get_font_encoding(doc).ok().map(|e| (name, e)))
        .collect();
    let Ok(data) = doc.get_page_content(page) else {
        return Vec::new();
    };
    let Ok(content) = lopdf::content::Content::decode(&data) else {
        return Vec::new();
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut enc: Option<&Encoding> = None;
    let (mut size, mut scale, mut y, mut leading) = (12.0f32, 1.0f32, 0.0f32, 0.0f32);
    let push = |y: f32, size: f32, s: &str, lines: &mut Vec<Line>| {
        if s.is_empty() {
            return;
        }
        match lines.last_mut() {
            Some(l) if (l.y - y).abs() < 1.0 => {
                if !l.text.ends_with(' ') && !s.starts_with(' ') {
                    l.text.push(' ');
                }
                l.text.push_str(s);
            }
            _ => lines.push(Line {
                y,
                size,
                text: s.to_string(),
            }),
        }
    };
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "Tf" => {
                enc = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| encodings.get(n));
                size = o.get(1).and_then(num).unwrap_or(size);
            }
            "Tm" => {
                scale = o.get(3).and_then(num).unwrap_or(1.0).abs().max(0.01);
                y = o.get(5).and_then(num).unwrap_or(y);
            }
            "Td" => y += o.get(1).and_then(num).unwrap_or(0.0) * scale,
            "TD" => {
                let ty = o.get(1).and_then(num).unwrap_or(0.0);
                leading = -ty;
                y += ty * scale;
            }
            "TL" => leading = o.first().and_then(num).unwrap_or(leading),
            "T*" => y -= leading * scale,
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    y -= leading * scale;
                }
                let mut s = String::new();
                for operand in o {
                    collect(enc, operand, &mut s);
                }
                push(y, size * scale, &s, &mut lines);
            }
            _ => {}
        }
    }
    lines.sort_by(|a, b| b.y.partial_cmp(&a.y).unwrap_or(std::cmp::Ordering::Equal));
    lines
}

fn collect(enc: Option<&Encoding>, o: &Object, out: &mut String) {
    match o {
        Object::String(bytes, _) => {
            let text = match enc {
                Some(e) => Document::decode_text(e, bytes).unwrap_or_default(),
                None => bytes.iter().map(|&b| b as char).collect(),
            };
            out.push_str(&text);
        }
        Object::Array(items) => {
            for i in items {
                match i {
                    // A wide negative kern is a space the PDF did not write as one.
                    Object::Integer(_) | Object::Real(_) if num(i).unwrap_or(0.0) < -200.0 => {
                        if !out.ends_with(' ') {
                            out.push(' ');
                        }
                    }
                    _ => collect(enc, i, out),
                }
            }
        }
        _ => {}
    }
}

/// A line with its digits masked, to find the same running footer on every page.
fn shape(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Pages of lines into text: furniture removed, headings marked by size, paragraphs
/// by gaps.
fn layout(mut pages: Vec<Vec<Line>>) -> String {
    let n = pages.len();
    // Page furniture: the first or last two lines of a page whose shape recurs on at
    // least half the pages, or that are a bare page number.
    let mut edge_count: HashMap<String, usize> = HashMap::new();
    for p in &pages {
        let mut seen = std::collections::HashSet::new();
        for l in p.iter().take(2).chain(p.iter().rev().take(2)) {
            let s = shape(l.text.trim());
            if seen.insert(s.clone()) {
                *edge_count.entry(s).or_default() += 1;
            }
        }
    }
    for p in pages.iter_mut() {
        let len = p.len();
        let keep: Vec<bool> = p
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let edge = i < 2 || i + 2 >= len;
                let t = l.text.trim();
                let s = shape(t);
                let page_no = t
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ' ' || c == '/')
                    || t.to_lowercase().starts_with("side ") && t.len() < 16;
                !(edge
                    && (page_no || (n >= 3 && edge_count.get(&s).copied().unwrap_or(0) * 2 >= n)))
            })
            .collect();
        let mut i = 0;
        p.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    // The body size is the one most characters have.
    let mut by_size: HashMap<i32, usize> = HashMap::new();
    for l in pages.iter().flatten() {
        *by_size.entry((l.size * 2.0).round() as i32).or_default() += l.text.len();
    }
    let body = by_size
        .iter()
        .max_by_key(|(s, c)| (**c, -**s))
        .map(|(s, _)| *s)
        .unwrap_or(24);
    let mut heads: Vec<i32> = by_size
        .keys()
        .copied()
        .filter(|&s| s as f32 > body as f32 * 1.1)
        .collect();
    heads.sort_unstable_by(|a, b| b.cmp(a));
    heads.truncate(3);
    let level = |size: f32| -> Option<usize> {
        let k = (size * 2.0).round() as i32;
        heads.iter().position(|&h| h == k).map(|i| i + 1)
    };
    let mut out = String::new();
    for p in &pages {
        // The usual distance between lines of a paragraph on this page.
        let mut gaps: Vec<f32> = p
            .windows(2)
            .map(|w| w[0].y - w[1].y)
            .filter(|g| *g > 0.0)
            .collect();
        gaps.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let usual = gaps.get(gaps.len() / 3).copied().unwrap_or(14.0);
        let mut prev: Option<&Line> = None;
        for l in p {
            let t = l.text.trim();
            if t.is_empty() {
                continue;
            }
            let lv = level(l.size);
            let gap = prev.map(|q| q.y - l.y).unwrap_or(f32::MAX);
            let same_heading =
                prev.is_some_and(|q| level(q.size) == lv && lv.is_some() && gap < usual * 1.6);
            if let Some(lv) = lv {
                if same_heading {
                    out.pop();
                    out.push(' ');
                    out.push_str(t);
                    out.push('\n');
                } else {
                    out.push('\n');
                    out.push_str(&"#".repeat(lv));
                    out.push(' ');
                    out.push_str(t);
                    out.push_str("\n\n");
                }
            } else {
                if gap > usual * 1.5 && prev.is_some() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(t);
                out.push('\n');
            }
            prev = Some(l);
        }
        // A page break ends no paragraph by itself; text.rs joins a sentence cut by it.
        out.push('\n');
    }
    out
}

fn have(cmd: &str, arg: &str) -> Option<String> {
    let o = Command::new(cmd).arg(arg).output().ok()?;
    Some(format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    ))
}

const INSTALL: &str = "installér Tesseract med dansk og Poppler: `sudo apt install tesseract-ocr tesseract-ocr-dan poppler-utils`, og importér igen; \
                       eller kør selv OCR og importér den tekst, det giver (.txt)";

/// Runs `pdftoppm` and `tesseract -l dan` on a scanned PDF.
fn ocr(path: &Path, pages: usize) -> Result<String, String> {
    let scanned =
        format!("PDF-filen har intet tekstlag ({pages} sider, der er billeder: en scanning)");
    let langs = have("tesseract", "--list-langs");
    if !langs
        .as_deref()
        .is_some_and(|l| l.lines().any(|x| x.trim() == "dan"))
        || have("pdftoppm", "-v").is_none()
    {
        return Err(format!("{scanned}; {INSTALL}"));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| format!("{scanned}; kunne ikke lave en midlertidig mappe: {e}"))?;
    let prefix = dir.path().join("side");
    let ok = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(path)
        .arg(&prefix)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return Err(format!(
            "{scanned}; pdftoppm kunne ikke lave billeder af siderne"
        ));
    }
    let mut images: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    images.sort();
    let mut text = String::new();
    for img in images {
        let o = Command::new("tesseract")
            .arg(&img)
            .arg("-")
            .args(["-l", "dan"])
            .output()
            .map_err(|e| format!("{scanned}; tesseract kunne ikke køre: {e}"))?;
        text.push_str(&String::from_utf8_lossy(&o.stdout));
        text.push('\n');
    }
    Ok(text)
}
