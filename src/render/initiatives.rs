//! What a reader sees under an initiative's heading in a chapter: the Markdown stage
//! leaves a mark (`<!--initiative:ANCHOR-->`) after each heading an initiative names;
//! here each mark becomes the initiative's minister goals (with where each link comes
//! from), local goals and target groups, or, where several initiatives share the
//! heading, a list of them. The linked site holds the chapter's HTML with the marks;
//! only the chapter's page fills them.

use std::collections::HashMap;

use crate::link::{Initiative, Ref};
use crate::text::html::escape;

/// Replaces each `<!--initiative:ANCHOR-->` mark the Markdown stage left after an
/// initiative's heading with what the reader should see there, in one pass.
pub(super) fn fill_marks<'a>(
    html: &str,
    initiatives: impl Iterator<Item = &'a Initiative>,
) -> String {
    const MARK: &str = "<!--initiative:";
    let mut by_anchor: HashMap<&str, Vec<&Initiative>> = HashMap::new();
    for i in initiatives {
        by_anchor.entry(i.anchor.as_str()).or_default().push(i);
    }
    let mut out = String::with_capacity(html.len() + by_anchor.len() * 200);
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let Some(end) = after.find("-->") else {
            out.push_str(&rest[at..]);
            return out;
        };
        if let Some(here) = by_anchor.get(&after[..end]) {
            out.push_str(&initiative_meta(here));
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// What follows an initiative's heading: its minister goals and target groups, or,
/// when several initiatives share the heading, a list of them.
fn initiative_meta(here: &[&Initiative]) -> String {
    let links = |refs: &[Ref]| {
        refs.iter()
            .map(|r| format!("<a href=\"{}\">{}</a>", escape(&r.url), escape(&r.title)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let meta = |i: &Initiative| {
        let mut parts = Vec::new();
        if !i.links.is_empty() {
            let goals: Vec<String> = i
                .links
                .iter()
                .map(|l| {
                    format!(
                        "<a href=\"{}\">{}</a> <span class=\"link-origin\">({})</span>",
                        escape(&l.minister_goal.url),
                        escape(&l.minister_goal.title),
                        escape(&l.text)
                    )
                })
                .collect();
            parts.push(format!("Ministermål: {}", goals.join(", ")));
        }
        // The local goals it serves: the plan's own answer, also where no minister
        // goal stands behind them.
        if !i.goals.is_empty() {
            parts.push(format!("Kommunens mål: {}", links(&i.goals)));
        }
        if !i.target_groups.is_empty() {
            parts.push(format!("Målgrupper: {}", links(&i.target_groups)));
        }
        parts.join(" · ")
    };
    match here {
        [] => String::new(),
        [one] => {
            let m = meta(one);
            if m.is_empty() {
                m
            } else {
                format!("<p class=\"initiative-meta\">{m}</p>")
            }
        }
        many => {
            let items: String = many
                .iter()
                .map(|i| {
                    let m = meta(i);
                    let m = if m.is_empty() {
                        m
                    } else {
                        format!("<br><span class=\"initiative-meta\">{m}</span>")
                    };
                    format!(
                        "<li id=\"{}\"><span class=\"initiative-kind\">{}</span> {}{m}</li>",
                        escape(&i.id),
                        i.kind,
                        escape(&i.title)
                    )
                })
                .collect();
            format!("<ul class=\"initiatives initiative-group\">{items}</ul>")
        }
    }
}
