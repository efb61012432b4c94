//! A target's sentence read into its numbers: value, unit, direction, baseline,
//! deadline or a comparison ("reduceres med 10 pct.", "fra 17,2 pct. til 16,5 pct. pr.
//! 4. kvartal 2020", "som minimum … 57 pct.", "bedre end landsgennemsnittet"). Only what
//! the sentence says is filled in. `promises.rs` finds the sentences.

use super::promises::Target;

#[derive(Debug, Clone)]
struct Num {
    value: f64,
    text: String,
    /// Word index in the sentence.
    at: usize,
}

fn number_word(w: &str) -> Option<f64> {
    let n = match w {
        "to" => 2.0,
        "tre" => 3.0,
        "fire" => 4.0,
        "fem" => 5.0,
        "seks" => 6.0,
        "syv" => 7.0,
        "otte" => 8.0,
        "ni" => 9.0,
        "ti" => 10.0,
        _ => return None,
    };
    Some(n)
}

fn parse_number(w: &str) -> Option<(f64, String)> {
    let t = w.trim_matches(|c: char| !c.is_ascii_digit());
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    // "1.000" is a thousand; "2.5" and "16,5" are decimals.
    let v = if let Some((a, b)) = t.split_once('.') {
        if b.len() == 3 && !b.contains('.') {
            format!("{a}{b}")
        } else {
            format!("{a}.{b}")
        }
    } else {
        t.replace(',', ".")
    };
    v.parse::<f64>().ok().map(|n| (n, t.to_string()))
}

/// Words after a number that are not its unit (month names are recognised by
/// [`crate::text::month_number`]).
const UNIT_SKIP: &[&str] = &[
    "pct", "pct.", "procent", "%", "år", "år.", "kvartal", "uger", "ugers", "timer", "mdr.",
    "måneder", "og", "eller", "til", "i", "af", "pr.",
];

/// Reads one sentence into a target's numbers.
pub(super) fn parse(s: &str, year: i32) -> Target {
    let words: Vec<&str> = s.split_whitespace().collect();
    let lw: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut nums: Vec<Num> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let Some((v, text)) = parse_number(w) else {
            continue;
        };
        let next = lw.get(i + 1).map(String::as_str).unwrap_or("");
        let prev = if i > 0 { lw[i - 1].as_str() } else { "" };
        let is_year = (1990.0..=2100.0).contains(&v) && v.fract() == 0.0 && !w.contains(['%', ',']);
        let is_ordinal = w.ends_with('.')
            && !w.contains(',')
            && (next.starts_with("kvartal")
                || next.starts_with("januar")
                || next.starts_with("december")
                || next.starts_with("halvår"));
        let is_range =
            w.contains('-') || next.starts_with("år") && !w.ends_with('%') && prev != "med";
        let is_ago = next.starts_with("ugers") || next.starts_with("mdr") || next.starts_with("år");
        if is_year
            || is_ordinal
            || (is_range && !w.ends_with('%'))
            || (is_ago && !next.starts_with("års"))
        {
            continue;
        }
        nums.push(Num {
            value: v,
            text,
            at: i,
        });
    }
    if nums.is_empty() {
        for (i, w) in lw.iter().enumerate() {
            if let Some(v) = number_word(w)
                && lw.get(i + 1).is_some_and(|n| n.len() > 3)
            {
                nums.push(Num {
                    value: v,
                    text: w.clone(),
                    at: i,
                });
            }
        }
    }
    let unit_of = |n: &Num| -> Option<String> {
        let w = words[n.at];
        if w.ends_with('%') || w.ends_with("%.") {
            return Some("%".into());
        }
        let next = lw.get(n.at + 1)?;
        let bare = next.trim_end_matches(['.', ',', ')']);
        if ["pct", "procent", "%", "procentpoint"].contains(&bare) {
            return Some(if bare == "procentpoint" {
                "procentpoint".into()
            } else {
                "%".into()
            });
        }
        if UNIT_SKIP.contains(&next.as_str())
            || crate::text::month_number(next).is_some()
            || !bare.chars().all(char::is_alphabetic)
            || bare.is_empty()
        {
            return None;
        }
        // "15 psykisk udsatte borgere": the noun is the last of the adjectives' run.
        let mut j = n.at + 1;
        while j + 1 < lw.len()
            && (lw[j].ends_with('e') && !lw[j].ends_with("re") || lw[j] == "psykisk")
            && lw[j + 1].chars().all(char::is_alphabetic)
            && j < n.at + 3
        {
            j += 1;
        }
        let noun = words[j].trim_end_matches(['.', ',', ')', ';']);
        noun.chars()
            .all(char::is_alphabetic)
            .then(|| noun.to_string())
    };
    let has = |w: &str| lw.iter().any(|x| x.trim_end_matches([',', '.']) == w);
    let decrease = lw.iter().any(|w| {
        [
            "reduceres",
            "falde",
            "falder",
            "nedbringes",
            "nedbragt",
            "reducere",
            "mindskes",
            "halveres",
        ]
        .contains(&w.trim_end_matches([',', '.']))
    });
    let increase = lw.iter().any(|w| {
        [
            "øges", "stige", "stiger", "øge", "forøges", "øget", "forøget",
        ]
        .contains(&w.trim_end_matches([',', '.']))
    });
    let mut t = Target {
        text: s.trim().to_string(),
        line: 0,
        chapter: 0,
        label: None,
        value: None,
        value_text: None,
        unit: None,
        direction: None,
        baseline: None,
        deadline: None,
        deadline_assumed: false,
        comparison: comparison(s),
    };
    // The number the promise is about: after "til" (a level), after "med" (a change),
    // after "mindst"/"minimum"/"højst", else the first.
    let before = |n: &Num, words: &[&str]| -> bool {
        (1..=3).any(|k| n.at >= k && words.contains(&lw[n.at - k].trim_end_matches(['.', ','])))
    };
    let fra_til = nums
        .iter()
        .find(|n| n.at > 0 && lw[n.at - 1] == "fra")
        .and_then(|from| {
            nums.iter()
                .find(|n| {
                    n.at > from.at && n.at >= 1 && (lw[n.at - 1] == "til" || before(n, &["til"]))
                })
                .map(|to| (from.clone(), to.clone()))
        });
    let chosen: Option<(Num, &'static str)> = if let Some((from, to)) = &fra_til {
        if unit_of(from).is_some() && unit_of(to).is_some() || unit_of(to).is_some() {
            t.baseline = Some(from.value);
            Some((to.clone(), "exactly"))
        } else {
            None
        }
    } else {
        None
    };
    let chosen = chosen.or_else(|| {
        let n = nums
            .iter()
            .find(|n| {
                before(
                    n,
                    &[
                        "mindst",
                        "minimum",
                        "min",
                        "højst",
                        "maksimalt",
                        "max",
                        "maks",
                    ],
                )
            })
            .or_else(|| nums.iter().find(|n| before(n, &["med", "til"])))
            .or_else(|| nums.iter().find(|n| unit_of(n).is_some()))
            .or_else(|| nums.first())?;
        let dir = if before(n, &["højst", "maksimalt", "max", "maks"]) {
            "at-most"
        } else if before(n, &["med"]) && decrease {
            "decrease-by"
        } else if before(n, &["med"]) && increase {
            "increase-by"
        } else if before(n, &["mindst", "minimum", "min"]) {
            if decrease && !before(n, &["til"]) {
                "decrease-by"
            } else if increase && !before(n, &["til"]) {
                "increase-by"
            } else {
                "at-least"
            }
        } else if has("top") {
            "at-most"
        } else {
            "exactly"
        };
        Some((n.clone(), dir))
    });
    if let Some((n, dir)) = chosen {
        t.value = Some(n.value);
        t.value_text = Some(n.text.clone());
        t.unit = unit_of(&n);
        t.direction = Some(dir);
    }
    t.deadline = deadline(&lw);
    if t.deadline.is_none() {
        t.deadline = Some(year.to_string());
        t.deadline_assumed = true;
    }
    t
}

