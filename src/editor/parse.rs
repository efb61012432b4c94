//! Danish input as people write it, turned into the schema's form: numbers with a
//! decimal comma and thousands dots (`2,5`, `1.200`, `12 %`), dates and periods in words
//! (`31. december 2022`, `dec. 2022`, `4. kvartal 2022`) and directions in Danish words.
//!
//! Uses only `Period` and `Direction` from the front-matter types; knows nothing of
//! forms or files. Every error is a Danish sentence for the field it belongs to.

use crate::load::front_matter::{Direction, Period};

/// A number as written in a form: the value, and whether a `%` followed it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    pub percent: bool,
}

/// Parses `2,5`, `-3`, `1.200`, `1 200`, `12 %`, `12%`, `2.5` (a point as decimal mark
/// is accepted where it cannot be a thousands dot).
pub fn number(input: &str) -> Result<Number, String> {
    let s = input.trim();
    let (s, percent) = match s.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => match s.strip_suffix("pct.").or_else(|| s.strip_suffix("procent")) {
            Some(rest) => (rest.trim_end(), true),
            None => (s, false),
        },
    };
    let bad = || {
        format!(
            "`{}` er ikke et tal; skriv fx 2,5 eller 12 % (komma som decimaltegn)",
            input.trim()
        )
    };
    if s.is_empty() {
        return Err(bad());
    }
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let body = s.strip_prefix(['-', '+']).unwrap_or(&s);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(bad());
    }
    if body.matches(',').count() > 1 {
        return Err(bad());
    }
    let normalised = if body.contains(',') {
        // Danish: points group thousands, the comma is the decimal mark.
        let (int, frac) = body.split_once(',').unwrap_or((body, ""));
        if !thousands_ok(int) || frac.contains('.') || frac.is_empty() {
            return Err(bad());
        }
        format!("{}.{frac}", int.replace('.', ""))
    } else if body.matches('.').count() == 1 {
        // `1.200` is a thousand and two hundred; `2.5` can only be two and a half.
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if frac.len() == 3 && !int.is_empty() && !int.starts_with('0') {
            body.replace('.', "")
        } else {
            body.to_string()
        }
    } else if body.contains('.') {
        if !thousands_ok(body) {
            return Err(bad());
        }
        body.replace('.', "")
    } else {
        body.to_string()
    };
    let sign = if s.starts_with('-') { "-" } else { "" };
    let value: f64 = format!("{sign}{normalised}").parse().map_err(|_| bad())?;
    if !value.is_finite() {
        return Err(bad());
    }
    Ok(Number { value, percent })
}

fn thousands_ok(int: &str) -> bool {
    let groups: Vec<&str> = int.split('.').collect();
    groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3))
}

/// A number the Danish way, as the form shows it: `2,5`, `1200`, `-3`.
pub fn show_number(v: f64) -> String {
    let s = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    };
    s.replace('.', ",")
}

/// The short forms people write for each month (`dec. 2022`), in the order of
/// [`crate::text::MONTHS`].
const SHORT_MONTHS: [&[&str]; 12] = [
    &["jan"],
    &["feb"],
    &["mar", "mrt"],
    &["apr"],
    &[],
    &["jun"],
    &["jul"],
    &["aug"],
    &["sep", "sept"],
    &["okt"],
    &["nov"],
    &["dec"],
];

fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    crate::text::month_number(&w).or_else(|| {
        SHORT_MONTHS
            .iter()
            .position(|short| short.contains(&w.as_str()))
            .map(|i| i as u8 + 1)
    })
}

/// Parses a date or period: `31. december 2022`, `31.12.2022`, `31/12/2022`,
/// `dec. 2022`, `december 2022`, `4. kvartal 2022`, `Q4 2022`, `2022`, and the schema's
/// own `2022-12-31`, `2022-12`, `2022-Q4`.
pub fn period(input: &str) -> Result<Period, String> {
    let s = input.trim();
    let bad = || {
        format!(
            "`{s}` er ikke en dato; skriv fx 31. december 2022, dec. 2022, 4. kvartal 2022 eller 2022"
        )
    };
    if s.is_empty() {
        return Err(bad());
    }
    if s.contains('-') || s.chars().all(|c| c.is_ascii_digit()) {
        return Period::parse(s);
    }
    let iso = |y: &str, m: u8, d: Option<&str>| -> Result<Period, String> {
        let text = match d {
            Some(d) => format!("{y}-{m:02}-{:0>2}", d),
            None => format!("{y}-{m:02}"),
        };
        Period::parse(&text).map_err(|_| bad())
    };
    // 31.12.2022 or 31/12/2022
    let numeric: Vec<&str> = s.split(['.', '/']).map(str::trim).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let m: u8 = numeric[1].parse().map_err(|_| bad())?;
        if numeric[2].len() != 4 || numeric[0].len() > 2 {
            return Err(bad());
        }
        return iso(numeric[2], m, Some(numeric[0]));
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        // 4. kvartal 2022, 4 kvt. 2022
        [q, k, y] if k.to_lowercase().starts_with("kv") => {
            let q = q.trim_end_matches('.');
            Period::parse(&format!("{y}-Q{q}")).map_err(|_| bad())
        }
        // Q4 2022
        [q, y] if q.starts_with(['Q', 'q']) => {
            Period::parse(&format!("{y}-{q}")).map_err(|_| bad())
        }
        // 31. december 2022
        [d, m, y] => {
            let d = d.trim_end_matches('.');
            let m = month(m).ok_or_else(bad)?;
            if !d.chars().all(|c| c.is_ascii_digit()) || d.is_empty() || d.len() > 2 {
                return Err(bad());
            }
            iso(y, m, Some(d))
        }
        // dec. 2022
        [m, y] => iso(y, month(m).ok_or_else(bad)?, None),
        _ => Err(bad()),
    }
}

