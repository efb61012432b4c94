//! Suggested links: which of the year's minister goals, and which target groups, a
//! chapter, local goal, target or initiative answers, from the plan's own words.
//!
//! Owns reading the portal's minister goals and target groups (their front matter) and
//! matching their words. A link is suggested only where the words are there: the goal's
//! whole title ("the plan states it"), or a word of the goal's title no other goal of the
//! year has ("a guess from a keyword"). Being near a goal in the document is never a
//! reason. Every suggestion carries its reason and confidence for the file's comments.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

#[derive(Clone, Debug)]
pub struct MinisterGoal {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    /// Stems of the title's words that no other goal of the year has.
    keys: Vec<String>,
    /// Stems of all the title's content words.
    all: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct TargetGroup {
    pub slug: String,
    pub title: String,
    keys: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    pub slug: String,
    /// `høj`: the plan names the goal; `middel`: a keyword in the item's title;
    /// `lav`: a keyword in its text only.
    pub confidence: &'static str,
    pub reason: String,
}

/// Words too common in plans to tell goals apart.
const COMMON: &[&str] = &[
    "skal",
    "flere",
    "alle",
    "have",
    "være",
    "sikres",
    "den",
    "med",
    "og",
    "der",
    "som",
    "for",
    "til",
    "personer",
    "ledige",
    "virksomhederne",
    "beskæftigelse",
];

fn stem(w: &str) -> String {
    w.chars().take(6).collect()
}

fn content_words(t: &str) -> Vec<String> {
    t.to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w))
        .map(stem)
        .collect()
}

fn front_matter(text: &str) -> Option<toml::Table> {
    let rest = text.strip_prefix("+++")?;
    let end = rest.find("\n+++")?;
    rest[..end].parse::<toml::Table>().ok()
}

/// The pages of a folder of reference data (`content/ministermaal/`), in name order:
/// each one's slug and front matter. Section files (`_index.md`) and files that do not
/// read are left out.
fn reference_files(dir: &Path) -> Vec<(String, toml::Table)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| {
            let slug = p.file_stem()?.to_str()?.to_string();
            if slug.starts_with('_') {
                return None;
            }
            let fm = front_matter(&std::fs::read_to_string(&p).ok()?)?;
            Some((slug, fm))
        })
        .collect()
}

/// The minister goals in force in `year`, read from `content/ministermaal/`.
pub fn minister_goals(root: &Path, year: i32) -> Vec<MinisterGoal> {
    let mut goals = Vec::new();
    for (slug, fm) in reference_files(&root.join("content/ministermaal")) {
        let in_force = fm
            .get("years")
            .and_then(|y| y.as_array())
            .is_some_and(|ys| ys.iter().any(|y| y.as_integer() == Some(year as i64)));
        let title = fm
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_string();
        if !in_force || title.is_empty() {
            continue;
        }
        let short_title = fm
            .get("short_title")
            .and_then(|t| t.as_str())
            .unwrap_or(&title)
            .to_string();
        goals.push(MinisterGoal {
            slug,
            all: content_words(&title),
            keys: Vec::new(),
            title,
            short_title,
        });
    }
    for i in 0..goals.len() {
        let others: BTreeSet<String> = goals
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, g)| g.all.clone())
            .collect();
        goals[i].keys = goals[i]
            .all
            .iter()
            .filter(|w| !others.contains(*w))
            .cloned()
            .collect();
    }
    goals
}

/// The target groups of `content/maalgrupper/`.
pub fn target_groups(root: &Path) -> Vec<TargetGroup> {
    let mut out = Vec::new();
    for (slug, fm) in reference_files(&root.join("content/maalgrupper")) {
        let title = fm
            .get("title")
            .and_then(|t| t.as_str())
            .unwrap_or("")
            .to_string();
        let keys: Vec<String> = title
            .to_lowercase()
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w) && *w != "personer")
            .map(|w| w.to_string())
            .collect();
        if !keys.is_empty() {
            out.push(TargetGroup { slug, title, keys });
        }
    }
    out
}

fn words_of(t: &str) -> Vec<String> {
    t.to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether the text names the goal: every content word of its title is there.
fn names_goal(text_stems: &BTreeSet<String>, g: &MinisterGoal) -> bool {
    !g.all.is_empty() && g.all.iter().all(|w| text_stems.contains(w))
}

/// Minister goals suggested for an item with a `title` (may be empty) and a `text`.
pub fn suggest_goals(
    goals: &[MinisterGoal],
    title: &str,
    text: &str,
    what: &str,
) -> Vec<Suggestion> {
    let title_stems: BTreeSet<String> = words_of(title).iter().map(|w| stem(w)).collect();
    let text_stems: BTreeSet<String> = words_of(text).iter().map(|w| stem(w)).collect();
    let mut out = Vec::new();
    for g in goals {
        if names_goal(&title_stems, g) {
            out.push(Suggestion {
                slug: g.slug.clone(),
                confidence: "høj",
                reason: format!("{what}s titel er ministermålet «{}»", g.short_title),
            });
        } else if names_goal(&text_stems, g) {
            out.push(Suggestion {
                slug: g.slug.clone(),
                confidence: "høj",
                reason: format!("teksten nævner ministermålet «{}»", g.short_title),
            });
        } else if let Some(k) = g.keys.iter().find(|k| title_stems.contains(*k)) {
            out.push(Suggestion {
                slug: g.slug.clone(),
                confidence: "middel",
                reason: format!(
                    "gæt: {what}s titel har ordet «{}…» fra ministermålet «{}»",
                    k, g.short_title
                ),
            });
        } else if !title.is_empty() {
            continue;
        } else if let Some(k) = g.keys.iter().find(|k| text_stems.contains(*k)) {
            out.push(Suggestion {
                slug: g.slug.clone(),
                confidence: "lav",
                reason: format!(
                    "gæt: teksten har ordet «{}…» fra ministermålet «{}»",
                    k, g.short_title
                ),
            });
        }
    }
    out
}

/// Target groups whose name the text uses.
pub fn suggest_groups(groups: &[TargetGroup], text: &str) -> Vec<Suggestion> {
    let words = words_of(text);
    let mut out = Vec::new();
    for g in groups {
        let hit = g.keys.iter().find(|k| {
            words.iter().any(|w| {
                if k.chars().count() <= 5 {
                    w == *k
                } else {
                    w.starts_with(&stem(k)) || w.ends_with(k.as_str())
                }
            })
        });
        if let Some(k) = hit {
            out.push(Suggestion {
                slug: g.slug.clone(),
                confidence: "middel",
                reason: format!("teksten nævner «{k}»"),
            });
        }
    }
    out
}
