//! Putting a draft plan together: file names, ids, the plan's `_index.md` with goals
//! and targets, and one chapter file each with its initiatives and suggested links.
//!
//! Owns the content of the files (the content model of `docs/content-model.md`), not
//! the writing (`write.rs`). Everything the importer adds rather than copies is marked
//! with a comment: suggestions with their reason, assumed deadlines, the source line
//! of every target.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use super::links::{self, MinisterGoal, Suggestion, TargetGroup};
use super::promises::{Goal, Initiative, Target};
use super::structure::Document;
use super::text::Kind;
use super::write::{markdown, number, q, suggested_list};
use super::{LinkReport, Options};
use crate::text::slug::slugify;

#[derive(Debug, Default)]
pub struct Draft {
    /// (file name in the plan folder, text).
    pub files: Vec<(String, String)>,
    pub chapter_files: Vec<String>,
    pub initiatives: Vec<DraftInitiative>,
    pub links: Vec<LinkReport>,
}

#[derive(Debug, Clone)]
pub struct DraftInitiative {
    pub title: String,
    pub chapter_file: String,
    pub line: usize,
    pub kind: &'static str,
    pub minister_goals: Vec<String>,
}

/// A slug of at most `n` words of `t`.
fn short_slug(t: &str, n: usize) -> String {
    let words: Vec<&str> = t.split_whitespace().take(n).collect();
    let s = slugify(&words.join(" "));
    if s.is_empty() { "kapitel".into() } else { s }
}

