//! Markdown to HTML with comrak: GFM extensions, ASCII heading ids, `@/` links resolved
//! to URLs, initiatives marked at their headings, and fenced code highlighted by syntect
//! into CSS classes.
//!
//! Rendering one document needs only the map from source paths to URLs, which is known
//! before any Markdown is read, so documents render in parallel. Anchors in links are
//! checked later, by the link stage, once every document's headings are known.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::options::Plugins;
use comrak::plugins::syntect::{SyntectAdapter, SyntectAdapterBuilder};
use comrak::{Arena, Options, format_html_with_plugins, parse_document};

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean};
use crate::text::slug::slugify;

#[derive(Clone, Copy, Debug)]
pub struct MarkdownOptions {
    /// Pass raw HTML through (the site opted in) instead of escaping it.
    pub allow_html: bool,
    pub highlight_code: bool,
}

/// The syntect adapter, loaded on first use: most plans have no code at all, and
/// loading the syntax definitions costs more than rendering a whole small site.
#[derive(Default)]
pub struct Highlighter {
    adapter: OnceLock<SyntectAdapter>,
}

impl Highlighter {
    fn get(&self) -> &SyntectAdapter {
        self.adapter
            .get_or_init(|| SyntectAdapterBuilder::new().css().build())
    }

    pub fn was_used(&self) -> bool {
        self.adapter.get().is_some()
    }
}

/// A heading of the document and the id it got.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
    /// Byte offset in the file, for diagnostics.
    #[serde(skip)]
    pub offset: usize,
}

/// An `@/path.md#anchor` link, resolved to a URL, kept for the anchor check.
#[derive(Clone, Debug)]
pub struct InternalLink {
    /// The target's path relative to `content/`.
    pub path: String,
    pub anchor: Option<String>,
    /// Where the link is written, in file bytes.
    pub span: Range<usize>,
}

/// A heading that an initiative names: the renderer gives it the initiative's id and a
/// marker.
#[derive(Clone, Debug)]
pub struct InitiativeMark {
    pub heading: String,
    pub id: Option<String>,
    pub kind: &'static str,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// Shared with the linked site's pages: the HTML is never copied. Empty for a
    /// chapter loaded by [`crate::load::load`]: its HTML is then in `packed`.
    pub html: std::sync::Arc<str>,
    /// A chapter's HTML, packed as soon as it is made (see [`crate::text::packed`]):
    /// chapters are most of a portal's HTML, and it is all held until the pages render.
    pub packed: Option<crate::text::packed::Packed>,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// Whether any code block was highlighted (the page then links the code stylesheet).
    pub has_code: bool,
    /// The first paragraph as plain text, the default meta description.
    pub first_paragraph: String,
    /// The charts its shortcodes ask for; `<!--figure:N-->` in the HTML marks where
    /// figure N goes (drawn by `render/figures.rs`).
    pub figures: Vec<super::shortcodes::Figure>,
}

/// Normalises heading text for matching an initiative's `heading`: whitespace collapsed,
/// case ignored.
pub fn heading_key(text: &str) -> String {
    crate::text::collapse_whitespace(text).to_lowercase()
}

/// Where `@/` links can go: content path (relative to `content/`) → site URL.
pub type UrlMap = HashMap<String, String>;

/// The deepest nesting of HTML elements a page's text may have: far above any plan
/// (a list in a list in a quote is 5), far below what could overflow a stack.
pub const MAX_NESTING: usize = 100;

pub fn render(
    file: &SourceFile,
    body: Range<usize>,
    urls: &UrlMap,
    marks: &[InitiativeMark],
    options: MarkdownOptions,
    highlighter: &Highlighter,
) -> (Rendered, Vec<Diagnostic>) {
    let files = super::images::Files::default();
    render_with_files(file, body, urls, &files, marks, options, highlighter)
}

