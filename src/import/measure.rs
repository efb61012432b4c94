//! How good an import is, against a plan published by hand: word accuracy of the
//! prose, chapters, targets with their numbers, and minister-goal links right, wrong
//! and missed. Used by `examples/import-accuracy.rs` and the tests' floors.
//!
//! Owns the comparison only; it reads the published plan's files with `toml` and the
//! draft from [`super::draft::Draft`].

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::Report;

#[derive(Debug, Default, Serialize)]
pub struct Measures {
    pub words_published: usize,
    /// Words of the draft's prose in the published prose, in order (LCS).
    pub words_matched: usize,
    pub word_accuracy: f64,
    /// The same for the input text as it came (the OCR baseline).
    pub baseline_accuracy: f64,
    pub flagged_before: usize,
    pub flagged_after: usize,
    pub chapters_published: usize,
    pub chapters_found: usize,
    pub chapters_matched: usize,
    pub targets_published: usize,
    pub targets_found: usize,
    pub targets_matched: usize,
    pub targets_numbers_exact: usize,
    pub links_right: usize,
    pub links_wrong: usize,
    pub links_missed: usize,
}

struct Published {
    chapters: Vec<(String, toml::Table, String)>,
    plan: toml::Table,
}

fn split_front(text: &str) -> (toml::Table, String) {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return (toml::Table::new(), text.to_string());
    };
    let Some(end) = rest.find("\n+++") else {
        return (toml::Table::new(), text.to_string());
    };
    let fm = rest[..end].parse::<toml::Table>().unwrap_or_default();
    let body = rest[end + 4..].to_string();
    (fm, body)
}

fn read_published(dir: &Path) -> Published {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut chapters = Vec::new();
    let mut plan = toml::Table::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let (fm, body) = split_front(&text);
        let body = without_portal_notes(&body);
        if f.file_name().is_some_and(|n| n == "_index.md") {
            plan = fm;
        } else if f.extension().is_some_and(|e| e == "md") {
            chapters.push((
                f.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                fm,
                body,
            ));
        }
    }
    Published { chapters, plan }
}

/// The mark on a heading the plan does not have (`content-model.md`, "the portal's own
/// words").
const ADDED_HEADING: &str = "*[red.: overskrift tilføjet af portalen]*";

