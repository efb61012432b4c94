//! Diagnostics: every problem the build finds, with the file, line and column a person
//! needs to fix it.
//!
//! Stages never stop at the first problem; they push diagnostics here and carry on, so
//! one run reports everything. Printing goes through `codespan-reporting`, which draws
//! the offending source line with a marker the way rustc does; colour is used only when
//! stderr is a terminal.
//!
//! The texts are Danish, like the site and the rest of the command line: the people who
//! read them write the plans. `--format json` keeps `severity` as `error`/`warning`.

use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

mod parser;
mod system;

pub(crate) use parser::{Parsed, serde_diagnostic};
pub use system::{decode, io_text};

/// A source file as diagnostics see it: its path for people and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path shown to people, relative to the site root, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The file the problem is in; `None` for problems with no file (a missing folder).
    pub file: Option<SourceFile>,
    /// Byte range in `file.text`; `None` when the problem is about the whole file.
    pub span: Option<Range<usize>>,
    /// A short text shown at the marker under the source line.
    pub label: Option<String>,
    /// "expected …" lines.
    pub notes: Vec<String>,
    /// A suggested fix ("did you mean …").
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            file: None,
            span: None,
            label: None,
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// Points at a byte range of the file; ranges outside the text are clamped.
    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "mente du `x`?" when a candidate is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(wrong, candidates) {
            Some(best) => self.with_help(format!("mente du `{best}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span clamped to the text and to character boundaries.
    fn clamped_span(&self) -> Option<Range<usize>> {
        let text = &self.file.as_ref()?.text;
        let span = self.span.clone()?;
        let mut start = span.start.min(text.len());
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Some(start..end)
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let text = &self.file.as_ref()?.text;
        let span = self.clamped_span()?;
        Some(line_col(text, span.start))
    }

    /// `path:line:col`, or just the path, for one-line summaries and tests.
    pub fn location(&self) -> String {
        match (&self.file, self.line_col()) {
            (Some(f), Some((l, c))) => format!("{}:{l}:{c}", f.path),
            (Some(f), None) => f.path.clone(),
            (None, _) => String::new(),
        }
    }

    /// The diagnostic for codespan-reporting, its label on `at` (a file id and range).
    fn to_codespan<F: Copy>(&self, at: Option<(F, Range<usize>)>) -> cs::Diagnostic<F> {
        let mut d = match self.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
        }
        .with_message(&self.message);
        if let Some((id, span)) = at {
            let mut label = cs::Label::primary(id, span);
            if let Some(text) = &self.label {
                label = label.with_message(text);
            }
            d = d.with_labels(vec![label]);
        }
        let mut notes = self.notes.clone();
        if let Some(help) = &self.help {
            notes.push(format!("{HELP}: {help}"));
        }
        d.with_notes(notes)
    }

    /// The diagnostic as rustc-like text, without colour.
    pub fn render_plain(&self) -> String {
        String::from_utf8_lossy(&self.render(false)).into_owned()
    }

    /// Draws the diagnostic with codespan-reporting, its severity in Danish. A source line
    /// longer than [`LONG_LINE`] is shown as a window around the column ([`Window`]), so
    /// a 10 MB line costs a few hundred bytes of output, not twice its size.
    fn render(&self, colour: bool) -> Vec<u8> {
        let mut drawn = if colour {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        let config = term_config();
        let emitted = match (&self.file, self.clamped_span()) {
            (Some(file), span) => {
                let span = span.unwrap_or(0..0);
                match Window::around(file, span.clone()) {
                    Some((window, shown)) => {
                        let d = self.to_codespan(Some(((), shown)));
                        term::emit_to_write_style(&mut drawn, &config, &window, &d)
                    }
                    None => {
                        let mut files = SimpleFiles::new();
                        let id = files.add(file.path.clone(), file.text.clone());
                        let d = self.to_codespan(Some((id, span)));
                        term::emit_to_write_style(&mut drawn, &config, &files, &d)
                    }
                }
            }
            (None, _) => {
                let files: SimpleFiles<String, Arc<str>> = SimpleFiles::new();
                term::emit_to_write_style(&mut drawn, &config, &files, &self.to_codespan(None))
            }
        };
        if emitted.is_err() {
            return format!("{self}\n").into_bytes();
        }
        // codespan-reporting writes the severity in English ("error", "warning") and has
        // no setting for it; it is the first word it writes, after any colour codes.
        let mut drawn = drawn.into_inner();
        let english = self.severity.english().as_bytes();
        if let Some(at) = drawn.windows(english.len()).position(|w| w == english) {
            drawn.splice(at..at + english.len(), self.severity.danish().bytes());
        }
        drawn
    }
}

/// Diagnostics printed per file; the rest are counted.
pub const PER_FILE: usize = 20;

/// Source lines longer than this many bytes are shown as a window around the column.
pub const LONG_LINE: usize = 240;
/// Characters shown before the column in a window, and at most after it.
const WINDOW_BEFORE: usize = 60;
const WINDOW_AFTER: usize = 100;

/// One long source line cut to a window around a diagnostic's column, with `…` where it
/// was cut; line and column numbers stay those of the whole file.
struct Window {
    name: String,
    text: String,
    /// 1-based line number of the line.
    line: usize,
    /// The column of the window's first character, less one.
    col_base: usize,
}

impl Window {
    /// The window for `span` in `file`, and the span within it; `None` for a line that
    /// is short enough to show whole.
    fn around(file: &SourceFile, span: Range<usize>) -> Option<(Window, Range<usize>)> {
        let text = &file.text;
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        if line_end - line_start <= LONG_LINE {
            return None;
        }
        let line = text[..line_start].bytes().filter(|b| *b == b'\n').count() + 1;
        let before = &text[line_start..span.start];
        let cut = before
            .char_indices()
            .rev()
            .nth(WINDOW_BEFORE - 1)
            .map_or(0, |(i, _)| i);
        let from = line_start + cut;
        let after = &text[span.start..line_end];
        let to = span.start
            + after
                .char_indices()
                .nth(WINDOW_AFTER)
                .map_or(after.len(), |(i, _)| i);
        let mut shown = String::new();
        let mut col_base = 0;
        if from > line_start {
            shown.push('…');
            col_base = text[line_start..from].chars().count();
        }
        let offset = shown.len();
        shown.push_str(&text[from..to]);
        if to < line_end {
            shown.push('…');
        }
        let start = offset + (span.start - from);
        let end = offset + (span.end.min(to) - from);
        Some((
            Window {
                name: file.path.clone(),
                text: shown,
                line,
                col_base,
            },
            start..end.max(start),
        ))
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(
        &'a self,
        (): (),
        index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line + index)
    }

    fn column_number(
        &'a self,
        (): (),
        _: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let byte = byte.min(self.text.len());
        // The leading `…` stands for the characters cut; it is not a column of its own.
        let leading = usize::from(self.col_base > 0);
        let chars = self.text.get(..byte).map_or(0, |t| t.chars().count());
        Ok(self.col_base + chars.saturating_sub(leading) + 1)
    }

    fn line_range(
        &'a self,
        (): (),
        index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        match index {
            0 => Ok(0..self.text.len()),
            _ => Err(codespan_reporting::files::Error::LineTooLarge {
                given: index,
                max: 0,
            }),
        }
    }
}

/// The fix for a command run outside a portal's folder.
pub const RUN_IN_A_PORTAL: &str = "kør planportal i portalens mappe, eller angiv --root MAPPE (`planportal init` opretter en ny portal)";

/// The word before a suggested fix.
const HELP: &str = "forslag";

impl Severity {
    fn english(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// How diagnostics name the severity to people.
    pub fn danish(self) -> &'static str {
        match self {
            Severity::Error => "fejl",
            Severity::Warning => "advarsel",
        }
    }
}

impl std::fmt::Display for Diagnostic {
    /// One line: `fejl: path:line:col: message (help)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.severity.danish())?;
        let loc = self.location();
        if !loc.is_empty() {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

fn term_config() -> term::Config {
    term::Config {
        start_context_lines: 1,
        end_context_lines: 1,
        ..term::Config::default()
    }
}

/// 1-based line and column (counted in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of 1-based `line` and `col` (in characters) in `text`.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.trim_end_matches('\n').len(), |(b, _)| b);
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

/// The closest candidate to `wrong`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| !c.is_empty() && *c != wrong)
        .map(|c| {
            let dist = strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase());
            (dist, c)
        })
        .filter(|(dist, c)| {
            let len = wrong.chars().count().max(c.chars().count());
            *dist <= (len / 3).max(1)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Every diagnostic of one run.
#[derive(Default, Debug)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file and position so output is the same on every run, whatever order
    /// the parallel stages finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.as_ref().map(|f| f.path.clone()),
                    d.span.as_ref().map(|s| s.start),
                    d.severity,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup_by(|a, b| {
            a.message == b.message
                && a.span == b.span
                && a.file.as_ref().map(|f| &f.path) == b.file.as_ref().map(|f| &f.path)
        });
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Prints every diagnostic to stderr, in colour only when stderr is a terminal.
    pub fn print(&self) {
        let choice = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            termcolor::ColorChoice::Auto
        } else {
            termcolor::ColorChoice::Never
        };
        let out = termcolor::BufferWriter::stderr(choice);
        // One file with thousands of the same mistake would bury the rest (50,000
        // broken links on one line once wrote gigabytes): each file shows its first
        // PER_FILE, then one line with how many more there are.
        let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut more: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for d in &self.items {
            if let Some(file) = &d.file {
                let count = shown.entry(file.path.as_str()).or_default();
                *count += 1;
                if *count > PER_FILE {
                    *more.entry(file.path.as_str()).or_default() += 1;
                    continue;
                }
            }
            let mut buffer = out.buffer();
            let colour = WriteColor::supports_color(&buffer);
            if buffer.write_all(&d.render(colour)).is_err() || out.print(&buffer).is_err() {
                eprintln!("{d}");
            }
        }
        for (file, n) in more {
            eprintln!(
                "… og {n} {} mere i {file} (`planportal check --format json` viser dem alle)\n",
                if n == 1 {
                    "fejl eller advarsel"
                } else {
                    "fejl og advarsler"
                }
            );
        }
    }

    /// Machine-readable diagnostics for editors and CI.
    pub fn to_json(&self) -> serde_json::Value {
        let items: Vec<_> = self
            .items
            .iter()
            .map(|d| {
                let (line, column) = d
                    .line_col()
                    .map_or((None, None), |(l, c)| (Some(l), Some(c)));
                serde_json::json!({
                    "severity": d.severity,
                    "message": d.message,
                    "file": d.file.as_ref().map(|f| f.path.clone()),
                    "line": line,
                    "column": column,
                    "label": d.label,
                    "notes": d.notes,
                    "help": d.help,
                    "rendered": d.render_plain(),
                })
            })
            .collect();
        serde_json::json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\næøå x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 5));
        assert_eq!(offset_of(text, 2, 5), x);
        assert_eq!(line_col(text, 999), (3, 1));
        assert_eq!(line_col(text, 4), (2, 1), "inside æ: the character's start");
    }

    #[test]
    fn suggestions_find_typos_but_not_strangers() {
        let goals = [
            "opkvalificering",
            "vaerdig-sagsbehandling",
            "handicap-beskaeftigelse",
        ];
        assert_eq!(
            did_you_mean("opkvalifisering", goals),
            Some("opkvalificering")
        );
        assert_eq!(
            did_you_mean("handicap-beskæftigelse", goals),
            Some("handicap-beskaeftigelse")
        );
        assert_eq!(did_you_mean("unge", goals), None);
        assert_eq!(did_you_mean("titel", ["title", "weight"]), Some("title"));
    }

    #[test]
    fn rendering_shows_the_line_and_marker() {
        let file = SourceFile::new("content/a.md", "+++\ntitel = \"x\"\n+++\n");
        let d = Diagnostic::error("ukendt felt `titel`")
            .in_file(&file)
            .at(4..9)
            .with_label("kendes ikke her")
            .with_help("mente du `title`?");
        let text = d.render_plain();
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("titel = \"x\""), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.starts_with("fejl: ukendt felt `titel`"), "{text}");
        assert!(text.contains("= forslag: mente du `title`?"), "{text}");
        let warning = Diagnostic::warning("planen har intet resumé").render_plain();
        assert!(warning.starts_with("advarsel: planen"), "{warning}");
        let coloured = String::from_utf8_lossy(&d.render(true)).into_owned();
        assert!(
            coloured.contains("fejl") && !coloured.contains("error"),
            "{coloured:?}"
        );
        assert_eq!(d.location(), "content/a.md:2:1");
    }

    #[test]
    fn system_errors_people_meet_are_in_danish() {
        use std::io::{Error, ErrorKind};
        assert_eq!(io_text(&Error::from(ErrorKind::NotFound)), "findes ikke");
        assert_eq!(
            io_text(&Error::from(ErrorKind::PermissionDenied)),
            "adgang nægtet"
        );
        assert!(
            io_text(&Error::from_raw_os_error(libc::ELOOP))
                .starts_with("for mange symbolske links")
        );
        // The rest as the system words it.
        let odd = Error::other("noget helt andet");
        assert_eq!(io_text(&odd), "noget helt andet");
    }

    #[test]
    fn spans_outside_the_text_do_not_panic() {
        let file = SourceFile::new("a.md", "æ");
        let d = Diagnostic::error("x").in_file(&file).at(1..50);
        assert_eq!(d.line_col(), Some((1, 1)));
        let _ = d.render_plain();
    }
}
