//! What the plan promises: result targets with their numbers, local goals, and
//! initiatives tied to their headings.
//!
//! Owns reading sentences for targets ("reduceres med 10 pct.", "fra 17,2 pct. til 16,5
//! pct. pr. 4. kvartal 2020", "som minimum … 57 pct.") into value, unit, direction,
//! baseline, deadline and comparison. Only what the sentence says is filled in; the
//! sentence itself is kept whole as the target's text. Works on `structure.rs`'s
//! chapters; links to the minister's goals are `links.rs`'s.

use serde::Serialize;

use super::numbers::parse;
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