/// [`render`], with the pictures and chart data beside the page looked up in `files`:
/// what a build does. Without them (the editor's preview) pictures are left as written.
pub fn render_with_files(
    file: &SourceFile,
    body: Range<usize>,
    urls: &UrlMap,
    files: &super::images::Files,
    marks: &[InitiativeMark],
    options: MarkdownOptions,
    highlighter: &Highlighter,
) -> (Rendered, Vec<Diagnostic>) {
    let text = &file.text[body.clone()];
    let mut diagnostics = Vec::new();
    let mut out = Rendered::default();

    let mut comrak = Options::default();
    comrak.extension.table = true;
    comrak.extension.strikethrough = true;
    comrak.extension.autolink = true;
    comrak.extension.footnotes = true;
    comrak.extension.tasklist = true;
    comrak.render.r#unsafe = options.allow_html;
    comrak.render.escape = !options.allow_html;

    let arena = Arena::new();
    let root = parse_document(&arena, text, &comrak);

    // Byte offset of a comrak line/column (1-based, columns in bytes) in the file.
    let body_text = text;
    // Line starts are computed once: searching from the top for every heading and link
    // made long documents quadratic (a 4 MB page took minutes).
    let line_starts = LineStarts::new(body_text);
    let to_file = |pos: Sourcepos| -> Range<usize> {
        let start = body.start + line_starts.offset(body_text, pos.start.line, pos.start.column);
        let end = body.start + line_starts.offset(body_text, pos.end.line, pos.end.column + 1);
        start..end.max(start)
    };
    let mark_keys: Vec<String> = marks.iter().map(|m| heading_key(&m.heading)).collect();
    // The marks by key and by heading text, in order, so each heading finds its mark
    // without scanning them all (thousands of initiatives made that quadratic).
    let mut marks_by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut marks_by_heading: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, m) in marks.iter().enumerate() {
        marks_by_key
            .entry(mark_keys[i].as_str())
            .or_default()
            .push(i);
        marks_by_heading
            .entry(m.heading.as_str())
            .or_default()
            .push(i);
    }
    let mut heading_cursor: HashMap<String, usize> = HashMap::new();

    let mut used_ids: HashSet<String> = HashSet::new();
    let mut consumed: HashSet<String> = HashSet::new();
    // The next suffix to try per base id; the ones below it are known to be taken. A
    // page with thousands of same-named headings would otherwise retry every suffix
    // from 1 for each of them, quadratic in the headings (minutes for a 4 MB page).
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut ids: VecDeque<HeadingOut> = VecDeque::new();
    let mut needs_highlight = false;
    // Chart shortcodes, each a paragraph of its own, become marks before anything else
    // reads the tree (a shortcode is never the page's description).
    if files.is_known() {
        let mut replaced = Vec::new();
        for node in root.descendants() {
            let pos = node.data().sourcepos;
            match &node.data().value {
                NodeValue::Paragraph => {
                    let span = to_file(pos);
                    let source = &file.text[span.clone()];
                    if !super::shortcodes::is_shortcode(source) {
                        continue;
                    }
                    let mark = match super::shortcodes::figure(file, span.start, source, files) {
                        Ok(figure) => {
                            out.figures.push(figure);
                            format!("<!--figure:{}-->", out.figures.len() - 1)
                        }
                        Err(ds) => {
                            diagnostics.extend(ds);
                            String::new()
                        }
                    };
                    replaced.push((node, mark));
                }
                NodeValue::Text(t) => {
                    let in_shortcode = node
                        .ancestors()
                        .any(|a| replaced.iter().any(|(r, _)| r.same_node(a)));
                    if let Some(at) = super::shortcodes::inline_shortcode(t)
                        && !in_shortcode
                    {
                        let start = to_file(pos).start + at;
                        diagnostics.push(
                            Diagnostic::error("figurkoden skal stå alene i sit eget afsnit")
                                .in_file(file)
                                .at(start..start + 2)
                                .with_help("sæt en tom linje før og efter `{{ … }}`"),
                        );
                    }
                }
                _ => {}
            }
        }
        for (node, mark) in replaced {
            node.insert_before(arena.alloc(NodeValue::Raw(mark).into()));
            node.detach();
        }
    }
    // Pictures beside the page, drawn as `<img>` with their size once the walk is done.
    let mut pictures = Vec::new();
    for node in root.descendants() {
        // A picture without alt text says nothing to a reader who cannot see it
        // (WCAG 1.1.1): an error at the image, as every other mistake is.
        let image_at = match &node.data().value {
            NodeValue::Image(_) => Some(node.data().sourcepos),
            _ => None,
        };
        if let Some(pos) = image_at
            && collect_text(node, false).is_empty()
        {
            diagnostics.push(
                Diagnostic::error("billedet mangler en alt-tekst")
                    .in_file(file)
                    .at(to_file(pos))
                    .with_label("intet mellem [ og ]")
                    .with_help("skriv, hvad billedet viser, mellem de firkantede parenteser: `![Ledigheden 2019-2021 i procent](ledighed.png)`"),
            );
        }
        if let Some(pos) = image_at
            && let NodeValue::Image(link) = &node.data().value
            && !link.url.starts_with("@/")
            && files.is_known()
        {
            let alt = collect_text(node, false);
            match super::images::picture(file, to_file(pos), files, &link.url, &link.title, &alt) {
                Ok(html) => pictures.push((node, html)),
                Err(d) => diagnostics.push(d),
            }
        }
        let mut data = node.data_mut();
        let pos = data.sourcepos;
        match &mut data.value {
            NodeValue::Heading(h) => {
                let level = h.level;
                drop(data);
                let note = take_editors_note(node, !options.allow_html);
                let heading_text = collect_text(node, !options.allow_html);
                let key = heading_key(&heading_text);
                // A free id for `wanted`, its base, and the next suffix to try after it.
                let unique =
                    |wanted: String, used: &HashSet<String>, hints: &HashMap<String, usize>| {
                        let wanted = if wanted.is_empty() {
                            "afsnit".to_string()
                        } else {
                            wanted
                        };
                        let mut id = wanted.clone();
                        let mut n = hints.get(&wanted).copied().unwrap_or(1);
                        while used.contains(&id) {
                            id = format!("{wanted}-{n}");
                            n += 1;
                        }
                        (id, wanted, n)
                    };
                let (natural, natural_base, natural_next) =
                    unique(slugify(&heading_text), &used_ids, &next_suffix);
                // An initiative names its heading by text (the first heading with that
                // text) or by anchor (`tvaergaaende-indsatser-1` for a repeated one).
                // The first mark, in order, whose key is not yet taken and that has this
                // heading's key or is named by its anchor.
                let by_key = marks_by_key
                    .get(key.as_str())
                    .filter(|_| !consumed.contains(&key))
                    .and_then(|list| list.first().copied());
                let by_anchor = marks_by_heading.get(natural.as_str()).and_then(|list| {
                    let cursor = heading_cursor.entry(natural.clone()).or_default();
                    while *cursor < list.len() && consumed.contains(&mark_keys[list[*cursor]]) {
                        *cursor += 1;
                    }
                    list.get(*cursor).copied()
                });
                let mark_index = match (by_key, by_anchor) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if let Some(i) = mark_index {
                    consumed.insert(mark_keys[i].clone());
                }
                let mark = mark_index.map(|i| &marks[i]);
                let (id, base, next) = match mark.and_then(|m| m.id.clone()) {
                    Some(explicit) => unique(explicit, &used_ids, &next_suffix),
                    None => (natural, natural_base, natural_next),
                };
                used_ids.insert(id.clone());
                next_suffix.insert(base, next);
                out.headings.push(Heading {
                    level,
                    text: heading_text,
                    id: id.clone(),
                    offset: to_file(pos).start,
                });
                ids.push_back((id, mark.map(|m| m.kind), note));
            }
            NodeValue::Link(link) | NodeValue::Image(link) => {
                if let Some(rest) = link.url.strip_prefix("@/") {
                    let (path, anchor) = match rest.split_once('#') {
                        Some((p, a)) => (p.to_string(), Some(a.to_string())),
                        None => (rest.to_string(), None),
                    };
                    let span = to_file(pos);
                    match urls.get(&path) {
                        Some(url) => {
                            link.url = match &anchor {
                                Some(a) => format!("{url}#{a}"),
                                None => url.clone(),
                            };
                            out.links.push(InternalLink { path, anchor, span });
                        }
                        None => {
                            let mut d = Diagnostic::error(format!("link til en fil, der ikke findes: `@/{path}`"))
                                .in_file(file)
                                .at(span)
                                .with_label("ingen fil i content/ har denne sti")
                                .with_note("forventede en sti i forhold til content/, som `@/kommuner/helsingoer/2021/03-unge.md`");
                            if let Some(best) = did_you_mean(&path, urls.keys().map(String::as_str))
                            {
                                d = d.with_help(format!("mente du `@/{best}`?"));
                            }
                            diagnostics.push(d);
                        }
                    }
                }
            }
            NodeValue::CodeBlock(code)
                if code.fenced && !code.info.trim().is_empty() && options.highlight_code =>
            {
                needs_highlight = true;
            }
            NodeValue::Paragraph if out.first_paragraph.is_empty() => {
                drop(data);
                // Only top-level paragraphs describe the page; not list items or quotes.
                if node.parent().is_some_and(|p| p.same_node(root)) {
                    out.first_paragraph = collect_text(node, !options.allow_html);
                }
            }
            _ => {}
        }
    }

    for (node, html) in pictures {
        node.insert_before(arena.alloc(NodeValue::Raw(html).into()));
        node.detach();
    }

    let headings = HeadingIds {
        queue: Mutex::new(ids),
    };
    let mut plugins = Plugins::default();
    plugins.render.heading_adapter = Some(&headings);
    if needs_highlight {
        plugins.render.codefence_syntax_highlighter = Some(highlighter.get());
        out.has_code = true;
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    if format_html_with_plugins(root, &comrak, &mut html, &plugins).is_err() {
        diagnostics.push(
            Diagnostic::error("Markdown-teksten kunne ikke omsættes til HTML")
                .in_file(file)
                .at(body.start..body.start),
        );
    }
    out.html = wrap_tables(html).into();
    // Deeply nested text (thousands of `>` or list levels, raw `<div>`s) would overflow
    // the stack of a recursive step later (minify-html): refused here, so `check` and
    // `serve` say so too, and the HTML is dropped so no later step meets it.
    let depth = crate::text::html::html_depth(out.html.as_bytes());
    if depth > MAX_NESTING {
        diagnostics.push(
            Diagnostic::error(format!(
                "teksten er indlejret {depth} niveauer dybt; højst {MAX_NESTING} er tilladt"
            ))
            .in_file(file)
            .at(body.start..body.start)
            .with_note("citater (`>`), lister i lister, fremhævninger og HTML-elementer tæller hver et niveau")
            .with_help("skriv teksten med færre niveauer inden i hinanden"),
        );
        out.html = std::sync::Arc::from("");
    }
    (out, diagnostics)
}

