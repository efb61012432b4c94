//! Script in files that are copied as they are: an `.html` or `.svg` in `content/` or
//! `static/` is opened by the browser as a page of the portal's own origin, so a
//! `<script>`, an `onload=` or a `javascript:` link in it runs there, though raw HTML
//! in Markdown is off. With `allow_html = false` such a file is an error naming it;
//! `[markdown] allow_html = true` is how a site opts in to publishing them.
//!
//! The scan is deliberately broad (a false alarm costs an author a look; a miss is
//! script on a public site), and uses nothing but the bytes.

use crate::diagnostics::Diagnostic;

/// The file kinds a browser renders as a document that can run script.
const ACTIVE: [&str; 5] = ["html", "htm", "xhtml", "svg", "xml"];

/// Whether a file is of a kind that can carry script, by its extension.
pub fn can_run_script(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ACTIVE.contains(&ext.to_ascii_lowercase().as_str()))
}

/// What in the text would run as script, if anything: the first one found.
pub fn script_in(bytes: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    // Entities and whitespace can hide a scheme (`java&#115;cript:`, `java\tscript:`);
    // they are removed before looking for one.
    let squeezed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    for (needle, what) in [
        ("<script", "et <script>-element"),
        ("<iframe", "et <iframe>-element"),
        ("<object", "et <object>-element"),
        ("<embed", "et <embed>-element"),
        ("<foreignobject", "et <foreignObject>-element"),
        ("<handler", "et <handler>-element"),
    ] {
        if text.contains(needle) {
            return Some(what);
        }
    }
    for scheme in ["javascript:", "vbscript:", "data:text/html"] {
        if squeezed.contains(scheme) {
            return Some("et javascript:-link");
        }
    }
    if squeezed.contains("&#") && (squeezed.contains("href=") || squeezed.contains("src=")) {
        return Some("et link skrevet med tegnkoder (&#…;), som kan skjule javascript:");
    }
    if has_event_handler(&text) {
        return Some("en on…=-attribut (som onload eller onclick)");
    }
    None
}

/// An `on…=` attribute inside a tag: `on` after whitespace, `/`, `"` or `'`, letters,
/// optional whitespace, then `=`.
fn has_event_handler(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut in_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && bytes.get(i + 1) == Some(&b'n')
                && i > 0
                && matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\''
                ) =>
            {
                let mut j = i + 2;
                while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
                    j += 1;
                }
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j > i + 2 && bytes.get(j) == Some(&b'=') {
                    return true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The error for a file that carries script.
pub fn diagnostic(shown: &str, what: &str) -> Diagnostic {
    Diagnostic::error(format!("{shown} indeholder script: {what}"))
        .with_note("filen udgives, som den er, og scriptet ville køre på portalens adresse, når den åbnes")
        .with_help("fjern scriptet fra filen, eller slå det til med `allow_html = true` under [markdown] i config.toml, hvis sitet stoler på filen")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_is_found_and_plain_files_pass() {
        assert!(script_in(b"<svg onload=\"alert(1)\"></svg>").is_some());
        assert!(script_in(b"<svg><a href=\"JaVa\tScRiPt:alert(1)\">x</a></svg>").is_some());
        assert!(script_in(b"<html><SCRIPT>x</SCRIPT></html>").is_some());
        assert!(script_in(b"<svg/onload=alert(1)>").is_some());
        assert!(script_in(b"<svg><circle r=\"4\"/><text>online</text></svg>").is_none());
        assert!(script_in(b"<p>Vi tager on = ansvar</p>").is_none());
        assert!(can_run_script("kort.SVG"));
        assert!(!can_run_script("plan.pdf"));
    }
}