/// The directions in Danish, in the order the form offers them, with their schema word.
pub const DIRECTIONS: [(Direction, &str, &str); 5] = [
    (Direction::AtLeast, "at-least", "mindst"),
    (Direction::AtMost, "at-most", "højst"),
    (Direction::Exactly, "exactly", "præcis"),
    (Direction::IncreaseBy, "increase-by", "stigning på"),
    (Direction::DecreaseBy, "decrease-by", "fald på"),
];

/// A direction from the form (its schema word) or typed in Danish.
pub fn direction(input: &str) -> Result<Option<&'static str>, String> {
    let s = input.trim().to_lowercase();
    if s.is_empty() {
        return Ok(None);
    }
    DIRECTIONS
        .iter()
        .find(|(_, schema, da)| *schema == s || *da == s)
        .map(|(_, schema, _)| Some(*schema))
        .ok_or_else(|| {
            format!(
                "`{}` er ikke en retning; vælg en af: {}",
                input.trim(),
                DIRECTIONS.map(|d| d.2).join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_numbers() {
        let n = |s: &str| number(s).map(|n| (n.value, n.percent));
        assert_eq!(n("2,5"), Ok((2.5, false)));
        assert_eq!(n("12 %"), Ok((12.0, true)));
        assert_eq!(n("12%"), Ok((12.0, true)));
        assert_eq!(n("1.200"), Ok((1200.0, false)));
        assert_eq!(n("1 200,75"), Ok((1200.75, false)));
        assert_eq!(n("-3"), Ok((-3.0, false)));
        assert_eq!(n("2.5"), Ok((2.5, false)));
        assert_eq!(n("0.125"), Ok((0.125, false)));
        assert_eq!(n("3,5 pct."), Ok((3.5, true)));
        for bad in ["", "to", "2,5,1", "1.20,5", "12 kr", "2,", "inf", "NaN"] {
            assert!(number(bad).is_err(), "{bad}");
        }
        assert_eq!(show_number(2.5), "2,5");
        assert_eq!(show_number(10.0), "10");
    }

    #[test]
    fn danish_dates() {
        let p = |s: &str| period(s).map(|p| p.to_string());
        assert_eq!(p("31. december 2022").as_deref(), Ok("2022-12-31"));
        assert_eq!(p("1. marts 2023").as_deref(), Ok("2023-03-01"));
        assert_eq!(p("dec. 2022").as_deref(), Ok("2022-12"));
        assert_eq!(p("December 2022").as_deref(), Ok("2022-12"));
        assert_eq!(p("4. kvartal 2022").as_deref(), Ok("2022-Q4"));
        assert_eq!(p("Q2 2022").as_deref(), Ok("2022-Q2"));
        assert_eq!(p("31.12.2022").as_deref(), Ok("2022-12-31"));
        assert_eq!(p("5/1/2022").as_deref(), Ok("2022-01-05"));
        assert_eq!(p("2022").as_deref(), Ok("2022"));
        assert_eq!(p("2022-12-31").as_deref(), Ok("2022-12-31"));
        for bad in [
            "31. decembar 2022",
            "30. februar 2022",
            "i morgen",
            "13.13.2022",
        ] {
            assert!(period(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn directions_in_danish() {
        assert_eq!(direction("mindst"), Ok(Some("at-least")));
        assert_eq!(direction("fald på"), Ok(Some("decrease-by")));
        assert_eq!(direction("at-most"), Ok(Some("at-most")));
        assert_eq!(direction(""), Ok(None));
        assert!(direction("over").is_err());
    }
}
