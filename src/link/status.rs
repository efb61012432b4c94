//! A target's follow-up status, computed from its results at build time.
//!
//! The rule (written for staff, with examples, in docs/results.md):
//!
//! - no result yet (for a target without a number: no result that says `met`) → no-data;
//! - the latest result meets the target → achieved;
//! - the deadline has passed (the build's "today" is after it) → not-achieved;
//! - before the deadline: at or beyond the straight line from the baseline to the
//!   target → on-track, short of it → behind; without a baseline (or without a
//!   deadline), the direction of the latest change decides.
//!
//! "Today" is the build's `--date` or else the newest result on the site, so the same
//! input always gives the same status. This module is pure: it uses the model's types
//! and nothing else.

use crate::load::front_matter::{Direction, Period};

use super::model::{Status, Target, TargetResult, with_unit};

/// What the rule needs to know about a target.
pub struct Rule<'a> {
    pub value: Option<f64>,
    pub direction: Option<Direction>,
    pub unit: Option<&'a str>,
    pub baseline: Option<f64>,
    pub baseline_at: Option<Period>,
    pub deadline: Option<Period>,
    pub plan_year: i32,
}

impl<'a> Rule<'a> {
    /// The rule of target `t`, whose baseline and deadline are the periods given.
    pub fn of(t: &'a Target, baseline_at: Option<Period>, deadline: Option<Period>) -> Self {
        Rule {
            value: t.value,
            direction: t.direction,
            unit: t.unit.as_deref(),
            baseline: t.baseline,
            baseline_at,
            deadline,
            plan_year: t.year,
        }
    }
}