/// The published text without what the portal added, marked as its own (a paragraph
/// `*Portalens note: …*`, an inline `*[red.: …]*`, a heading marked as added by the
/// portal, a figure the portal drew with `{{ chart(…) }}`, whose title and source are
/// the portal's words): the plan's words are what an import is measured against.
fn without_portal_notes(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        let start = line.trim_start();
        let start = start.strip_prefix("- ").unwrap_or(start).trim_start();
        if start.starts_with("*Portalens note:")
            || (start.starts_with('#') && line.contains(ADDED_HEADING))
            || (start.starts_with("{{") && start.contains("chart("))
        {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("*[red.:") {
            out.push_str(&rest[..at]);
            rest = rest[at..]
                .find("]*")
                .map_or("", |end| &rest[at + end + 2..]);
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// The words of prose: Markdown marks, numbers and punctuation left out.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

/// Length of the longest common subsequence of two word lists.
pub fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

/// Where two word lists differ, as (draft words, published words) runs between the
/// words they share in order: what the word accuracy misses, for reading.
pub fn word_diff(a: &[String], b: &[String]) -> Vec<(String, String)> {
    let w = b.len() + 1;
    let mut t = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            t[i * w + j] = if a[i] == b[j] {
                t[(i + 1) * w + j + 1] + 1
            } else {
                t[(i + 1) * w + j].max(t[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    let (mut da, mut db): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            if !da.is_empty() || !db.is_empty() {
                out.push((da.join(" "), db.join(" ")));
                da.clear();
                db.clear();
            }
            i += 1;
            j += 1;
        } else if j == b.len() || (i < a.len() && t[(i + 1) * w + j] >= t[i * w + j + 1]) {
            da.push(&a[i]);
            i += 1;
        } else {
            db.push(&b[j]);
            j += 1;
        }
    }
    if !da.is_empty() || !db.is_empty() {
        out.push((da.join(" "), db.join(" ")));
    }
    out
}

fn similar(a: &str, b: &str) -> f64 {
    let wa: BTreeSet<String> = words(&a.to_lowercase()).into_iter().collect();
    let wb: BTreeSet<String> = words(&b.to_lowercase()).into_iter().collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / wa.len().max(wb.len()) as f64
}

fn strs(t: &toml::Table, key: &str) -> Option<BTreeSet<String>> {
    t.get(key).and_then(|v| v.as_array()).map(|a| {
        a.iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect()
    })
}

fn array_tables<'a>(t: &'a toml::Table, key: &str) -> Vec<&'a toml::Table> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_table()).collect())
        .unwrap_or_default()
}

/// Compares the draft in `report` with the plan published in `published_dir`; `input`
/// is the text the import read, for the baseline.
pub fn measure(report: &Report, published_dir: &Path, input: &str) -> Measures {
    let pubd = read_published(published_dir);
    let mut m = Measures {
        flagged_before: report.flagged_before,
        flagged_after: report.flagged_after,
        ..Measures::default()
    };
    // Prose: titles and bodies, in chapter order.
    let pub_prose: String = pubd
        .chapters
        .iter()
        .map(|(_, fm, body)| {
            format!(
                "{}\n{}",
                fm.get("title").and_then(|t| t.as_str()).unwrap_or(""),
                body
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let draft_chapters: Vec<(toml::Table, String)> = report
        .draft
        .files
        .iter()
        .filter(|(n, _)| n != "_index.md")
        .map(|(_, t)| split_front(t))
        .collect();
    let draft_prose: String = draft_chapters
        .iter()
        .map(|(fm, body)| {
            format!(
                "{}\n{}",
                fm.get("title").and_then(|t| t.as_str()).unwrap_or(""),
                body
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let pw = words(&pub_prose);
    let dw = words(&draft_prose);
    let iw = words(input);
    if std::env::var_os("PLANPORTAL_WORD_DIFF").is_some() {
        for (d, p) in word_diff(&dw, &pw) {
            eprintln!("{d:>30} | {p}");
        }
    }
    m.words_published = pw.len();
    m.words_matched = lcs(&dw, &pw);
    m.word_accuracy = m.words_matched as f64 / pw.len().max(1) as f64;
    m.baseline_accuracy = lcs(&iw, &pw) as f64 / pw.len().max(1) as f64;

    // Chapters, matched by title.
    m.chapters_published = pubd.chapters.len();
    m.chapters_found = draft_chapters.len();
    let title = |fm: &toml::Table| {
        fm.get("title")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_string()
    };
    let mut chapter_pairs: Vec<(usize, usize)> = Vec::new();
    for (pi, (_, pfm, _)) in pubd.chapters.iter().enumerate() {
        let best = draft_chapters
            .iter()
            .enumerate()
            .map(|(di, (dfm, _))| (similar(&title(pfm), &title(dfm)), di))
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        if let Some((s, di)) = best
            && s >= 0.6
        {
            chapter_pairs.push((pi, di));
        }
    }
    m.chapters_matched = chapter_pairs.len();

    // Targets, matched by their sentence.
    let pub_targets = array_tables(&pubd.plan, "targets");
    m.targets_published = pub_targets.len();
    m.targets_found = report.targets.len();
    let mut link_sets: Vec<(BTreeSet<String>, BTreeSet<String>)> = Vec::new();
    for pt in &pub_targets {
        let ptext = pt.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let best = report
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| (similar(ptext, &t.text), i))
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let Some((s, i)) = best else { continue };
        if s < 0.5 {
            continue;
        }
        m.targets_matched += 1;
        let t = &report.targets[i];
        let pv = pt
            .get("value")
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
        let pb = pt
            .get("baseline")
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
        if pv == t.value && (pb.is_none() || pb == t.baseline) {
            m.targets_numbers_exact += 1;
        }
        let sugg: BTreeSet<String> = report
            .links
            .iter()
            .filter(|l| l.what == "resultatmål" && l.name == t.text)
            .map(|l| l.minister_goal.clone())
            .collect();
        link_sets.push((sugg, strs(pt, "minister_goals").unwrap_or_default()));
    }
    // Chapters and initiatives (an initiative without its own list has its chapter's).
    for &(pi, di) in &chapter_pairs {
        let (_, pfm, _) = &pubd.chapters[pi];
        let (dfm, _) = &draft_chapters[di];
        let pch = strs(pfm, "minister_goals").unwrap_or_default();
        let dch = strs(dfm, "minister_goals").unwrap_or_default();
        link_sets.push((dch.clone(), pch.clone()));
        let dinits = array_tables(dfm, "initiatives");
        for pi in array_tables(pfm, "initiatives") {
            let pt = pi.get("title").and_then(|t| t.as_str()).unwrap_or("");
            let Some(di) = dinits.iter().find(|d| {
                similar(pt, d.get("title").and_then(|t| t.as_str()).unwrap_or("")) >= 0.6
            }) else {
                continue;
            };
            let p = strs(pi, "minister_goals").unwrap_or_else(|| pch.clone());
            let d = strs(di, "minister_goals").unwrap_or_else(|| dch.clone());
            link_sets.push((d, p));
        }
    }
    for (sugg, published) in link_sets {
        m.links_right += sugg.intersection(&published).count();
        m.links_wrong += sugg.difference(&published).count();
        m.links_missed += published.difference(&sugg).count();
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portals_own_words_are_not_measured() {
        let body = "## Indsatser\n\
            Planens tekst *[red.: sådan i planen]* fortsætter.\n\
            ## Ung forandring *[red.: overskrift tilføjet af portalen]*\n\
            - ### Job på vej *[red.: overskrift tilføjet af portalen]*\n\
            \x20 Punktets tekst.\n\
            *Portalens note: figuren findes i planen.*\n\
            {{ chart(data=\"tal.csv\", kind=\"bar\", title=\"Portalens titel\") }}\n\
            Sidste linje.\n";
        assert_eq!(
            words(&without_portal_notes(body)),
            words("## Indsatser\nPlanens tekst fortsætter.\nPunktets tekst.\nSidste linje.\n")
        );
    }
}
