//! Front matter: splitting it from the Markdown, and parsing it into typed structs.
//!
//! TOML (`+++`) and YAML (`---`) feed the same structs. Fields that later checks point
//! at are wrapped in [`Loc`], which remembers where the value was written in either
//! format, so "unknown minister goal" can underline the exact string in the file.
//! Every struct denies unknown fields: a typo is an error with a suggestion, never a
//! silently ignored setting.

use std::cell::Cell;
use std::ops::Range;

use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

use crate::diagnostics::{
    Diagnostic, Parsed, SourceFile, did_you_mean, offset_of, serde_diagnostic,
};

mod dates;
mod schema;

pub use dates::{Period, YearKey};
pub use schema::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the front matter and the body are in a file's text.
#[derive(Clone, Debug)]
pub struct Split {
    pub format: Format,
    /// Byte range of the front matter text, between the delimiter lines.
    pub front: Range<usize>,
    /// Byte range of the Markdown body, after the closing delimiter line.
    pub body: Range<usize>,
}

/// Finds the front matter block at the start of `text`.
pub fn split(text: &str, file: &SourceFile) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_line_end].trim_end();
    let (format, delim) = match first {
        "+++" => (Format::Toml, "+++"),
        "---" => (Format::Yaml, "---"),
        _ if text.trim().is_empty() => {
            return Err(Diagnostic::error("filen er tom")
                .in_file(file)
                .at(0..0)
                .with_note("forventede front matter med mindst en titel mellem to linjer med `+++`")
                .with_help("begynd filen med:\n+++\ntitle = \"…\"\n+++"));
        }
        _ => {
            return Err(Diagnostic::error("filen har ingen front matter")
                .in_file(file)
                .at(0..first_line_end.min(text.len()).saturating_sub(1))
                .with_label("forventede `+++` (TOML) eller `---` (YAML) på første linje")
                .with_help("begynd filen med:\n+++\ntitle = \"…\"\n+++"));
        }
    };
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == delim {
            return Ok(Split {
                format,
                front: first_line_end..pos,
                body: end..text.len(),
            });
        }
        pos = end;
    }
    Err(Diagnostic::error("front matter bliver aldrig lukket")
        .in_file(file)
        .at(0..delim.len())
        .with_label(format!("denne `{delim}` åbner front matter"))
        .with_note(format!(
            "forventede en linje med kun `{delim}` efter front matter"
        ))
        .with_help(format!(
            "tilføj en linje med `{delim}` efter det sidste felt"
        )))
}

thread_local! {
    /// The format being parsed on this thread, read by [`Loc`]'s deserializer to ask
    /// the right parser for the value's position.
    static PARSING: Cell<Format> = const { Cell::new(Format::Toml) };
}

/// A value and where it was written in the front matter.
#[derive(Clone, Debug, Default)]
pub struct Loc<T> {
    pub value: T,
    /// Byte range in the front matter text (`0..0` when unknown).
    pub span: Range<usize>,
    /// 1-based line/column in the front matter (YAML reports these rather than bytes).
    line_col: Option<(usize, usize)>,
}

impl<T> Loc<T> {
    /// The byte range in the whole file, given where the front matter starts.
    pub fn file_span(&self, front: &Range<usize>, text: &str) -> Range<usize> {
        match self.line_col {
            Some((line, col)) => {
                let fm = &text[front.clone()];
                let start = front.start + offset_of(fm, line, col);
                let len = self.span.end.saturating_sub(self.span.start);
                start..start + len
            }
            None => front.start + self.span.start..front.start + self.span.end,
        }
    }
}

impl<T> std::ops::Deref for Loc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loc<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match PARSING.with(Cell::get) {
            Format::Toml => {
                let spanned = serde_spanned::Spanned::<T>::deserialize(d)?;
                let span = spanned.span();
                Ok(Loc {
                    value: spanned.into_inner(),
                    span,
                    line_col: None,
                })
            }
            Format::Yaml => {
                let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
                let loc = spanned.referenced;
                let len = loc.span().len() as usize;
                Ok(Loc {
                    value: spanned.value,
                    span: 0..len,
                    line_col: (loc.line() > 0)
                        .then(|| (loc.line() as usize, loc.column() as usize)),
                })
            }
        }
    }
}

