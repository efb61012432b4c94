//! Plain text from the HTML that Markdown rendered: what the search index reads.

use std::borrow::Cow;

/// What a byte is to [`html_to_text`] and [`Collapsed::push`], which read every byte of
/// the site's text once.
const PLAIN: u8 = 0;
/// ASCII whitespace other than the space.
const WHITE: u8 = 1;
const SPACE: u8 = 2;
/// A lead byte of non-ASCII whitespace (U+0085, U+00A0, U+1680, U+2000–U+205F,
/// U+3000) and of other characters: decoded to tell.
const LEAD: u8 = 3;
const AMP: u8 = 4;
const LT: u8 = 5;

const CLASS: [u8; 256] = {
    let mut class = [PLAIN; 256];
    class[b'\t' as usize] = WHITE;
    class[b'\n' as usize] = WHITE;
    class[0x0B] = WHITE;
    class[0x0C] = WHITE;
    class[b'\r' as usize] = WHITE;
    class[b' ' as usize] = SPACE;
    class[0xC2] = LEAD;
    class[0xE1] = LEAD;
    class[0xE2] = LEAD;
    class[0xE3] = LEAD;
    class[b'&' as usize] = AMP;
    class[b'<' as usize] = LT;
    class
};

/// Where the first byte from `i` that is not [`PLAIN`] is, or the end.
#[inline(always)]
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && CLASS[bytes[i] as usize] == PLAIN {
        i += 1;
    }
    i
}

