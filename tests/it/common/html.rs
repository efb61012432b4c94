//! A small HTML tag scanner for escaping checks: it lists every tag and attribute a
//! browser would see, without a full parser, so tests can say "no tag or attribute
//! came from content".
//!
//! It reads minified output (unquoted attribute values) and skips comments and the text
//! of `<script>`, `<style>`, `<title>` and `<textarea>`, where `<` starts no tag.

/// One start tag: its lower-case name and its attributes (name, value).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<`.
    pub at: usize,
}

/// Every start tag in `html`, in order.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let at = i + off;
        let rest = &html[at + 1..];
        if rest.starts_with("!--") {
            i = match rest.find("-->") {
                Some(e) => at + 1 + e + 3,
                None => html.len(),
            };
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('/') || rest.starts_with('?') {
            i = at + 1;
            continue;
        }
        let name_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
            .count();
        if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            // Not a tag: a browser shows a lone `<` as text.
            i = at + 1;
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let mut j = at + 1 + name_len;
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>') {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vstart = j + 1;
                    j = vstart;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[vstart..j.min(b.len())].to_string();
                    j += 1;
                } else {
                    let vstart = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[vstart..j].to_string();
                }
            }
            attrs.push((attr, decode(&value)));
        }
        // Raw text and RCDATA: nothing inside is a tag until the matching end tag.
        let raw_text = matches!(name.as_str(), "script" | "style" | "title" | "textarea");
        let close = format!("</{name}");
        out.push(Tag { name, attrs, at });
        i = j.min(html.len());
        if raw_text {
            i = match html[i..].to_ascii_lowercase().find(&close) {
                Some(e) => i + e,
                None => html.len(),
            };
        }
    }
    out
}

/// Decodes the entities that matter for URL checks (`&#106;avascript:`).
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[..e];
            match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL would run script when followed.
pub fn is_script_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || squeezed.starts_with("data:text/html")
}

/// Attributes that take a URL.
pub const URL_ATTRS: [&str; 6] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
];

/// Every problem a browser could run: event-handler attributes, script URLs, and tags
/// or attributes whose names the caller marks as injected.
pub fn injections(html: &str, injected_names: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        if injected_names.contains(&tag.name.as_str()) {
            found.push(format!("an injected <{}> at byte {}", tag.name, tag.at));
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                found.push(format!(
                    "an event handler {name}= on <{}> at byte {}",
                    tag.name, tag.at
                ));
            }
            if injected_names.contains(&name.as_str()) {
                found.push(format!(
                    "an injected attribute {name} on <{}> at byte {}",
                    tag.name, tag.at
                ));
            }
            if URL_ATTRS.contains(&name.as_str()) && is_script_url(value) {
                found.push(format!(
                    "a script URL {name}={value:?} on <{}> at byte {}",
                    tag.name, tag.at
                ));
            }
        }
    }
    found
}
