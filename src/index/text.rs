//! Plain text from the HTML that Markdown rendered: what the search index reads.

/// The text of an HTML fragment: tags dropped (block tags become spaces), comments,
/// scripts and styles skipped, entities decoded, whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&rest[..lt], &mut out);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone `<` (escaped text never has one, raw HTML might): keep it as text.
            push_text(rest, &mut out);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[gt + 1..];
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
            rest = find_ci(rest, &close).map_or("", |i| {
                let after = &rest[i..];
                after.find('>').map_or("", |g| &after[g + 1..])
            });
            continue;
        }
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    push_text(rest, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags that do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&needle.to_ascii_lowercase())
}

fn push_text(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// The HTML of the section that starts at the heading with `id`, up to the next heading
/// of the same or a higher level; `None` when no heading has that id.
pub fn section<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let needle = format!(" id=\"{id}\"");
    let mut from = 0;
    while let Some(i) = html[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        // The tag this attribute belongs to must be a heading: `<hN id="…"`.
        let start = html[..at].rfind('<')?;
        let tag = &html[start + 1..at];
        let level = match tag.as_bytes() {
            [b'h', l @ b'1'..=b'6'] => l - b'0',
            _ => continue,
        };
        let body = &html[start..];
        let mut end = body.len();
        let mut search = 1;
        while let Some(j) = body[search..].find("<h") {
            let k = search + j;
            let bytes = body.as_bytes();
            if let Some(&l @ b'1'..=b'6') = bytes.get(k + 2)
                && matches!(bytes.get(k + 3), Some(b' ' | b'>'))
                && l - b'0' <= level
            {
                end = k;
                break;
            }
            search = k + 2;
        }
        return Some(&body[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        assert_eq!(
            html_to_text(
                "<p>A &amp; B</p><p>C<em>d</em>&#248;&#xE6;</p><!-- x --><script>y</script>z &foo"
            ),
            "A & B Cdøæ z &foo"
        );
    }

    #[test]
    fn sections_end_at_the_next_heading_of_their_level() {
        let html =
            "<h2 id=\"a\">A</h2><p>a</p><h3 id=\"b\">B</h3><p>b</p><h2 id=\"c\">C</h2><p>c</p>";
        assert_eq!(html_to_text(section(html, "a").unwrap()), "A a B b");
        assert_eq!(html_to_text(section(html, "b").unwrap()), "B b");
        assert_eq!(html_to_text(section(html, "c").unwrap()), "C c");
        assert!(section(html, "d").is_none());
    }
}