/// The byte offset where each line of a text starts, for turning comrak's line/column
/// positions (columns in bytes) into byte offsets in constant time.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    /// Byte offset of 1-based `line` and byte column `col` in `text`, clamped to the
    /// text and moved back to a character boundary.
    fn offset(&self, text: &str, line: usize, col: usize) -> usize {
        let line_start = match self.0.get(line.saturating_sub(1)) {
            Some(&s) => s,
            None => return text.len(),
        };
        let mut at = (line_start + col.saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// The plain text inside a node, as a reader sees it. When raw HTML is shown as text
/// (`html_is_text`), the reader sees the tags too, so a heading written
/// `## Tilbud <b>nyt</b>` is matched and slugged by all of that text.
fn collect_text<'a>(node: &'a comrak::nodes::AstNode<'a>, html_is_text: bool) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::HtmlInline(h) if html_is_text => s.push_str(h),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    crate::text::collapse_whitespace(&s)
}

/// The editor's note a heading ends with (`### Ung forandring *[red.: overskrift tilføjet
/// af portalen]*`, see docs/content-model.md): the portal's words, not the plan's, so it is
/// taken out of the tree and returned, and the heading's text, id and the initiative that
/// names it are what comes before it. The renderer puts it back at the end of the heading,
/// visible, with `data-noindex` so the search index leaves it out. None, and the tree
/// untouched, when the heading's last part is not an emphasis reading `[red.: …]` or is
/// all the heading has.
fn take_editors_note<'a>(
    heading: &'a comrak::nodes::AstNode<'a>,
    html_is_text: bool,
) -> Option<String> {
    let last = heading.last_child()?;
    let before = last.previous_sibling()?;
    if !matches!(last.data().value, NodeValue::Emph) {
        return None;
    }
    let note = collect_text(last, html_is_text);
    let opens = note
        .get(..6)
        .is_some_and(|s| s.eq_ignore_ascii_case("[red.:"));
    if !opens || !note.ends_with(']') {
        return None;
    }
    last.detach();
    if let NodeValue::Text(t) = &mut before.data_mut().value {
        *t = std::borrow::Cow::Owned(t.trim_end().to_string());
    }
    Some(note)
}

