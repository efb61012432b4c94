//! Front matter: splitting it from the Markdown, and parsing it into typed structs.
//!
//! TOML (`+++`) and YAML (`---`) feed the same structs. Fields that later checks point
//! at are wrapped in [`Loc`], which remembers where the value was written in either
//! format, so "unknown minister goal" can underline the exact string in the file.
//! Every struct denies unknown fields: a typo is an error with a suggestion, never a
//! silently ignored setting.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::diagnostics::{Diagnostic, SourceFile, did_you_mean, offset_of};
use crate::text::MONTHS;

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
    pub fn new(value: T) -> Self {
        Loc {
            value,
            span: 0..0,
            line_col: None,
        }
    }

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

/// A point or stretch in time as plans state deadlines: a date, a month, a quarter or a
/// year. Written `2021-12-31`, `2021-12`, `2021-Q4` or `2021`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub quarter: Option<u8>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Period {
    pub fn parse(s: &str) -> Result<Period, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "`{s}` er ikke en dato; forventede `2021-12-31`, `2021-12`, `2021-Q4` eller `2021`"
            )
        };
        let parts: Vec<&str> = s.split('-').collect();
        let year: i32 = parts.first().and_then(|y| y.parse().ok()).ok_or_else(bad)?;
        if !(1900..=2100).contains(&year) || parts[0].len() != 4 {
            return Err(format!("`{s}`: året skal ligge mellem 1900 og 2100"));
        }
        let mut p = Period {
            year,
            quarter: None,
            month: None,
            day: None,
        };
        match parts.len() {
            1 => {}
            2 if parts[1].starts_with(['Q', 'q']) => {
                let q: u8 = parts[1][1..].parse().map_err(|_| bad())?;
                if !(1..=4).contains(&q) {
                    return Err(format!("`{s}`: et kvartal er Q1 til Q4"));
                }
                p.quarter = Some(q);
            }
            2 | 3 => {
                let m: u8 = parts[1].parse().map_err(|_| bad())?;
                if !(1..=12).contains(&m) || parts[1].len() != 2 {
                    return Err(format!("`{s}`: måneden skal være 01 til 12"));
                }
                p.month = Some(m);
                if parts.len() == 3 {
                    // A TOML datetime may carry a time; only the date matters here.
                    let day_part = parts[2].split(['T', 't', ' ']).next().unwrap_or("");
                    let d: u8 = day_part.parse().map_err(|_| bad())?;
                    let after = &parts[2][day_part.len()..];
                    if !after.is_empty() && !is_time(after) {
                        return Err(format!(
                            "`{s}`: efter datoen står `{}`; skriv kun datoen, og læg en bemærkning i teksten",
                            after.trim()
                        ));
                    }
                    if d == 0 || d > days_in_month(year, m) || day_part.len() != 2 {
                        return Err(format!(
                            "`{s}` er ikke en rigtig dato: {} har {} dage",
                            MONTHS[m as usize - 1],
                            days_in_month(year, m)
                        ));
                    }
                    p.day = Some(d);
                }
            }
            _ => return Err(bad()),
        }
        Ok(p)
    }

    /// The period in Danish: "31. december 2021", "december 2021", "4. kvartal 2021", "2021".
    pub fn danish(&self) -> String {
        match (self.quarter, self.month, self.day) {
            (Some(q), _, _) => format!("{q}. kvartal {}", self.year),
            (_, Some(m), Some(d)) => format!("{d}. {} {}", MONTHS[m as usize - 1], self.year),
            (_, Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

/// What may follow a date: a time of day (`T10:00:00`, ` 10:00`), as in a TOML datetime.
fn is_time(after: &str) -> bool {
    let time = &after[1..];
    after.starts_with(['T', 't', ' '])
        && time.starts_with(|c: char| c.is_ascii_digit())
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || ":.+Zz".contains(c))
}

/// For number fields: `nan` and `inf` are valid TOML and YAML floats, but no figure of
/// a plan; they would read "fald på NaN %" and become `null` in the open data.
fn finite<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match Option::<f64>::deserialize(d)? {
        Some(v) if !v.is_finite() => Err(de::Error::custom(
            "`nan` og `inf` er ikke tal; skriv et tal som 82 eller 16.5",
        )),
        v => Ok(v),
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(q) = self.quarter {
            return write!(f, "-Q{q}");
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Period;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en dato som 2021-12-31, 2021-12, 2021-Q4 eller 2021")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Period, E> {
                Period::parse(s).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, y: i64) -> Result<Period, E> {
                Period::parse(&y.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, y: u64) -> Result<Period, E> {
                Period::parse(&y.to_string()).map_err(E::custom)
            }
            // TOML hands dates over as a one-entry map holding the date's text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Period, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("forventede en dato"));
                };
                Period::parse(&value).map_err(de::Error::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A year used as a map key: TOML writes `{ 2021 = 5 }` with string keys, YAML with numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct YearKey(pub i32);

impl<'de> Deserialize<'de> for YearKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = YearKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et år som 2021")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<YearKey, E> {
                s.trim().parse().map(YearKey).map_err(|_| {
                    E::custom(format!("`{s}` er ikke et år; forventede et år som 2021"))
                })
            }
            fn visit_i64<E: de::Error>(self, y: i64) -> Result<YearKey, E> {
                i32::try_from(y)
                    .map(YearKey)
                    .map_err(|_| E::custom("året er uden for det mulige"))
            }
            fn visit_u64<E: de::Error>(self, y: u64) -> Result<YearKey, E> {
                i32::try_from(y)
                    .map(YearKey)
                    .map_err(|_| E::custom("året er uden for det mulige"))
            }
        }
        d.deserialize_any(V)
    }
}