/// "på niveau med …", "bedre end landsgennemsnittet": a target without a number.
fn comparison(s: &str) -> Option<String> {
    let l = s.to_lowercase();
    let starts = [
        "på niveau med",
        "bedre end",
        "lavere end",
        "højere end",
        "mere end for gennemsnittet",
        "under landsgennemsnittet",
        "over landsgennemsnittet",
    ];
    let at = starts.iter().filter_map(|p| l.find(p)).min()?;
    let tail = &s[at..];
    // Up to a following "pr. 4. kvartal" or the end of the sentence.
    let end = tail.find(" pr. ").unwrap_or(tail.len());
    Some(tail[..end].trim_end_matches(['.', ' ']).to_string())
}

fn month(w: &str) -> Option<u32> {
    crate::text::month_number(w.trim_end_matches([',', '.'])).map(u32::from)
}

fn year_of(w: &str) -> Option<i32> {
    let t = w.trim_matches(|c: char| !c.is_ascii_digit());
    (t.len() == 4)
        .then(|| t.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

/// The period a target is to be met by: the last quarter, month or year-end named.
fn deadline(lw: &[String]) -> Option<String> {
    let mut found: Option<String> = None;
    for i in 0..lw.len() {
        let w = lw[i].as_str();
        if let Some(y) = year_of(w) {
            let prev = if i > 0 { lw[i - 1].as_str() } else { "" };
            let prev2 = if i > 1 { lw[i - 2].as_str() } else { "" };
            let period = if prev == "kvartal" || (prev == "i" && prev2 == "kvartal") {
                let q = if prev == "kvartal" {
                    prev2
                } else {
                    lw.get(i.wrapping_sub(3)).map(String::as_str).unwrap_or("")
                };
                q.trim_end_matches('.')
                    .parse::<u32>()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .map(|q| format!("{y}-Q{q}"))
            } else if let Some(m) = month(prev) {
                Some(format!("{y}-{m:02}"))
            } else if ["ultimo", "udgangen", "slutningen"]
                .iter()
                .any(|k| prev == *k || prev2 == *k)
            {
                Some(format!("{y}-12"))
            } else if prev == "fra"
                || prev == "niveauet"
                || (prev == "for" && prev2 == "niveauet")
                || prev == "siden"
            {
                None
            } else {
                Some(y.to_string())
            };
            // A later mention replaces an earlier ("fra 4. kvartal 2020 til 4. kvartal i 2021").
            if let Some(p) = period
                && found.as_ref().is_none_or(|f| f[..4] <= p[..4])
            {
                found = Some(p);
            }
        }
    }
    found
}