/// A point in time as months since year 0, at the end of the period: a result for
/// "2021-12" is the level at the end of December, a deadline "2022" ends with 2022.
pub fn months(p: Period) -> f64 {
    let base = f64::from(p.year) * 12.0;
    match (p.quarter, p.month, p.day) {
        (Some(q), _, _) => base + f64::from(q) * 3.0,
        (_, Some(m), Some(d)) => {
            base + f64::from(m) - 1.0 + f64::from(d) / f64::from(days_in(p.year, m))
        }
        (_, Some(m), None) => base + f64::from(m),
        _ => base + 12.0,
    }
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What a target's numbers aim at: the level to reach, and whether higher is better.
/// For `increase-by`/`decrease-by` the results are the change since the baseline (in
/// the target's unit), so the aim is the size of the change and it starts from 0.
#[derive(Clone, Copy, Debug)]
pub struct Aim {
    pub goal: f64,
    pub rising: bool,
    pub is_change: bool,
}

pub fn aim(rule: &Rule) -> Option<Aim> {
    let goal = rule.value?;
    let (rising, is_change) = match rule.direction {
        Some(Direction::AtMost) => (false, false),
        Some(Direction::IncreaseBy | Direction::DecreaseBy) => (true, true),
        Some(Direction::AtLeast) => (true, false),
        // "exactly" (and no direction): reach the number from wherever the baseline is.
        _ => (rule.baseline.is_none_or(|b| b <= goal), false),
    };
    Some(Aim {
        goal,
        rising,
        is_change,
    })
}

/// The start of the straight line: (time, level). A level target needs a baseline (at
/// its `baseline_at`, else the start of the plan's year); a change starts from 0 at
/// `baseline_at`.
pub fn start(rule: &Rule, aim: &Aim) -> Option<(f64, f64)> {
    if aim.is_change {
        return rule.baseline_at.map(|at| (months(at), 0.0));
    }
    let b = rule.baseline?;
    let t = rule
        .baseline_at
        .map_or(f64::from(rule.plan_year) * 12.0, months);
    Some((t, b))
}

/// The status and one sentence saying why.
pub fn status(rule: &Rule, results: &[TargetResult], today: Option<Period>) -> (Status, String) {
    let Some(aim) = aim(rule) else {
        return qualitative(rule, results, today);
    };
    let numbers: Vec<(Period, f64)> = results
        .iter()
        .filter_map(|r| r.value.map(|v| (r.period, v)))
        .collect();
    let Some(&(at, latest)) = numbers.last() else {
        return (Status::NoData, "Der er ingen resultater endnu.".into());
    };
    let unit = rule.unit;
    let shown = |v: f64| with_unit(v, unit);
    let latest_text = if aim.is_change {
        format!("en ændring på {} ({})", shown(latest), at.danish())
    } else {
        format!("{} ({})", shown(latest), at.danish())
    };
    let meets = |v: f64| {
        if aim.rising {
            v >= aim.goal - 1e-9
        } else {
            v <= aim.goal + 1e-9
        }
    };
    let goal_text = shown(aim.goal);
    if meets(latest) {
        return (
            Status::Achieved,
            format!("Seneste resultat, {latest_text}, når målet på {goal_text}."),
        );
    }
    let now = today.map_or(months(at), months).max(months(at));
    if let Some(deadline) = rule.deadline
        && now > months(deadline) + 1e-9
    {
        return (
            Status::NotAchieved,
            format!(
                "Fristen, {}, er passeret, og seneste resultat, {latest_text}, når ikke målet på {goal_text}.",
                deadline.danish()
            ),
        );
    }
    let beyond = |v: f64, than: f64| {
        if aim.rising {
            v >= than - 1e-9
        } else {
            v <= than + 1e-9
        }
    };
    if let (Some((t0, v0)), Some(deadline)) = (start(rule, &aim), rule.deadline) {
        let t1 = months(deadline);
        if t1 > t0 {
            let share = ((months(at) - t0) / (t1 - t0)).clamp(0.0, 1.0);
            let expected = v0 + (aim.goal - v0) * share;
            let expected_text = shown(round(expected));
            return if beyond(latest, expected) {
                (
                    Status::OnTrack,
                    format!(
                        "Seneste resultat, {latest_text}, er på eller foran den lige linje fra udgangspunktet til målet, som var {expected_text} på det tidspunkt."
                    ),
                )
            } else {
                (
                    Status::Behind,
                    format!(
                        "Seneste resultat, {latest_text}, er bagud i forhold til den lige linje fra udgangspunktet til målet, som var {expected_text} på det tidspunkt."
                    ),
                )
            };
        }
    }
    // No line to compare with: the direction of the latest change decides.
    let previous = if numbers.len() >= 2 {
        Some(numbers[numbers.len() - 2].1)
    } else if aim.is_change {
        Some(0.0)
    } else {
        rule.baseline
    };
    match previous {
        Some(p) if (aim.rising && latest > p + 1e-9) || (!aim.rising && latest < p - 1e-9) => (
            Status::OnTrack,
            format!(
                "Målet er ikke nået endnu, men seneste resultat, {latest_text}, går den rigtige vej."
            ),
        ),
        Some(_) => (
            Status::Behind,
            format!(
                "Målet er ikke nået, og seneste resultat, {latest_text}, går ikke den rigtige vej."
            ),
        ),
        None => (
            Status::Behind,
            format!(
                "Målet er ikke nået, og ét resultat, {latest_text}, viser endnu ingen udvikling."
            ),
        ),
    }
}

/// A target without a number gets a status only from a result that says so (`met`).
fn qualitative(rule: &Rule, results: &[TargetResult], today: Option<Period>) -> (Status, String) {
    let Some(r) = results.iter().rev().find(|r| r.met.is_some()) else {
        return (
            Status::NoData,
            "Intet resultat siger endnu, om målet er nået.".into(),
        );
    };
    if r.met == Some(true) {
        return (
            Status::Achieved,
            format!("Resultatet for {} siger, at målet er nået.", r.date_text),
        );
    }
    let now = today.map_or(months(r.period), months).max(months(r.period));
    match rule.deadline {
        Some(d) if now > months(d) + 1e-9 => (
            Status::NotAchieved,
            format!(
                "Fristen, {}, er passeret, og resultatet for {} siger, at målet ikke er nået.",
                d.danish(),
                r.date_text
            ),
        ),
        _ => (
            Status::Behind,
            format!(
                "Resultatet for {} siger, at målet ikke er nået endnu.",
                r.date_text
            ),
        ),
    }
}

/// A computed level shown with at most two decimals.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).expect("a period")
    }

    fn result(date: &str, value: Option<f64>, met: Option<bool>) -> TargetResult {
        TargetResult {
            date: date.into(),
            date_text: p(date).danish(),
            value,
            value_text: None,
            met,
            source: "Jobindsats".into(),
            note: None,
            period: p(date),
        }
    }

    fn rule<'a>(value: Option<f64>, direction: Direction) -> Rule<'a> {
        Rule {
            value,
            direction: Some(direction),
            unit: Some("%"),
            baseline: Some(2.5),
            baseline_at: Some(p("2020-12")),
            deadline: Some(p("2022-12")),
            plan_year: 2021,
        }
    }

    #[test]
    fn the_documented_examples() {
        // At most 1,5 % by December 2022, from 2,5 % in December 2020.
        let r = rule(Some(1.5), Direction::AtMost);
        let s = |results: &[TargetResult], today: Option<&str>| status(&r, results, today.map(p)).0;
        assert_eq!(s(&[], None), Status::NoData);
        assert_eq!(
            s(&[result("2022-06", Some(1.4), None)], None),
            Status::Achieved
        );
        // Halfway in time the line is at 2,0 %: 1,9 % is ahead of it, 2,2 % behind.
        assert_eq!(
            s(&[result("2021-12", Some(1.9), None)], None),
            Status::OnTrack
        );
        assert_eq!(
            s(&[result("2021-12", Some(2.2), None)], None),
            Status::Behind
        );
        assert_eq!(
            s(&[result("2022-12", Some(1.8), None)], Some("2023-01-15")),
            Status::NotAchieved
        );
        // On the deadline's last day the deadline has not passed yet.
        assert_eq!(
            s(&[result("2022-06", Some(1.8), None)], Some("2022-12-31")),
            Status::Behind
        );
    }

    #[test]
    fn without_a_baseline_the_latest_change_decides() {
        let mut r = rule(Some(200.0), Direction::AtLeast);
        r.baseline = None;
        r.unit = Some("virksomheder");
        let s = |results: &[TargetResult]| status(&r, results, None).0;
        let up = [
            result("2022-03", Some(150.0), None),
            result("2022-06", Some(170.0), None),
        ];
        let down = [
            result("2022-03", Some(150.0), None),
            result("2022-06", Some(140.0), None),
        ];
        assert_eq!(s(&up), Status::OnTrack);
        assert_eq!(s(&down), Status::Behind);
        assert_eq!(s(&up[..1]), Status::Behind);
    }

    #[test]
    fn changes_are_measured_from_zero() {
        // A fall of 10 % by the end of 2022, counted from December 2019.
        let mut r = rule(Some(10.0), Direction::DecreaseBy);
        r.baseline = None;
        r.baseline_at = Some(p("2019-12"));
        let s = |v: f64| status(&r, &[result("2021-06", Some(v), None)], None).0;
        // 18 of 36 months gone: the line is at 5.
        assert_eq!(s(6.0), Status::OnTrack);
        assert_eq!(s(4.0), Status::Behind);
        assert_eq!(s(10.0), Status::Achieved);
    }

    #[test]
    fn qualitative_targets_need_a_result_that_says_so() {
        let r = rule(None, Direction::AtLeast);
        let s = |results: &[TargetResult], today: Option<&str>| status(&r, results, today.map(p)).0;
        assert_eq!(
            s(&[result("2022-06", Some(3.0), None)], None),
            Status::NoData
        );
        assert_eq!(
            s(&[result("2022-06", None, Some(true))], None),
            Status::Achieved
        );
        assert_eq!(
            s(&[result("2022-06", None, Some(false))], None),
            Status::Behind
        );
        assert_eq!(
            s(&[result("2022-06", None, Some(false))], Some("2023-02")),
            Status::NotAchieved
        );
    }

    #[test]
    fn periods_end_where_they_should() {
        assert_eq!(months(p("2022")), months(p("2022-12")));
        assert_eq!(months(p("2022-Q4")), months(p("2022-12")));
        assert_eq!(months(p("2022-12-31")), months(p("2022-12")));
        assert!(months(p("2023-01-01")) > months(p("2022")));
    }
}