/// The width of the whitespace character at byte `i` (a [`LEAD`] byte), or 0.
#[inline]
fn unicode_whitespace(text: &str, i: usize) -> usize {
    match text[i..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

/// The text of an HTML fragment: tags dropped (block tags become spaces), comments,
/// scripts, styles and elements marked `data-noindex` skipped, entities decoded, whitespace collapsed (every run of
/// whitespace one space, none at either end).
pub fn html_to_text(html: &str) -> String {
    convert(html, &[], &mut [])
}

/// [`html_to_text`], noting where in the text each tag at `marks` (sorted byte offsets
/// of `<`) starts: `at[n]` is none for a mark that is not read as a tag (inside a
/// comment, a script or another tag).
fn convert(html: &str, marks: &[usize], at: &mut [Option<usize>]) -> String {
    let mut out = Collapsed::with_capacity(html.len());
    let mut next_mark = 0;
    let bytes = html.as_bytes();
    // Text from `run` to `i` is still to be appended.
    let mut run = 0;
    let mut lone = false;
    let mut i = 0;
    while i < bytes.len() {
        // Plain bytes, most of the text, in a loop of their own.
        i = skip_plain(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        match CLASS[b as usize] {
            PLAIN => i += 1,
            SPACE if out.single_space(html, run, i) => i += 1,
            SPACE | WHITE => {
                out.word(&html[run..i]);
                out.space();
                i += 1;
                run = i;
            }
            LEAD => match unicode_whitespace(html, i) {
                0 => i += 1,
                width => {
                    out.word(&html[run..i]);
                    out.space();
                    i += width;
                    run = i;
                }
            },
            AMP => {
                // An entity ends at a `;` within its first ten bytes.
                let rest = &html[i..];
                let decoded = rest
                    .bytes()
                    .take(11)
                    .position(|b| b == b';')
                    .and_then(|e| Some((entity(&rest[1..e])?, e)));
                match decoded {
                    Some((c, e)) => {
                        out.word(&html[run..i]);
                        out.push_char(c);
                        i += e + 1;
                        run = i;
                    }
                    // Not an entity: a plain `&`.
                    None => i += 1,
                }
            }
            // After a lone `<` no tag ends: the rest is text.
            _ if lone => i += 1,
            _ => match tag(html, i) {
                Some((after, separates)) => {
                    out.word(&html[run..i]);
                    while marks.get(next_mark).is_some_and(|&m| m < i) {
                        next_mark += 1;
                    }
                    if marks.get(next_mark) == Some(&i) {
                        at[next_mark] = Some(out.text.len());
                        next_mark += 1;
                    }
                    if separates {
                        out.space();
                    }
                    i = after;
                    run = i;
                }
                None => {
                    lone = true;
                    i += 1;
                }
            },
        }
    }
    out.word(&html[run..]);
    out.text
}

/// Reads the tag (or comment) that starts at `<` at byte `at`: where the text after it
/// starts, and whether it separates words. None for a lone `<` (escaped text never has
/// one, raw HTML might), which is text.
fn tag(html: &str, at: usize) -> Option<(usize, bool)> {
    let rest = &html[at..];
    if let Some(after) = rest.strip_prefix("<!--") {
        let end = crate::text::find(after, "-->")
            .map_or(html.len(), |e| html.len() - after.len() + e + 3);
        return Some((end, false));
    }
    let gt = rest.bytes().position(|b| b == b'>')?;
    let tag = &rest[1..gt];
    let closing = tag.starts_with('/');
    let name = tag.trim_start_matches('/');
    let name = &name[..name
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name.len())];
    let after = at + gt + 1;
    // An element marked `data-noindex` (the portal's note on a heading, which the
    // Markdown stage writes without nested elements) is left out as a script is.
    let noindex = || tag.split_ascii_whitespace().any(|a| a == "data-noindex");
    if !closing
        && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") || noindex())
    {
        let rest = &html[after..];
        let end = find_closing(rest, name).map_or(html.len(), |i| {
            rest[i..]
                .find('>')
                .map_or(html.len(), |g| after + i + g + 1)
        });
        return Some((end, false));
    }
    Some((after, !is_inline(name)))
}

/// Whether a tag (its name in any case) does not separate words.
fn is_inline(name: &str) -> bool {
    let mut lower = [0u8; 6];
    let Some(slot) = lower.get_mut(..name.len()) else {
        return false;
    };
    slot.copy_from_slice(name.as_bytes());
    slot.make_ascii_lowercase();
    matches!(
        &*slot,
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
            | b"wbr"
    )
}

/// Where `</name` starts in `html`, in any case.
fn find_closing(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = crate::text::find(&html[from..], "</") {
        let at = from + i;
        let tail = &bytes[at + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// Text being collected with its whitespace collapsed as it comes, so the text is
/// never copied again to collapse it.
pub struct Collapsed {
    pub text: String,
    /// Whitespace came after the last word: a space goes before the next one.
    pending: bool,
}

impl Collapsed {
    pub fn with_capacity(capacity: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(capacity),
            pending: false,
        }
    }

    /// Whitespace: one space before the next text, if any text comes before it.
    pub fn space(&mut self) {
        self.pending = true;
    }

    /// Appends `text`, which has no whitespace but single spaces between words.
    fn word(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.pending && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.pending = false;
        self.text.push_str(text);
    }

    /// Whether the space at byte `i` of `text` stands alone between two words of the run
    /// that starts at `run`: then it is kept, and the run goes on (copied at once).
    #[inline(always)]
    fn single_space(&self, text: &str, run: usize, i: usize) -> bool {
        i > run
            && text
                .as_bytes()
                .get(i + 1)
                .is_some_and(|&b| CLASS[b as usize] == PLAIN)
    }

    /// Appends text, its whitespace collapsed (what `char::is_whitespace` says is
    /// whitespace, as `str::split_whitespace` splits).
    pub fn push(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            i = skip_plain(bytes, i);
            let Some(&b) = bytes.get(i) else { break };
            let width = match CLASS[b as usize] {
                SPACE if self.single_space(text, run, i) => 0,
                SPACE | WHITE => 1,
                LEAD => unicode_whitespace(text, i),
                _ => 0,
            };
            if width == 0 {
                i += 1;
                continue;
            }
            self.word(&text[run..i]);
            self.space();
            i += width;
            run = i;
        }
        self.word(&text[run..]);
    }

    pub fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            self.space();
        } else {
            self.word(c.encode_utf8(&mut [0; 4]));
        }
    }
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
    Headings::new(html).section(id)
}

/// The headings of an HTML fragment, found once for the sections of all its
/// initiatives (looking for each from the start made indexing quadratic in a chapter).
pub struct Headings<'a> {
    html: &'a str,
    /// Where each `<hN` starts, its level, and its id when it is the tag's first
    /// attribute (`<hN id="…"`, as Markdown writes headings).
    heads: Vec<(usize, u8, Option<&'a str>)>,
}

impl<'a> Headings<'a> {
    pub fn new(html: &'a str) -> Headings<'a> {
        let bytes = html.as_bytes();
        let mut heads = Vec::new();
        // Only `<h` can start a heading: searched for directly, not tag by tag.
        for k in memchr::memmem::find_iter(bytes, b"<h") {
            let (Some(&l @ b'1'..=b'6'), Some(b' ' | b'>')) = (bytes.get(k + 2), bytes.get(k + 3))
            else {
                continue;
            };
            let id = html[k + 3..]
                .strip_prefix(" id=\"")
                .and_then(|rest| rest.find('"').map(|e| &rest[..e]));
            heads.push((k, l - b'0', id));
        }
        Headings { html, heads }
    }

    /// The section of the first heading with `id`, as [`section`].
    pub fn section(&self, id: &str) -> Option<&'a str> {
        let (n, end) = self.find(id)?;
        let end = end.map_or(self.html.len(), |m| self.heads[m].0);
        Some(&self.html[self.heads[n].0..end])
    }

    /// The first heading with `id` and the heading that ends its section, if any.
    fn find(&self, id: &str) -> Option<(usize, Option<usize>)> {
        let n = self.heads.iter().position(|h| h.2 == Some(id))?;
        let level = self.heads[n].1;
        let end = (n + 1..self.heads.len()).find(|&m| self.heads[m].1 <= level);
        Some((n, end))
    }
}

/// The text of an HTML fragment and of its sections (see [`section`]), read once: the
/// text of a section is the slice of the fragment's text between its heading and the
/// next, the same text `html_to_text(section(…))` gives.
pub struct Sections<'a> {
    headings: Headings<'a>,
    /// Where each heading's text starts in `text`.
    at: Vec<Option<usize>>,
    pub text: String,
}