/// Wide tables scroll inside their own keyboard-reachable box instead of making the
/// whole page scroll sideways on a phone.
fn wrap_tables(html: String) -> String {
    const OPEN: &str = "<table>";
    const CLOSE: &str = "</table>";
    if crate::text::find(&html, OPEN).is_none() {
        return html;
    }
    // One pass over the page: before each `<table>` the box opens, after each `</table>`
    // it closes.
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html.as_str();
    loop {
        let open = crate::text::find(rest, OPEN);
        let close = crate::text::find(rest, CLOSE);
        match (open, close) {
            (Some(o), c) if c.is_none_or(|c| o < c) => {
                out.push_str(&rest[..o]);
                out.push_str(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel\"><table>",
                );
                rest = &rest[o + OPEN.len()..];
            }
            (_, Some(c)) => {
                out.push_str(&rest[..c]);
                out.push_str("</table></div>");
                rest = &rest[c + CLOSE.len()..];
            }
            (_, None) => break,
        }
    }
    out.push_str(rest);
    out
}

/// A heading's id, its initiative's kind if an initiative names it, and the editor's
/// note taken out of it.
type HeadingOut = (String, Option<&'static str>, Option<String>);

/// Gives headings the ids computed while walking the tree, in document order, and
/// marks initiative headings. Comrak calls `enter` and `exit` in document order.
struct HeadingIds {
    queue: Mutex<VecDeque<HeadingOut>>,
}

impl HeadingIds {
    fn next(&self) -> Option<(String, Option<&'static str>)> {
        let queue = self.queue.lock().ok()?;
        let (id, kind, _) = queue.front()?;
        Some((id.clone(), *kind))
    }
    fn pop(&self) -> Option<HeadingOut> {
        self.queue.lock().ok()?.pop_front()
    }
}

impl HeadingAdapter for HeadingIds {
    fn enter(
        &self,
        out: &mut dyn fmt::Write,
        h: &HeadingMeta,
        _: Option<Sourcepos>,
    ) -> fmt::Result {
        match self.next() {
            Some((id, Some(kind))) => write!(
                out,
                "<h{} id=\"{id}\" class=\"initiative-heading\"><span class=\"initiative-kind\">{kind}<span class=\"visually-hidden\">:</span></span> ",
                h.level
            ),
            Some((id, None)) => write!(out, "<h{} id=\"{id}\">", h.level),
            None => write!(out, "<h{}>", h.level),
        }
    }

    fn exit(&self, out: &mut dyn fmt::Write, h: &HeadingMeta) -> fmt::Result {
        let popped = self.pop();
        if let Some((_, _, Some(note))) = &popped {
            let note = crate::text::html::escape(note);
            write!(out, " <em class=\"editor-note\" data-noindex>{note}</em>")?;
        }
        match popped {
            // The render stage puts the initiative's goals and target groups here.
            Some((id, Some(_), _)) => write!(out, "</h{}>\n<!--initiative:{id}-->", h.level),
            _ => write!(out, "</h{}>", h.level),
        }
    }
}

/// Where the code stylesheet ([`code_stylesheet`]) is published.
pub const CODE_STYLESHEET: &str = "highlight.css";

/// The stylesheet for highlighted code: syntect's InspiredGitHub theme, with colours
/// darkened where needed to reach WCAG AA contrast on the code background.
pub fn code_stylesheet() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{ClassStyle, css_for_theme_with_class_style};
    let themes = ThemeSet::load_defaults();
    let Some(theme) = themes.themes.get("InspiredGitHub") else {
        return String::new();
    };
    let css = css_for_theme_with_class_style(theme, ClassStyle::Spaced).unwrap_or_default();
    ensure_contrast(&css)
}