impl<T: Serialize> Serialize for Loc<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// Parses the front matter of `file` into `T`, turning parser errors into diagnostics
/// that point into the file.
pub fn parse<T: for<'de> Deserialize<'de>>(
    file: &SourceFile,
    split: &Split,
) -> Result<T, Diagnostic> {
    let fm = &file.text[split.front.clone()];
    PARSING.with(|p| p.set(split.format));
    match split.format {
        Format::Toml => toml::from_str::<T>(fm).map_err(|e| {
            let span = e
                .span()
                .map(|s| split.front.start + s.start..split.front.start + s.end);
            super::author_hints::refine(serde_diagnostic(
                e.message(),
                file,
                span.unwrap_or(0..3),
                &FRONT_MATTER,
            ))
        }),
        Format::Yaml => {
            let options = serde_saphyr::options! { with_snippet: false };
            serde_saphyr::from_str_with_options::<T>(fm, options).map_err(|e| {
                let span = e.location().filter(|l| l.line() > 0).map(|l| {
                    let start =
                        split.front.start + offset_of(fm, l.line() as usize, l.column() as usize);
                    start..start + (l.span().len() as usize).max(1)
                });
                let mut inner = &e;
                while let serde_saphyr::Error::WithSnippet { error, .. } = inner {
                    inner = error;
                }
                // Give unknown names serde's usual wording, which carries the expected list.
                let message = match inner {
                    serde_saphyr::Error::SerdeUnknownField {
                        field, expected, ..
                    } => {
                        format!(
                            "unknown field `{field}`, expected one of {}",
                            tick_list(expected)
                        )
                    }
                    serde_saphyr::Error::SerdeUnknownVariant {
                        variant, expected, ..
                    } => {
                        format!(
                            "unknown variant `{variant}`, expected one of {}",
                            tick_list(expected)
                        )
                    }
                    _ => e.render_with_options(serde_saphyr::render_options! {
                        snippets: serde_saphyr::SnippetMode::Off,
                    }),
                };
                let mut span = span.unwrap_or(0..3);
                // The scanner may stop at the end of the value before the tab ("found a
                // tab"): point at the tab itself, where the fix goes.
                if message.contains("tab") {
                    let from = span.start.clamp(split.front.start, split.front.end);
                    if let Some(t) = file.text[from..split.front.end].find('\t') {
                        span = from + t..from + t + 1;
                    }
                }
                serde_diagnostic(strip_yaml_position(&message), file, span, &FRONT_MATTER)
            })
        }
    }
}

fn tick_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde-saphyr appends " at line X, column Y"; the diagnostic shows that already.
fn strip_yaml_position(message: &str) -> &str {
    let first = message.lines().next().unwrap_or(message);
    match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    }
}

const FRONT_MATTER: Parsed = Parsed {
    whole: "front matter",
    field: "felt",
    field_of: "",
};

