//! What a reader sees under an initiative's heading in a chapter: the Markdown stage
//! leaves a mark (`<!--initiative:ANCHOR-->`) after each heading an initiative names;
//! here each mark becomes the initiative's minister goals (with where each link comes
//! from), local goals and target groups, or, where several initiatives share the
//! heading, a list of them. The linked site holds the chapter's HTML with the marks;
//! only the chapter's page fills them.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use crate::link::{Initiative, Ref};
use crate::text::html::escape;

/// Replaces each `<!--initiative:ANCHOR-->` mark the Markdown stage left after an
/// initiative's heading with what the reader should see there, in one pass.
pub(super) fn fill_marks<'a>(
    html: &str,
    initiatives: impl Iterator<Item = &'a Initiative>,
) -> String {
    const MARK: &str = "<!--initiative:";
    let mut by_anchor: FxHashMap<&str, Vec<&Initiative>> = FxHashMap::default();
    for i in initiatives {
        by_anchor.entry(i.anchor.as_str()).or_default().push(i);
    }
    let mut out = String::with_capacity(html.len() + by_anchor.len() * 200);
    let mut rest = html;
    while let Some(at) = crate::text::find(rest, MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let Some(end) = crate::text::find(after, "-->") else {
            out.push_str(&rest[at..]);
            return out;
        };
        if let Some(here) = by_anchor.get(&after[..end]) {
            initiative_meta(here, &mut out);
        }
        rest = &after[end + 3..];
    }
    out.push_str(rest);
    out
}

/// What follows an initiative's heading: its minister goals and target groups, or,
/// when several initiatives share the heading, a list of them.
fn initiative_meta(here: &[&Initiative], out: &mut String) {
    match here {
        [] => {}
        [one] => {
            if has_meta(one) {
                out.push_str("<p class=\"initiative-meta\">");
                push_meta(one, out);
                out.push_str("</p>");
            }
        }
        many => {
            out.push_str("<ul class=\"initiatives initiative-group\">");
            for i in many {
                let _ = write!(
                    out,
                    "<li id=\"{}\"><span class=\"initiative-kind\">{}</span> {}",
                    escape(&i.id),
                    i.kind,
                    escape(&i.title)
                );
                if has_meta(i) {
                    out.push_str("<br><span class=\"initiative-meta\">");
                    push_meta(i, out);
                    out.push_str("</span>");
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
    }
}

/// Whether an initiative has anything for [`push_meta`] to say.
fn has_meta(i: &Initiative) -> bool {
    !(i.links.is_empty() && i.goals.is_empty() && i.target_groups.is_empty())
}

/// An initiative's minister goals (with where each link comes from), local goals and
/// target groups, each part a list of links, the parts apart by ` · `.
fn push_meta(i: &Initiative, out: &mut String) {
    let mut first_part = true;
    let mut part = |out: &mut String, label: &str| {
        if !first_part {
            out.push_str(" · ");
        }
        first_part = false;
        out.push_str(label);
    };
    let link = |out: &mut String, r: &Ref| {
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            escape(&r.url),
            escape(&r.title)
        );
    };
    if !i.links.is_empty() {
        part(out, "Ministermål: ");
        comma_list(out, &i.links, |out, l| {
            link(out, &l.minister_goal);
            let _ = write!(
                out,
                " <span class=\"link-origin\">({})</span>",
                escape(&l.text)
            );
        });
    }
    // The local goals it serves: the plan's own answer, also where no minister goal
    // stands behind them.
    if !i.goals.is_empty() {
        part(out, "Kommunens mål: ");
        comma_list(out, &i.goals, link);
    }
    if !i.target_groups.is_empty() {
        part(out, "Målgrupper: ");
        comma_list(out, &i.target_groups, link);
    }
}

/// `items`, each written by `each`, apart by `, `.
fn comma_list<T>(out: &mut String, items: &[T], each: impl Fn(&mut String, &T)) {
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::GoalLink;

    fn reference(slug: &str, title: &str) -> Ref {
        Ref::new(slug.into(), title.into(), format!("/x/{slug}/"))
    }

    fn initiative(id: &str, anchor: &str, title: &str) -> Initiative {
        Initiative {
            id: id.into(),
            uid: format!("by-2021-{id}"),
            title: title.into(),
            kind: "Projekt",
            summary: None,
            municipality: "by".into(),
            municipality_name: "By".into(),
            year: 2021,
            plan_url: "/kommuner/by/2021/".into(),
            chapter: reference("unge", "Unge"),
            url: format!("/kommuner/by/2021/unge/#{anchor}"),
            anchor: anchor.into(),
            minister_goals: vec![],
            links: vec![],
            target_groups: vec![],
            goals: vec![],
        }
    }

    #[test]
    fn a_mark_becomes_what_the_initiative_answers_and_unknown_marks_vanish() {
        let mut one = initiative("jobklub", "jobklub", "Jobklub");
        one.links.push(GoalLink {
            minister_goal: reference("opkvalificering", "Flere <ledige>"),
            origin: "plan",
            via: vec![],
            text: "fremgår af planen".into(),
        });
        one.target_groups.push(reference("unge", "Unge"));
        let html = "<h2 id=\"jobklub\">Jobklub</h2><!--initiative:jobklub--><p>x</p><!--initiative:gone-->";
        let out = fill_marks(html, [&one].into_iter());
        assert_eq!(
            out,
            "<h2 id=\"jobklub\">Jobklub</h2><p class=\"initiative-meta\">Ministermål: \
             <a href=\"/x/opkvalificering/\">Flere &lt;ledige&gt;</a> \
             <span class=\"link-origin\">(fremgår af planen)</span> · Målgrupper: \
             <a href=\"/x/unge/\">Unge</a></p><p>x</p>"
        );
    }

    #[test]
    fn initiatives_sharing_a_heading_are_listed_and_a_bare_one_adds_nothing() {
        let a = initiative("a", "faelles", "Første");
        let b = initiative("b", "faelles", "Anden");
        let out = fill_marks("<!--initiative:faelles-->", [&a, &b].into_iter());
        assert_eq!(
            out,
            "<ul class=\"initiatives initiative-group\"><li id=\"a\"><span class=\"initiative-kind\">Projekt</span> Første</li><li id=\"b\"><span class=\"initiative-kind\">Projekt</span> Anden</li></ul>"
        );
        let bare = initiative("c", "c", "Tredje");
        assert_eq!(fill_marks("<!--initiative:c-->", [&bare].into_iter()), "");
        // A mark cut short is left as it stands.
        assert_eq!(
            fill_marks("a<!--initiative:c", [&bare].into_iter()),
            "a<!--initiative:c"
        );
    }
}