/// How a target's value is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    AtLeast,
    AtMost,
    Exactly,
    IncreaseBy,
    DecreaseBy,
}

impl Direction {
    /// The Danish words shown before the value.
    pub fn danish(self) -> &'static str {
        match self {
            Direction::AtLeast => "mindst",
            Direction::AtMost => "højst",
            Direction::Exactly => "",
            Direction::IncreaseBy => "stigning på",
            Direction::DecreaseBy => "fald på",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InitiativeKind {
    #[default]
    Indsats,
    Projekt,
    #[serde(rename = "forløb", alias = "forloeb")]
    Forloeb,
    Tilbud,
    Samarbejde,
}

impl InitiativeKind {
    pub fn danish(self) -> &'static str {
        match self {
            InitiativeKind::Indsats => "Indsats",
            InitiativeKind::Projekt => "Projekt",
            InitiativeKind::Forloeb => "Forløb",
            InitiativeKind::Tilbud => "Tilbud",
            InitiativeKind::Samarbejde => "Samarbejde",
        }
    }
}

type Extra = BTreeMap<String, serde_json::Value>;

/// An ordinary page or section (`_index.md` outside the plan domain).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub template: Option<Loc<String>>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinisterGoalFront {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    pub years: Loc<Vec<i32>>,
    #[serde(default)]
    pub number: Loc<BTreeMap<YearKey, u32>>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupFront {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityFront {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub website: Option<Loc<String>>,
    #[serde(default)]
    pub jobcenter: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// A new municipality (`new kommune`) is a draft with its plans until published.
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFront {
    pub title: String,
    pub year: Loc<i32>,
    #[serde(default)]
    pub adopted: Option<Period>,
    #[serde(default)]
    pub source: Option<Loc<String>>,
    #[serde(default)]
    pub source_title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub summary_author: Option<String>,
    /// When the plan's page was last changed on the portal (a date), shown as "Senest
    /// opdateret"; from front matter so that builds stay byte-identical.
    #[serde(default)]
    pub updated: Option<Period>,
    /// The jobcenter's contact as the plan itself gives it (address, phone, e-mail).
    #[serde(default)]
    pub jobcenter_contact: Option<String>,
    /// Why the plan has no `source` link, or what the link is (shown beside it).
    #[serde(default)]
    pub source_note: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub goals: Vec<GoalFront>,
    #[serde(default)]
    pub targets: Vec<TargetFront>,
    #[serde(default)]
    pub minister_goal_notes: Vec<NoteFront>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalFront {
    pub id: Loc<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub minister_goals: Vec<Loc<String>>,
    #[serde(default)]
    pub target_groups: Vec<Loc<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFront {
    pub id: Loc<String>,
    #[serde(default)]
    pub goal: Option<Loc<String>>,
    #[serde(default)]
    pub label: Option<String>,
    pub text: String,
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default, deserialize_with = "finite")]
    pub value: Option<f64>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub deadline: Option<Period>,
    #[serde(default, deserialize_with = "finite")]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub baseline_at: Option<Period>,
    #[serde(default)]
    pub comparison: Option<String>,
    /// A remark shown with the target ("ca.", "antal personer, ikke fuldtidspersoner").
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub minister_goals: Vec<Loc<String>>,
    #[serde(default)]
    pub target_groups: Vec<Loc<String>>,
    #[serde(default)]
    pub chapter: Option<Loc<String>>,
    /// Measured results, each quarter's figure (`[[targets.results]]`); also read from a
    /// `resultater.csv` beside the plan. Checked in `link::results`.
    #[serde(default)]
    pub results: Vec<ResultFront>,
}

/// One measured result of a target. Everything but the date is optional here so that
/// `link::results` can report every missing or wrong field at once, with its position.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultFront {
    pub date: Loc<Period>,
    #[serde(default)]
    pub value: Option<Loc<ResultValue>>,
    /// For targets without a number: whether the result says the target is met.
    #[serde(default)]
    pub met: Option<Loc<bool>>,
    #[serde(default)]
    pub source: Option<Loc<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A result's value as written: a number, or text such as `"82 %"` or `"1,8"` whose
/// number and unit `link::results` checks against the target.
#[derive(Clone, Debug, PartialEq)]
pub enum ResultValue {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for ResultValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ResultValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("et tal som 1.8")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ResultValue, E> {
                Ok(ResultValue::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ResultValue, E> {
                Ok(ResultValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ResultValue, E> {
                Ok(ResultValue::Number(v as f64))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ResultValue, E> {
                Ok(ResultValue::Text(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteFront {
    pub minister_goal: Loc<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterFront {
    pub title: String,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub minister_goals: Vec<Loc<String>>,
    #[serde(default)]
    pub goals: Vec<Loc<String>>,
    #[serde(default)]
    pub target_groups: Vec<Loc<String>>,
    /// The chapter's `minister_goals` are a default for its initiatives only when the
    /// author says so: a chapter lists every goal it touches, its initiatives don't.
    #[serde(default)]
    pub initiatives_inherit: bool,
    #[serde(default)]
    pub initiatives: Vec<InitiativeFront>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFront {
    pub title: Loc<String>,
    #[serde(default)]
    pub heading: Option<Loc<String>>,
    #[serde(default)]
    pub id: Option<Loc<String>>,
    #[serde(default)]
    pub kind: InitiativeKind,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub minister_goals: Option<Vec<Loc<String>>>,
    #[serde(default)]
    pub goals: Option<Vec<Loc<String>>>,
    #[serde(default)]
    pub target_groups: Option<Vec<Loc<String>>>,
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

/// What a parsed text is called in diagnostics: front matter, or the settings of
/// config.toml.
pub(crate) struct Parsed {
    /// Headline of a syntax or type error: "ugyldig {whole}: …".
    pub whole: &'static str,
    /// An unknown name: "ukendt {field} `…`{field_of}".
    pub field: &'static str,
    pub field_of: &'static str,
}

const FRONT_MATTER: Parsed = Parsed {
    whole: "front matter",
    field: "felt",
    field_of: "",
};

/// Rewrites serde's messages ("unknown field `titel`, expected one of `title`, …") into
/// a Danish diagnostic with the expected names as a note and a "mente du".
pub(crate) fn serde_diagnostic(
    message: &str,
    file: &SourceFile,
    span: Range<usize>,
    parsed: &Parsed,
) -> Diagnostic {
    let message = message.trim();
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    for (prefix, what, of) in [
        ("unknown field", parsed.field, parsed.field_of),
        ("unknown variant", "værdi", ""),
    ] {
        if message.starts_with(prefix)
            && let Some((wrong, expected)) = ticked.split_first()
        {
            let mut d = Diagnostic::error(format!("ukendt {what} `{wrong}`{of}"))
                .in_file(file)
                .at(span.clone())
                .with_label("kendes ikke her");
            if !expected.is_empty() {
                d = d.with_note(format!("forventede en af: {}", expected.join(", ")));
            }
            return d.suggest(wrong, expected.iter().copied());
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Diagnostic::error(format!("feltet {field} mangler"))
            .in_file(file)
            .at(span)
            .with_help(format!("tilføj {field} i {}", parsed.whole));
    }
    // serde-saphyr: "cannot deserialize null into string; use Option<String>", for a
    // key with nothing after its colon.
    if let Some(rest) = message.strip_prefix("cannot deserialize null into ") {
        let wanted = rest.split(';').next().unwrap_or(rest);
        return Diagnostic::error(format!(
            "ugyldig {}: feltet har ingen værdi; forventede {}",
            parsed.whole,
            plain_type(wanted, false)
        ))
        .in_file(file)
        .at(span)
        .with_help("skriv en værdi efter feltets navn, eller fjern feltet");
    }
    let mut help = None;
    let (headline, note) = match message.split_once(", expected ") {
        Some((found, expected)) if message.starts_with("invalid type: ") => {
            let found = found.trim_start_matches("invalid type: ");
            let expected = plain_type(expected, false);
            if expected.contains("tal")
                && let Some(quoted) = found.strip_prefix("string ")
                && quoted.trim_matches('"').trim().parse::<f64>().is_ok()
            {
                help = Some(format!(
                    "skriv tallet uden anførselstegn: {}",
                    quoted.trim_matches('"').trim()
                ));
            }
            (
                format!(
                    "forkert type: forventede {expected}, fandt {}",
                    plain_found(found)
                ),
                None,
            )
        }
        Some((h, e)) if message.starts_with("invalid value") => (
            match h.strip_prefix("invalid value: ") {
                Some(found) => format!("ugyldig værdi: {}", plain_found(found)),
                None => h.to_string(),
            },
            Some(format!("forventede {}", plain_type(e, true))),
        ),
        // serde-saphyr: "invalid i32", "invalid boolean".
        _ if message.starts_with("invalid ")
            && plain_type(&message["invalid ".len()..], false) != &message["invalid ".len()..] =>
        {
            let what = plain_type(&message["invalid ".len()..], false);
            (format!("ugyldig værdi: forventede {what}"), None)
        }
        _ => (message.to_string(), None),
    };
    let headline = match headline.split_once(", set DuplicateKeyPolicy") {
        Some((h, _)) => h.to_string(),
        None => headline,
    };
    // serde-saphyr stops alias expansion ("billion laughs") with its budget; say so
    // without its internals.
    if headline.starts_with("budget breached") {
        return Diagnostic::error(
            "ugyldig front matter: YAML'en folder sig ud til for mange data (aliasser `*navn` gentaget inden i hinanden)",
        )
        .in_file(file)
        .at(span)
        .with_help("skriv værdierne ud; front matter har aldrig brug for aliasser så dybt inden i hinanden");
    }
    let written = file.text.get(span.clone()).unwrap_or("");
    help = help.or_else(|| syntax_help(&headline, written));
    let mut span = span;
    // YAML reports a tab just after it; point at the tab itself.
    if headline.contains("tabs") && span.start > 0 && file.text.as_bytes()[span.start - 1] == b'\t'
    {
        span = span.start - 1..span.start;
    }
    let mut d = Diagnostic::error(format!(
        "ugyldig {}: {}",
        parsed.whole,
        danish_syntax(&headline)
    ))
    .in_file(file)
    .at(span);
    if let Some(note) = note {
        d = d.with_note(note);
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// The TOML and YAML parsers' own messages for the mistakes people make most, in
/// Danish; anything else is shown as the parser wrote it.
fn danish_syntax(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        // TOML (toml_parser)
        ("invalid basic string", "ugyldig tekst"),
        (
            "invalid literal string",
            "ugyldig tekst i enkelte anførselstegn",
        ),
        (
            "invalid multi-line basic string",
            "ugyldig tekst over flere linjer",
        ),
        (
            "string values must be quoted",
            "tekst skal stå i anførselstegn",
        ),
        ("key with no value", "feltet har ingen værdi"),
        ("duplicate key", "feltet er skrevet to gange"),
        ("unclosed table", "tabellens overskrift er ikke lukket"),
        ("unclosed inline table", "tabellen er ikke lukket"),
        ("unclosed array", "listen er ikke lukket"),
        ("invalid unquoted key", "ugyldigt feltnavn"),
        ("unquoted keys cannot be empty", "feltnavnet mangler"),
        ("unexpected key or value", "uventet felt eller værdi"),
        ("invalid float", "ugyldigt tal"),
        ("floating-point number overflowed", "tallet er for stort"),
        ("invalid integer", "ugyldigt helt tal"),
        // YAML (serde-saphyr)
        ("mapping values are not allowed", "`: ` er ikke tilladt her"),
        ("unclosed quote", "anførselstegnet bliver aldrig lukket"),
        ("duplicate mapping key", "feltet er skrevet to gange"),
        ("expected string scalar", "forventede tekst"),
        (
            "while scanning a plain scalar, found a tab",
            "fandt en tabulator efter værdien",
        ),
        (
            "tabs disallowed",
            "tabulatorer er ikke tilladt i indrykning",
        ),
        (
            "illegal placement of ':' indicator",
            "`:` står et sted, hvor det ikke er tilladt",
        ),
        ("unexpected character", "uventet tegn"),
        (
            "while parsing a block mapping, did not find expected key",
            "forventede et felt",
        ),
        (
            "did not find expected <document start>",
            "uventet indhold (tjek indrykningen)",
        ),
        (
            "alias references unknown anchor",
            "aliasset henviser til et ukendt anker",
        ),
    ];
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, expected)) => (head, Some(expected)),
        None => (message, None),
    };
    let Some((english, danish)) = KNOWN.iter().find(|(english, _)| head.starts_with(english))
    else {
        return message.to_string();
    };
    // After a colon the parser names the culprit ("duplicate mapping key: title").
    let rest = &head[english.len()..];
    let rest = if rest.starts_with(':') { rest } else { "" };
    match expected {
        // The parser's grammar terms say nothing to an author.
        None | Some("nothing" | "literal string") => format!("{danish}{rest}"),
        Some(expected) => format!(
            "{danish}{rest}; forventede {}",
            expected
                .replace("letters, numbers", "bogstaver, tal")
                .replace("newline", "linjeskift")
                // A control character in a string: the parser lists what may stand there.
                .replace("non-double-quote visible characters", "synlige tegn")
                .replace("non-single-quote visible characters", "synlige tegn")
        ),
    }
}

/// serde names the Rust type it wanted ("i32", "a sequence"); people write numbers and
/// lists. `range` adds the limits, for values that had the right type but did not fit.
fn plain_type(expected: &str, range: bool) -> &str {
    match (expected.trim(), range) {
        (
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
            | "an integer",
            false,
        ) => "et helt tal (som 2021)",
        ("i32", true) => "et helt tal mellem -2147483648 og 2147483647",
        ("u32", true) => "et helt tal mellem 0 og 4294967295",
        ("u8", true) => "et helt tal mellem 0 og 255",
        ("i64" | "u64" | "usize" | "isize", true) => "et mindre helt tal",
        ("f32" | "f64" | "a float", _) => "et tal (som 82 eller 16.5)",
        ("a boolean" | "boolean" | "bool", _) => "true eller false (uden anførselstegn)",
        ("a sequence", _) => "en liste i firkantede parenteser (som [\"unge\"])",
        ("a string" | "string", _) => "tekst i dobbelte anførselstegn (som \"Unge\")",
        ("a map", _) => "en tabel af felter",
        (other, _) => other,
    }
}

/// serde's name for what it found ("string \"2021\"", "floating point `20.5`").
fn plain_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("teksten {s}");
    }
    for (serde, plain) in [
        ("floating point ", "tallet "),
        ("integer ", "tallet "),
        ("boolean ", ""),
    ] {
        if let Some(v) = found.strip_prefix(serde) {
            // A number too large for any integer type comes as "`…` as i128".
            let v = v.split("` as ").next().unwrap_or(v);
            return format!("{plain}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "en liste".into(),
        "map" => "en tabel".into(),
        other => other.into(),
    }
}

/// A fix for the TOML and YAML mistakes people make most, from the parser's message and
/// the text it points at.
fn syntax_help(message: &str, written: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("must be quoted") || m.contains("invalid string") {
        let typographic = ['“', '”', '„', '«', '»', '‘', '’'];
        return Some(if written.contains(typographic) {
            "brug lige anførselstegn `\"`, ikke typografiske som “ ”".into()
        } else {
            "sæt tekst i dobbelte anførselstegn, som `title = \"Unge\"`".into()
        });
    }
    let help = if m.contains("invalid basic string") || m.contains("unterminated") {
        "afslut teksten med `\"` på samme linje; tekst over flere linjer skrives mellem `\"\"\"` og `\"\"\"`"
    } else if m.contains("duplicate") {
        "hvert felt må kun skrives én gang: fjern eller omdøb det ene"
    } else if m.contains("tabs") || m.contains("a tab") {
        "YAML indrykkes kun med mellemrum: erstat tabulatoren med mellemrum"
    } else if m.contains("mapping values are not allowed") {
        "en værdi med `: ` i skal stå i anførselstegn, som title: \"Unge: flere i job\"; ellers tjek linjens indrykning"
    } else if m.contains("indicator") || m.contains("flow") {
        // Usually a `[` left open on a line above swallows the next line.
        "tjek linjerne ovenfor: en `[`, `{` eller et anførselstegn er måske ikke lukket, eller en værdi med `: ` skal måske i anførselstegn"
    } else if m.contains("unclosed") {
        "luk anførselstegnet eller parentesen, der åbner her"
    } else {
        return None;
    };
    Some(help.into())
}

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