impl<'a> Sections<'a> {
    pub fn new(html: &'a str) -> Sections<'a> {
        let headings = Headings::new(html);
        let marks: Vec<usize> = headings.heads.iter().map(|h| h.0).collect();
        let mut at = vec![None; marks.len()];
        let text = convert(html, &marks, &mut at);
        Sections { headings, at, text }
    }

    /// The text of the section of the heading with `id`; none when no heading has it.
    pub fn text_of(&self, id: &str) -> Option<Cow<'_, str>> {
        let (n, end) = self.headings.find(id)?;
        let start = self.at[n];
        let end = match end {
            Some(m) => self.at[m],
            None => Some(self.text.len()),
        };
        match (start, end) {
            (Some(start), Some(end)) => {
                let text = &self.text[start..end];
                // The heading separates: its first word has a space before it, unless
                // it is the first of the whole text.
                Some(Cow::Borrowed(text.strip_prefix(' ').unwrap_or(text)))
            }
            // A heading that is not read as a tag (inside a comment, say): as it stands.
            _ => self
                .headings
                .section(id)
                .map(|s| Cow::Owned(html_to_text(s))),
        }
    }
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
    fn elements_marked_noindex_are_left_out() {
        assert_eq!(
            html_to_text(
                "<h3 id=a>Ung forandring <em class=\"editor-note\" data-noindex>[red.: x]</em></h3><p>Tekst <em>ja</em></p>"
            ),
            "Ung forandring Tekst ja"
        );
    }