fn unique(base: String, used: &mut BTreeSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn record(links: &mut Vec<LinkReport>, what: &str, name: &str, sugg: &[Suggestion]) {
    for s in sugg {
        links.push(LinkReport {
            what: what.into(),
            name: name.into(),
            minister_goal: s.slug.clone(),
            confidence: s.confidence.into(),
            reason: s.reason.clone(),
        });
    }
}

/// Text of every file without its front matter: what a reader reads.
pub fn prose_of(text: &str) -> String {
    let mut out = String::new();
    let mut in_fm = false;
    for l in text.lines() {
        if l == "+++" {
            in_fm = !in_fm;
            continue;
        }
        if in_fm {
            for key in ["title = ", "text = "] {
                if let Some(v) = l.strip_prefix(key) {
                    out.push_str(v);
                    out.push('\n');
                }
            }
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
pub fn make(
    doc: &Document,
    targets: &[Target],
    goals: &[Goal],
    initiatives: &[Initiative],
    mgoals: &[MinisterGoal],
    groups: &[TargetGroup],
    opts: &Options,
    source: &Path,
) -> Draft {
    let mut draft = Draft::default();
    let mut names = BTreeSet::new();
    let chapter_slugs: Vec<String> = doc
        .chapters
        .iter()
        .map(|c| unique(short_slug(&c.title, 6), &mut names))
        .collect();
    let file_of = |i: usize| format!("{:02}-{}.md", i + 1, chapter_slugs[i]);
    draft.chapter_files = (0..doc.chapters.len()).map(file_of).collect();
    let source_name = source
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();

    // Goals and targets share one namespace of ids.
    let mut ids = BTreeSet::new();
    let goal_ids: Vec<String> = goals
        .iter()
        .map(|g| unique(short_slug(&g.title, 5), &mut ids))
        .collect();

    let mut plan = String::new();
    let _ = writeln!(plan, "+++");
    let _ = writeln!(
        plan,
        "# Kladde lavet af `planportal import` ud fra {}. Alt markeret `# forslag` eller\n# `# antaget` er importens gæt og skal læses, før planen udgives.",
        source_name
    );
    let _ = writeln!(
        plan,
        "title = {}",
        q(&format!("Beskæftigelsesplan {}", opts.year))
    );
    let _ = writeln!(plan, "year = {}", opts.year);
    let _ = writeln!(plan, "draft = true");
    let _ = writeln!(
        plan,
        "# summary: skriv 3–5 sætninger om, hvad planen vil og hvordan (import skriver ikke resuméer)."
    );
    for (g, id) in goals.iter().zip(&goal_ids) {
        let _ = writeln!(plan, "\n[[goals]]");
        let _ = writeln!(plan, "# fra linje {} i kilden", g.line);
        let _ = writeln!(plan, "id = {}", q(id));
        let _ = writeln!(plan, "title = {}", q(&g.title));
        let sugg = links::suggest_goals(mgoals, &g.title, "", "målet");
        record(&mut draft.links, "mål", &g.title, &sugg);
        if sugg.is_empty() {
            let _ = writeln!(
                plan,
                "# ministermål: planens ord peger ikke på noget; tilføj, hvis planen knytter målet til et"
            );
        }
        suggested_list(&mut plan, "minister_goals", &sugg);
        let groups_s = links::suggest_groups(groups, &g.title);
        suggested_list(&mut plan, "target_groups", &groups_s);
    }
    for (n, t) in targets.iter().enumerate() {
        let _ = writeln!(plan, "\n[[targets]]");
        let _ = writeln!(plan, "# fra linje {} i kilden", t.line);
        let _ = writeln!(
            plan,
            "id = {}",
            q(&unique(format!("rm-{}", n + 1), &mut ids))
        );
        let chapter_goal = goals
            .iter()
            .zip(&goal_ids)
            .find(|(g, _)| g.chapter == t.chapter && g.line == doc.chapters[t.chapter].line);
        if let Some((_, gid)) = chapter_goal {
            let _ = writeln!(
                plan,
                "goal = {}  # forslag: målet er kapitlets titel",
                q(gid)
            );
        }
        let _ = writeln!(plan, "chapter = {}", q(&chapter_slugs[t.chapter]));
        if let Some(l) = &t.label {
            let _ = writeln!(plan, "label = {}", q(l));
        }
        let _ = writeln!(plan, "text = {}", q(&t.text));
        if let Some(v) = t.value {
            if let Some(u) = &t.unit {
                let _ = writeln!(plan, "unit = {}", q(u));
            }
            let _ = writeln!(
                plan,
                "value = {}  # planens tal: {}",
                number(v),
                t.value_text.as_deref().unwrap_or("")
            );
            if let Some(d) = t.direction {
                let _ = writeln!(plan, "direction = {}  # læst ud fra sætningen", q(d));
            }
        }
        if let Some(b) = t.baseline {
            let _ = writeln!(plan, "baseline = {}", number(b));
        }
        if let Some(c) = &t.comparison {
            let _ = writeln!(plan, "comparison = {}", q(c));
        }
        if let Some(d) = &t.deadline {
            if t.deadline_assumed {
                let _ = writeln!(
                    plan,
                    "deadline = {}  # antaget: planens år; sætningen nævner ingen frist",
                    q(d)
                );
            } else {
                let _ = writeln!(plan, "deadline = {}", q(d));
            }
        }
        let sugg = links::suggest_goals(mgoals, "", &t.text, "målet");
        record(&mut draft.links, "resultatmål", &t.text, &sugg);
        suggested_list(&mut plan, "minister_goals", &sugg);
        suggested_list(
            &mut plan,
            "target_groups",
            &links::suggest_groups(groups, &t.text),
        );
    }
    let _ = writeln!(plan, "+++");
    draft.files.push(("_index.md".into(), plan));

    let mut initiative_ids = BTreeSet::new();
    for (ci, ch) in doc.chapters.iter().enumerate() {
        let mut f = String::new();
        let _ = writeln!(f, "+++");
        let _ = writeln!(
            f,
            "# fra linje {} i kilden: {}",
            ch.line,
            ch.source_title.replace('\n', " ")
        );
        let _ = writeln!(f, "title = {}", q(&ch.title));
        let sugg = links::suggest_goals(mgoals, &ch.title, "", "kapitlet");
        record(&mut draft.links, "kapitel", &ch.title, &sugg);
        suggested_list(&mut f, "minister_goals", &sugg);
        let chapter_goals: Vec<&String> = goals
            .iter()
            .zip(&goal_ids)
            .filter(|(g, _)| g.chapter == ci && g.line == ch.line)
            .map(|(_, id)| id)
            .collect();
        if !chapter_goals.is_empty() {
            let list: Vec<String> = chapter_goals.iter().map(|g| q(g)).collect();
            let _ = writeln!(
                f,
                "goals = [{}]  # forslag: kapitlets titel er målet",
                list.join(", ")
            );
        }
        suggested_list(
            &mut f,
            "target_groups",
            &links::suggest_groups(groups, &ch.title),
        );
        let mut headings_used = BTreeSet::new();
        let headings: BTreeSet<&str> = ch
            .body
            .iter()
            .filter(|b| matches!(b.kind, Kind::Heading(_)))
            .map(|b| b.text.as_str())
            .collect();
        for init in initiatives.iter().filter(|i| i.chapter == ci) {
            if !headings.contains(init.heading.as_str())
                || init.heading.contains(['*', '_', '`', '[', ']', '<', '\\'])
                || !headings_used.insert(init.heading.clone())
            {
                continue;
            }
            let _ = writeln!(f, "\n[[initiatives]]");
            let _ = writeln!(f, "# fra linje {} i kilden", init.line);
            let _ = writeln!(f, "title = {}", q(&init.title));
            let _ = writeln!(f, "heading = {}", q(&init.heading));
            let id = unique(short_slug(&init.title, 6), &mut initiative_ids);
            let _ = writeln!(f, "id = {}", q(&id));
            let _ = writeln!(f, "kind = {}  # gæt ud fra overskriften", q(init.kind));
            let sugg = links::suggest_goals(mgoals, &init.title, &init.lead, "indsatsen");
            record(&mut draft.links, "indsats", &init.title, &sugg);
            if sugg.is_empty() {
                let _ = writeln!(
                    f,
                    "# ministermål: arves fra kapitlet (planen nævner intet for indsatsen selv)"
                );
            }
            suggested_list(&mut f, "minister_goals", &sugg);
            let title_lead = format!("{} {}", init.title, init.lead);
            suggested_list(
                &mut f,
                "target_groups",
                &links::suggest_groups(groups, &title_lead),
            );
            draft.initiatives.push(DraftInitiative {
                title: init.title.clone(),
                chapter_file: file_of(ci),
                line: init.line,
                kind: init.kind,
                minister_goals: sugg.iter().map(|s| s.slug.clone()).collect(),
            });
        }
        let _ = writeln!(f, "+++");
        f.push_str(&markdown(&ch.body));
        draft.files.push((file_of(ci), f));
    }
    draft
}