/// Suggests a known slug for a reference that names nothing.
pub fn unknown_name<'a>(
    what: &str,
    name: &Loc<String>,
    file: &SourceFile,
    front: &Range<usize>,
    known: impl IntoIterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let mut d = Diagnostic::error(format!("ukendt {what} `{}`", name.value))
        .in_file(file)
        .at(name.file_span(front, &file.text))
        .with_label("findes ikke");
    let list: Vec<&str> = known.clone().into_iter().collect();
    if !list.is_empty() && list.len() <= 20 {
        d = d.with_note(format!("forventede en af: {}", list.join(", ")));
    }
    match did_you_mean(&name.value, known) {
        Some(best) => d.with_help(format!("mente du `{best}`?")),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/x.md", text)
    }

    #[test]
    fn splits_toml_and_yaml() {
        let f = file("+++\ntitle = \"A\"\n+++\nbody\n");
        let s = split(&f.text, &f).unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&f.text[s.front.clone()], "title = \"A\"\n");
        assert_eq!(&f.text[s.body.clone()], "body\n");

        let f = file("---\r\ntitle: A\r\n---\r\nbody");
        let s = split(&f.text, &f).unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(&f.text[s.front.clone()], "title: A\r\n");
        assert_eq!(&f.text[s.body.clone()], "body");
    }

    #[test]
    fn split_errors_are_explained() {
        let f = file("");
        assert!(split(&f.text, &f).unwrap_err().message.contains("tom"));
        let f = file("# Hello\n");
        assert!(
            split(&f.text, &f)
                .unwrap_err()
                .message
                .contains("ingen front matter")
        );
        let f = file("+++\ntitle = \"x\"\n\nbody");
        let d = split(&f.text, &f).unwrap_err();
        assert!(d.message.contains("aldrig lukket"));
        assert_eq!(d.line_col(), Some((1, 1)));
    }

    #[test]
    fn unknown_fields_get_a_suggestion_and_position() {
        let f = file("+++\ntitle = \"x\"\nweigth = 3\n+++\n");
        let s = split(&f.text, &f).unwrap();
        let d = parse::<PageFront>(&f, &s).unwrap_err();
        assert_eq!(d.message, "ukendt felt `weigth`");
        assert_eq!(d.help.as_deref(), Some("mente du `weight`?"));
        assert_eq!(d.line_col(), Some((3, 1)));
    }

    #[test]
    fn yaml_unknown_fields_get_a_suggestion_and_position() {
        let f = file("---\ntitle: x\nweigth: 3\n---\n");
        let s = split(&f.text, &f).unwrap();
        let d = parse::<PageFront>(&f, &s).unwrap_err();
        assert_eq!(d.message, "ukendt felt `weigth`");
        assert_eq!(d.help.as_deref(), Some("mente du `weight`?"));
        assert_eq!(d.line_col().map(|p| p.0), Some(3));
    }

    #[test]
    fn locations_point_at_values_in_both_formats() {
        for text in [
            "+++\ntitle = \"t\"\nminister_goals = [\"a\", \"bee\"]\n+++\n",
            "---\ntitle: t\nminister_goals: [a, bee]\n---\n",
        ] {
            let f = file(text);
            let s = split(&f.text, &f).unwrap();
            let c = parse::<ChapterFront>(&f, &s).unwrap();
            let span = c.minister_goals[1].file_span(&s.front, &f.text);
            let at = &f.text[span.clone()];
            assert!(at.contains("bee"), "{text:?}: {at:?}");
        }
    }

    #[test]
    fn periods_parse_and_read_in_danish() {
        assert_eq!(
            Period::parse("2021-12-31").unwrap().danish(),
            "31. december 2021"
        );
        assert_eq!(Period::parse("2021-12").unwrap().danish(), "december 2021");
        assert_eq!(
            Period::parse("2020-Q4").unwrap().danish(),
            "4. kvartal 2020"
        );
        assert_eq!(Period::parse("2022").unwrap().danish(), "2022");
        assert_eq!(Period::parse("2020-Q4").unwrap().to_string(), "2020-Q4");
        assert!(
            Period::parse("2021-02-30")
                .unwrap_err()
                .contains("ikke en rigtig dato")
        );
        assert!(Period::parse("2021-13").is_err());
        assert!(Period::parse("21-12").is_err());
        assert!(Period::parse("ultimo 2021").is_err());
        assert_eq!(Period::parse("2024-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn toml_dates_and_strings_both_work() {
        let f = file("+++\ntitle = \"p\"\nyear = 2021\nadopted = 2020-12-17\n+++\n");
        let s = split(&f.text, &f).unwrap();
        let p = parse::<PlanFront>(&f, &s).unwrap();
        assert_eq!(p.adopted.unwrap().to_string(), "2020-12-17");
    }

    #[test]
    fn wrong_types_say_what_was_expected() {
        let f = file("+++\ntitle = \"p\"\nyear = \"2021\"\n+++\n");
        let s = split(&f.text, &f).unwrap();
        let d = parse::<PlanFront>(&f, &s).unwrap_err();
        assert_eq!(
            d.message,
            "ugyldig front matter: forkert type: forventede et helt tal (som 2021), fandt teksten \"2021\""
        );
        assert_eq!(
            d.help.as_deref(),
            Some("skriv tallet uden anførselstegn: 2021")
        );
        assert_eq!(d.line_col().map(|p| p.0), Some(3));
    }
}
