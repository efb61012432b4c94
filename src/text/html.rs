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

/// Elements that have no end tag, so they never nest.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The deepest nesting of elements in HTML, in one linear pass over the tags: an
/// estimate made for limits (unclosed `<p>` and `<li>` count as open), never below the
/// true depth of well-formed HTML.
pub fn html_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        i += at + 1;
        match bytes.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b) if b.is_ascii_alphabetic() => {
                let name_end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |n| i + n);
                let name = &bytes[i..name_end];
                let tag_end =
                    memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |n| name_end + n);
                let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
                let void = VOID.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(name));
                if !self_closing && !void {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                i = tag_end.min(bytes.len());
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_depth_counts_nesting() {
        assert_eq!(html_depth("<p>a<br>b<img src=x/></p>".as_bytes()), 1);
        assert_eq!(
            html_depth("<div><ul><li>x</li></ul></div><p>y</p>".as_bytes()),
            3
        );
        assert_eq!(html_depth("<blockquote>".repeat(5000).as_bytes()), 5000);
        assert_eq!(html_depth("a &lt;div&gt; <!-- x --> b".as_bytes()), 0);
        // Void elements in any case never nest.
        assert_eq!(html_depth("<P>a<BR>b<Img src=x><hr/></P>".as_bytes()), 1);
    }
}