    #[test]
    fn whitespace_collapses_as_split_whitespace_does() {
        for text in [
            "",
            "  a  b\t\nc ",
            "x\u{a0}y\u{2003}\u{3000}z\u{85}w\u{1680}v\u{202f}u æ ø\u{c2}",
            "<p> A </p>\n<p>B&nbsp;&#10;C</p> &amp;",
            "<STYLE>p{}</Style>Tekst<SCRIPT src=x></script >slut<br/>her",
        ] {
            let mut c = Collapsed::with_capacity(0);
            c.push(text);
            assert_eq!(
                c.text,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                "{text:?}"
            );
        }
        assert_eq!(
            html_to_text("<p> A </p>\n<p>B&nbsp;&#10;C</p> &amp;"),
            "A B C &"
        );
        assert_eq!(
            html_to_text("<STYLE>p{}</Style>Tekst<SCRIPT src=x>1</script >slut<br/>her"),
            "Tekstslut her"
        );
        assert_eq!(html_to_text("a<em>b</EM>c<Div>d"), "abc d");
    }

    /// The first, simple version: tags as spaces into a string, collapsed at the end.
    fn reference(html: &str) -> String {
        fn push_text(text: &str, out: &mut String) {
            let mut rest = text;
            while let Some(amp) = rest.find('&') {
                out.push_str(&rest[..amp]);
                rest = &rest[amp..];
                let end = rest.find(';').filter(|&e| e <= 10);
                match (end, end.and_then(|e| entity(&rest[1..e]))) {
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
        let mut out = String::new();
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            push_text(&rest[..lt], &mut out);
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            let Some(gt) = rest.find('>') else {
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
                rest = rest.to_ascii_lowercase().find(&close).map_or("", |i| {
                    let after = &rest[i..];
                    after.find('>').map_or("", |g| &after[g + 1..])
                });
                continue;
            }
            const INLINE: &[&str] = &[
                "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i",
                "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
                "time", "u", "var", "wbr",
            ];
            if !INLINE.contains(&name.as_str()) {
                out.push(' ');
            }
        }
        push_text(rest, &mut out);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn text_is_that_of_the_simple_version() {
        // Pieces of HTML put together in many orders (a fixed pseudo-random sequence).
        let pieces = [
            "<p>",
            "</p>",
            "<em>",
            "</EM>",
            "<br/>",
            "<Strong>",
            "<strongest>",
            "<SPAN class=x>",
            "<h2 id=\"x\">",
            "<!--",
            "-->",
            "<script>",
            "</script >",
            "<STYLE>",
            "</style>",
            "&amp;",
            "&nbsp;",
            "&#10;",
            "&#xE6;",
            "&bogus;",
            "&",
            ";",
            "<",
            ">",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "\u{85}",
            "–",
            "æ",
            "ø",
            "å",
            "Ord",
            "x",
            ".",
            "a b",
            "\u{c2}\u{a9}",
        ];
        for html in random_html(&pieces, 0x2545_f491_4f6c_dd1d, 12) {
            assert_eq!(html_to_text(&html), reference(&html), "{html:?}");
        }
    }

    /// 20,000 strings of up to `most - 1` pieces, the same on every run (xorshift from
    /// `seed`): the edge cases of HTML met in every order.
    fn random_html(pieces: &[&str], mut seed: u64, most: u64) -> Vec<String> {
        (0..20_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (0..(seed % most) as usize)
                    .map(|k| {
                        pieces[(seed.rotate_left(5 * k as u32) % pieces.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn section_texts_are_those_of_the_sections() {
        let pieces = [
            "<h2 id=\"a\">",
            "<h3 id=\"b\">",
            "<h2 id=\"c\">",
            "</h2>",
            "<p>",
            "</p>",
            "<em>",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "&amp;",
            "&",
            "<",
            ">",
            " ",
            "\n",
            "Ord",
            "x",
            "<h2>",
            "<h1 id=\"a\">",
        ];
        for html in random_html(&pieces, 0x9e37_79b9_7f4a_7c15, 14) {
            let sections = Sections::new(&html);
            assert_eq!(sections.text, html_to_text(&html), "{html:?}");
            for id in ["a", "b", "c", "d"] {
                assert_eq!(
                    sections.text_of(id).map(|t| t.into_owned()),
                    section(&html, id).map(html_to_text),
                    "{id} in {html:?}"
                );
            }
        }
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
