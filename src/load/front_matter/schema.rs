//! The front matter's schema: one struct per kind of page (a page, a minister goal, a
//! target group, a municipality, a plan with its goals, targets and results, a chapter
//! with its initiatives). Every struct denies unknown fields; fields that later checks
//! point at are [`Loc`]s.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::Loc;
use super::{Period, YearKey};

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
