//! What the plan promises: result targets with their numbers, local goals, and
//! initiatives tied to their headings.
//!
//! Owns reading sentences for targets ("reduceres med 10 pct.", "fra 17,2 pct. til 16,5
//! pct. pr. 4. kvartal 2020", "som minimum … 57 pct.") into value, unit, direction,
//! baseline, deadline and comparison. Only what the sentence says is filled in; the
//! sentence itself is kept whole as the target's text. Works on `structure.rs`'s
//! chapters; links to the minister's goals are `links.rs`'s.

use serde::Serialize;

use super::structure::Chapter;
use super::text::Kind;

#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub text: String,
    pub line: usize,
    /// Index of the chapter it was found in.
    pub chapter: usize,
    pub label: Option<String>,
    pub value: Option<f64>,
    /// The number as the plan writes it ("16,5"), for the report.
    pub value_text: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<&'static str>,
    pub baseline: Option<f64>,
    pub deadline: Option<String>,
    /// Whether the deadline is the plan's year because the sentence gives none.
    pub deadline_assumed: bool,
    pub comparison: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Goal {
    pub title: String,
    pub line: usize,
    pub chapter: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Initiative {
    pub title: String,
    /// The heading text in the chapter's body it belongs to.
    pub heading: String,
    pub chapter: usize,
    pub line: usize,
    pub kind: &'static str,
    /// The first sentence under it, for finding links.
    pub lead: String,
}

/// Abbreviations that end with a full stop inside a sentence.
const ABBREVIATIONS: &[&str] = &[
    "pr", "ca", "jf", "mv", "inkl", "evt", "nr", "min", "max", "ift", "vedr", "bl.a", "f.eks",
    "m.v", "mdr", "kl", "pkt", "ang", "dvs", "mht",
];

/// Splits a paragraph into sentences at a full stop followed by a capital letter,
/// except after an abbreviation or an ordinal ("4. Kvartal" does not end one).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
        let next_upper = words
            .get(i + 1)
            .is_some_and(|n| n.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“'));
        if (w.ends_with('.') || w.ends_with('!') || w.ends_with('?')) && next_upper {
            let bare = w.trim_end_matches('.').to_lowercase();
            let abbrev = ABBREVIATIONS.contains(&bare.as_str());
            let ordinal =
                !bare.is_empty() && bare.len() <= 2 && bare.chars().all(|c| c.is_ascii_digit());
            if !abbrev && !ordinal {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Words that make a sentence a promise rather than a description.
const PROMISE_WORDS: &[&str] = &[
    "skal",
    "reduceres",
    "øges",
    "forøges",
    "nedbringes",
    "nedbragt",
    "falde",
    "falder",
    "stige",
    "stiger",
    "halveres",
    "målet er",
    "målsætning",
    "mål om",
    "ambitionen er",
];
/// Words that make a sentence a forecast or a record of the past.
const NOT_PROMISE: &[&str] = &[
    "forventes",
    "steg ",
    "faldt ",
    "evalueres",
    "var der",
    "viste",
];
/// Section words under which every list item is a target.
const TARGET_SECTIONS: &[&str] = &[
    "resultatmål",
    "resultatkrav",
    "fokuspunkt",
    "mål for 20",
    "målsætninger for",
];

fn lower_has(text: &str, words: &[&str]) -> bool {
    let l = format!(" {} ", text.to_lowercase());
    words.iter().any(|w| l.contains(w))
}

/// "Resultatkrav 1:", "Resultatmål 2:", "Mål 3:": a target's label at the start.
fn label_prefix(text: &str) -> Option<(String, &str)> {
    let (head, rest) = text.split_once(':')?;
    let mut ws = head.split_whitespace();
    let word = ws.next()?;
    let num = ws.next()?;
    if ws.next().is_some() || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let l = word.to_lowercase();
    (l.starts_with("resultatkrav") || l.starts_with("resultatmål") || l == "mål" || l == "delmål")
        .then(|| (head.trim().to_string(), rest.trim()))
}

/// Finds the targets in every chapter.
pub fn targets(chapters: &[Chapter], year: i32) -> Vec<Target> {
    let mut out = Vec::new();
    for (ci, ch) in chapters.iter().enumerate() {
        let chapter_label = label_prefix(&ch.source_title).map(|(l, _)| l);
        let mut section = ch.source_title.clone();
        let mut lead = String::new();
        for b in &ch.body {
            match &b.kind {
                Kind::Heading(_) => {
                    section = b.text.clone();
                    lead.clear();
                    continue;
                }
                Kind::Table(_) => continue,
                _ => {}
            }
            let (label, body) = match label_prefix(&b.text) {
                Some((l, rest)) => (Some(l), rest.to_string()),
                None => (chapter_label.clone(), b.text.clone()),
            };
            let in_target_section = lower_has(&section, TARGET_SECTIONS)
                || chapter_label.is_some()
                || (matches!(b.kind, Kind::Item(_))
                    && lower_has(&lead, &["mål er:", "mål:", "resultatmål", "resultatkrav"]));
            let labelled = label_prefix(&b.text).is_some();
            let sents = sentences(&body);
            let mut taken = Vec::new();
            for s in &sents {
                let parsed = parse(s, year);
                let has_number = parsed.value.is_some() || parsed.comparison.is_some();
                let promise = lower_has(s, PROMISE_WORDS) && !lower_has(s, NOT_PROMISE);
                let keep =
                    (has_number && (promise || in_target_section) && !lower_has(s, NOT_PROMISE))
                        || (labelled && has_number);
                if keep {
                    taken.push(s.clone());
                }
            }
            if taken.is_empty()
                && (labelled
                    || (in_target_section
                        && matches!(b.kind, Kind::Item(_))
                        && chapter_label.is_some()))
                && let Some(first) = sents.first()
            {
                taken.push(first.clone());
            }
            // A labelled target is one target however many sentences it has.
            if labelled && !taken.is_empty() {
                taken = vec![body.clone()];
            }
            for s in taken {
                let mut t = parse(&s, year);
                t.line = b.line;
                t.chapter = ci;
                t.label = label.clone();
                out.push(t);
            }
            if matches!(b.kind, Kind::Para) {
                lead = b.text.clone();
            }
        }
    }
    out
}

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
fn parse(s: &str, year: i32) -> Target {
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

/// Headings that are about the plan rather than something it does.
const NOT_INITIATIVE: &[&str] = &[
    "resultatmål",
    "resultatkrav",
    "mål for",
    "målsætning",
    "ministerens",
    "udfordring",
    "situation",
    "baggrund",
    "indledning",
    "indhold",
    "fokuspunkt",
    "prioritering",
    "kilde",
    "budget",
    "økonomi",
    "status",
    "om ",
    "lokale",
    "ledighed",
    "udvikling i",
    "tabel",
    "figur",
    "strategi for at",
    "jobcentret skal levere",
    "overordnede",
];

/// Every heading inside a chapter is an initiative, except those that head the plan's
/// own description of itself (goals, background, the minister's goals).
pub fn initiatives(chapters: &[Chapter]) -> Vec<Initiative> {
    let mut out = Vec::new();
    for (ci, ch) in chapters.iter().enumerate() {
        for (bi, b) in ch.body.iter().enumerate() {
            if !matches!(b.kind, Kind::Heading(_)) {
                continue;
            }
            let l = b.text.to_lowercase();
            if NOT_INITIATIVE.iter().any(|w| l.contains(w))
                || b.text.split_whitespace().count() > 12
            {
                continue;
            }
            // A heading with nothing under it is a caption left from a figure.
            let lead = ch.body[bi + 1..]
                .iter()
                .take_while(|n| !matches!(n.kind, Kind::Heading(_)))
                .find(|n| !n.text.is_empty())
                .map(|n| n.text.clone());
            let Some(lead) = lead else { continue };
            let title = b
                .text
                .trim_end_matches(':')
                .trim_end_matches(" betyder")
                .to_string();
            let title = super::structure::clean_title(&title);
            let kind = if l.contains("projekt") {
                "projekt"
            } else if l.contains("samarbejde") || l.contains("partnerskab") {
                "samarbejde"
            } else if l.contains("forløb") {
                "forløb"
            } else if l.contains("tilbud") {
                "tilbud"
            } else {
                "indsats"
            };
            out.push(Initiative {
                title,
                heading: b.text.clone(),
                chapter: ci,
                line: b.line,
                kind,
                lead,
            });
        }
    }
    out
}

/// Local goals: the short items of a list the plan introduces as its goals or
/// "målsætninger", and chapters titled as a result target ("Resultatmål 1: …").
pub fn goals(chapters: &[Chapter]) -> Vec<Goal> {
    let mut out: Vec<Goal> = Vec::new();
    for (ci, ch) in chapters.iter().enumerate() {
        if label_prefix(&ch.source_title).is_some() {
            out.push(Goal {
                title: ch.title.clone(),
                line: ch.line,
                chapter: ci,
            });
        }
        let mut lead = String::new();
        for b in &ch.body {
            match &b.kind {
                Kind::Para | Kind::Heading(_) => lead = b.text.to_lowercase(),
                Kind::Item(_) => {
                    let is_goal_list = (lead.contains("målsætning")
                        || lead.contains("overordnede mål")
                        || lead.contains("strategiske mål"))
                        && lead.trim_end().ends_with(':');
                    let words = b.text.split_whitespace().count();
                    if is_goal_list
                        && (3..=16).contains(&words)
                        && !b.text.chars().any(|c| c.is_ascii_digit())
                    {
                        out.push(Goal {
                            title: b.text.trim_end_matches('.').to_string(),
                            line: b.line,
                            chapter: ci,
                        });
                    }
                }
                Kind::Table(_) => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_to_with_quarter() {
        let t = parse(
            "Andelen af ydelsesmodtagere i procent af befolkningen 16-66 år reduceres fra 17,2 pct. til 16,5 pct. pr. 4. kvartal 2020.",
            2020,
        );
        assert_eq!(t.value, Some(16.5));
        assert_eq!(t.baseline, Some(17.2));
        assert_eq!(t.direction, Some("exactly"));
        assert_eq!(t.unit.as_deref(), Some("%"));
        assert_eq!(t.deadline.as_deref(), Some("2020-Q4"));
    }

    #[test]
    fn decrease_by_minimum() {
        let t = parse(
            "Offentlige udgifter pr. person i arbejdsstyrken falder med minimum 2.5 procent og falder mere end for gennemsnittet for RAR Østjylland",
            2020,
        );
        assert_eq!(t.value, Some(2.5));
        assert_eq!(t.direction, Some("decrease-by"));
        assert!(t.comparison.is_some());
        let t = parse(
            "Antallet af borgere skal ved udgangen af 2022 være nedbragt med minimum 10 pct. i forhold til niveauet ved udgangen af december 2019.",
            2022,
        );
        assert_eq!((t.value, t.direction), (Some(10.0), Some("decrease-by")));
        assert_eq!(t.deadline.as_deref(), Some("2022-12"));
    }

    #[test]
    fn counts_and_units() {
        let t = parse(
            "I samarbejde mellem Jobcenter og SocialPsykiatrien kommer 15 psykisk udsatte borgere i hel eller delvis beskæftigelse.",
            2020,
        );
        assert_eq!((t.value, t.unit.as_deref()), (Some(15.0), Some("borgere")));
        let t = parse(
            "Den gennemsnitlige varighed skal ved udgangen af 2022 højst være på 9,9 uge, mod 10,6 uge i 2019.",
            2022,
        );
        assert_eq!((t.value, t.direction), (Some(9.9), Some("at-most")));
    }

    #[test]
    fn sentence_split_keeps_abbreviations() {
        let s = sentences(
            "Antal reduceres med 10 pct. Andelen øges til 20 pct. pr. 4. kvartal 2020. Slut.",
        );
        assert_eq!(s.len(), 3, "{s:?}");
    }
}
