//! HTML from plain text: escaping, and the short Markdown of front matter texts.

/// Escapes text for HTML, in element content and in quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown for short front matter texts (a plan's summary): no raw HTML, no headings' ids.
pub fn inline_markdown(text: &str) -> String {
    let mut options = comrak::Options::default();
    options.render.escape = true;
    options.extension.autolink = true;
    comrak::markdown_to_html(text, &options)
}
