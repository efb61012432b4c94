//! Dates as plans write them: a day, a month, a quarter or a year ([`Period`]), and a
//! year as a map key ([`YearKey`]), from TOML's date values, YAML's strings and numbers
//! alike.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::text::MONTHS;

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