/// Darkens every `color: #rrggbb` in `css` until it has 4.5:1 contrast against white.
fn ensure_contrast(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color: #") {
        let (before, after) = rest.split_at(i + "color: #".len());
        out.push_str(before);
        let hex: String = after.chars().take_while(char::is_ascii_hexdigit).collect();
        let is_background = before.trim_end_matches("color: #").ends_with("background-");
        if hex.len() == 6 && !is_background {
            let mut rgb = [0u8; 3];
            for (k, c) in rgb.iter_mut().enumerate() {
                *c = u8::from_str_radix(&hex[k * 2..k * 2 + 2], 16).unwrap_or(0);
            }
            while contrast_with_white(rgb) < 4.6 {
                for c in &mut rgb {
                    *c = (f64::from(*c) * 0.9) as u8;
                }
            }
            out.push_str(&format!("{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]));
        } else {
            out.push_str(&hex);
        }
        rest = &after[hex.len()..];
    }
    out.push_str(rest);
    out
}

fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str, urls: &UrlMap, marks: &[InitiativeMark]) -> (Rendered, Vec<Diagnostic>) {
        let src = format!("+++\ntitle = \"x\"\n+++\n{text}");
        let file = SourceFile::new("content/a.md", src.as_str());
        let start = src.find("+++\n").unwrap() + 4;
        let start = start + src[start..].find("+++\n").unwrap() + 4;
        let options = MarkdownOptions {
            allow_html: false,
            highlight_code: true,
        };
        render(
            &file,
            start..src.len(),
            urls,
            marks,
            options,
            &Highlighter::default(),
        )
    }

    #[test]
    fn tables_are_wrapped_as_two_replacements_would() {
        let wrap = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel\"><table>";
        for html in [
            "",
            "<p>ingen tabel</p>",
            "<table><tr><td>1</td></tr></table>",
            "a<table></table>b<table>c</table>d",
            "</table> løs <table> åben",
            "<table><table></table></table>",
        ] {
            let expected = html
                .replace("<table>", wrap)
                .replace("</table>", "</table></div>");
            assert_eq!(wrap_tables(html.to_string()), expected, "{html}");
        }
    }

    #[test]
    fn headings_get_ascii_ids_without_duplicates() {
        let (r, d) = md(
            "## Støtte til unge\n\n## Støtte til unge\n\n### Æble & pære\n",
            &UrlMap::new(),
            &[],
        );
        assert!(d.is_empty());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["stoette-til-unge", "stoette-til-unge-1", "aeble-paere"]
        );
        assert!(
            r.html
                .contains("<h2 id=\"stoette-til-unge\">Støtte til unge</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"aeble-paere\">"));
    }

    #[test]
    fn internal_links_resolve_and_missing_files_are_errors() {
        let mut urls = UrlMap::new();
        urls.insert(
            "kommuner/a/2021/03-unge.md".into(),
            "/kommuner/a/2021/unge/".into(),
        );
        let (r, d) = md(
            "Se [unge](@/kommuner/a/2021/03-unge.md#kui) og [x](@/kommuner/a/2021/03-ung.md).\n",
            &urls,
            &[],
        );
        assert!(
            r.html.contains("href=\"/kommuner/a/2021/unge/#kui\""),
            "{}",
            r.html
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].anchor.as_deref(), Some("kui"));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("fil, der ikke findes"));
        assert_eq!(
            d[0].help.as_deref(),
            Some("mente du `@/kommuner/a/2021/03-unge.md`?")
        );
        assert_eq!(d[0].line_col().map(|p| p.0), Some(4));
    }

    #[test]
    fn raw_html_is_escaped_and_javascript_links_dropped() {
        let (r, _) = md(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
            &UrlMap::new(),
            &[],
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn initiatives_are_marked_at_their_heading() {
        let marks = [InitiativeMark {
            heading: "samarbejde med  KLAPjob".into(),
            id: Some("klapjob".into()),
            kind: "Samarbejde",
        }];
        let (r, _) = md(
            "## Samarbejde med KLAPjob\n\nTekst.\n",
            &UrlMap::new(),
            &marks,
        );
        assert_eq!(r.headings[0].id, "klapjob");
        assert!(
            r.html
                .contains("<h2 id=\"klapjob\" class=\"initiative-heading\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<!--initiative:klapjob-->"));
    }

    #[test]
    fn repeated_headings_are_marked_once_and_can_be_named_by_anchor() {
        let marks = [
            InitiativeMark {
                heading: "Tværgående indsatser".into(),
                id: None,
                kind: "Indsats",
            },
            InitiativeMark {
                heading: "tvaergaaende-indsatser-1".into(),
                id: Some("andet".into()),
                kind: "Projekt",
            },
        ];
        let (r, _) = md(
            "## Tværgående indsatser\n\nA\n\n## Tværgående indsatser\n\nB\n",
            &UrlMap::new(),
            &marks,
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["tvaergaaende-indsatser", "andet"]);
        assert_eq!(
            r.html.matches("initiative-heading").count(),
            2,
            "{}",
            r.html
        );
        assert!(r.html.contains(">Projekt<"));
    }

    #[test]
    fn a_trailing_editors_note_is_not_part_of_the_heading() {
        let (r, d) = md(
            "### Ung forandring *[red.: overskrift tilføjet af portalen]*\n\n## Resultatmål 2 *[red.: sådan i planen]*: Flygtninge\n",
            &UrlMap::new(),
            &[InitiativeMark {
                heading: "Ung forandring".into(),
                id: None,
                kind: "Projekt",
            }],
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.headings[0].text, "Ung forandring");
        assert_eq!(r.headings[0].id, "ung-forandring");
        assert!(r.html.contains(
            "Ung forandring <em class=\"editor-note\" data-noindex>[red.: overskrift tilføjet af portalen]</em></h3>\n<!--initiative:ung-forandring-->"
        ), "{}", r.html);
        // A note inside a heading is the heading's text, as written.
        assert_eq!(
            r.headings[1].text,
            "Resultatmål 2 [red.: sådan i planen]: Flygtninge"
        );
    }

    #[test]
    fn gfm_tables_footnotes_and_code() {
        let (r, _) = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTekst[^1].\n\n[^1]: Note.\n\n```rust\nfn main() {}\n```\n",
            &UrlMap::new(),
            &[],
        );
        assert!(r.html.contains("<div class=\"table-scroll\""));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote"));
        assert!(r.has_code);
        assert!(r.html.contains("<span class=\""), "{}", r.html);
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let (r, _) = md(
            "## H\n\n- liste\n\nFørste *afsnit* her.\n\nAndet.\n",
            &UrlMap::new(),
            &[],
        );
        assert_eq!(r.first_paragraph, "Første afsnit her.");
    }

    #[test]
    fn code_stylesheet_meets_contrast() {
        let css = code_stylesheet();
        assert!(css.contains(".code"), "{css}");
        assert!(ensure_contrast("a { color: #969896; }").contains("color: #"));
        let fixed = ensure_contrast("a { color: #969896; }");
        let hex = fixed.split('#').nth(1).unwrap();
        let rgb = [0, 2, 4].map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap());
        assert!(contrast_with_white(rgb) >= 4.5);
    }
}
