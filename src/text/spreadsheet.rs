//! Reading what staff save from a spreadsheet: a CSV file's text however Danish Excel
//! encoded it, its separator, where each cell of a row is (for diagnostics), and numbers
//! written the Danish way (`1,8`, `1.500`, `-3,2`).
//!
//! Shared by the results files (`link/results.rs`) and the data of chart shortcodes
//! (`load/figures.rs`), so both read a spreadsheet by the same rules. Uses nothing of
//! the crate.

use std::ops::Range;

/// The text of a CSV file. Danish Excel saves "CSV (semikolonsepareret)" in
/// Windows-1252, so bytes that are not UTF-8 are read as that; a byte order mark is
/// dropped.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    match b {
        0x80 => '€',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        _ => char::from(b),
    }
}

/// The separator of a CSV file, read from its first line: Danish Excel writes `;`
/// (and then a decimal comma), other programs `,`.
pub fn delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.contains(';') { b';' } else { b',' }
}

/// A reader of a CSV file's rows, the header among them, each as long as it is written;
/// and whether its numbers have a decimal comma (a `;` file, as Danish Excel writes it).
pub fn rows(text: &str) -> (csv::Reader<&[u8]>, bool) {
    let delimiter = delimiter(text);
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    (reader, delimiter == b';')
}

/// Where the line that holds `from` ends.
pub fn line_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| from + i)
}

/// Byte ranges of the cells of the row that starts at `start`, quotes included.
pub fn cell_spans(text: &str, start: usize, delimiter: u8) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start.min(bytes.len());
    let mut cell_start = i;
    let mut quoted = false;
    while i < bytes.len() {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' {
            quoted = true;
        } else if b == delimiter {
            spans.push(cell_start..i);
            cell_start = i + 1;
        } else if b == b'\n' || b == b'\r' {
            break;
        }
        i += 1;
    }
    spans.push(cell_start..i);
    spans
}

/// A number written with digits, signs, dots, commas and spaces only, the Danish way:
/// a comma is the decimal mark (dots then group thousands); with `decimal_comma` (a
/// semicolon file) dots between groups of three digits group thousands too (`1.500`).
/// `None` when it is not a finite number.
pub fn number(written: &str, decimal_comma: bool) -> Option<f64> {
    let digits: String = written.chars().filter(|c| *c != ' ').collect();
    if !digits.chars().any(|c| c.is_ascii_digit())
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
    {
        return None;
    }
    let plain = if digits.contains(',') {
        digits.replace('.', "").replace(',', ".")
    } else if decimal_comma && is_grouped(&digits) {
        digits.replace('.', "")
    } else {
        digits
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `1.500` and `12.345.678`: dots between groups of three digits.
fn is_grouped(s: &str) -> bool {
    let s = s.trim_start_matches(['-', '+']);
    let mut parts = s.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty() && (1..=3).contains(&first.len()) && rest.iter().all(|p| p.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_numbers() {
        assert_eq!(number("1,8", true), Some(1.8));
        assert_eq!(number("1.500", true), Some(1500.0));
        assert_eq!(number("1.5", false), Some(1.5));
        assert_eq!(number("1.234,5", true), Some(1234.5));
        assert_eq!(number("-3,2", true), Some(-3.2));
        assert_eq!(number("12 345", true), Some(12345.0));
        assert_eq!(number("", true), None);
        assert_eq!(number("ca. 5", true), None);
        assert_eq!(number("1,2,3", true), None);
    }

    #[test]
    fn cells_are_found_in_their_row() {
        let text = "a;b;c\nx;\"y;z\";w\n";
        assert_eq!(cell_spans(text, 6, b';'), vec![6..7, 8..13, 14..15]);
        assert_eq!(cell_spans(text, 0, b';'), vec![0..1, 2..3, 4..5]);
        assert_eq!(delimiter(text), b';');
    }

    #[test]
    fn excel_text_is_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b"), "a;b");
        assert_eq!(decode(b"\xe5r"), "år");
    }
}
