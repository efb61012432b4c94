//! The rule that links initiatives and targets to minister goals, and the words that say
//! where each link comes from.
//!
//! A link follows the plan's structure: minister goal → local goal → target →
//! initiative. An initiative or target answers the minister goals it names itself (the
//! plan states them) and those of the local goals it serves. A chapter's own list of
//! minister goals describes the chapter, which touches many goals; its initiatives take
//! it over only when the chapter says `initiatives_inherit = true`, and such a link is
//! marked as coming from the chapter alone. Uses only the model's `Ref` and `GoalLink`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::model::{GoalLink, Ref};

pub(super) const STATED: &str = "plan";
pub(super) const LOCAL_GOAL: &str = "lokalt-maal";
pub(super) const CHAPTER: &str = "kapitel";

/// What an initiative or a target may be linked through.
pub(super) struct Sources<'a> {
    /// The minister goals it names itself.
    pub own: &'a [Ref],
    /// The local goals it serves.
    pub local_goals: &'a [Ref],
    /// Each local goal's minister goals, by the local goal's id.
    pub goal_minister: &'a HashMap<String, Vec<Ref>>,
    /// The chapter's minister goals, when it hands them to its initiatives.
    pub chapter: &'a [Ref],
}

/// The links of one initiative or target, ordered by `order` (the year's numbering).
pub(super) fn links<K: Ord>(s: &Sources, order: impl Fn(&Ref) -> K) -> Vec<GoalLink> {
    let mut out: Vec<GoalLink> = Vec::new();
    let find = |out: &mut Vec<GoalLink>, r: &Ref| out.iter().position(|l| l.minister_goal == *r);
    for r in s.own {
        if find(&mut out, r).is_none() {
            out.push(link(r, STATED));
        }
    }
    for g in s.local_goals {
        for r in s.goal_minister.get(&g.slug).into_iter().flatten() {
            let i = find(&mut out, r).unwrap_or_else(|| {
                out.push(link(r, LOCAL_GOAL));
                out.len() - 1
            });
            if !out[i].via.contains(g) {
                out[i].via.push(g.clone());
            }
        }
    }
    for r in s.chapter {
        if find(&mut out, r).is_none() {
            out.push(link(r, CHAPTER));
        }
    }
    for l in &mut out {
        l.text = words(l);
    }
    out.sort_by_key(|l| order(&l.minister_goal));
    out
}

fn link(r: &Ref, origin: &'static str) -> GoalLink {
    GoalLink {
        minister_goal: r.clone(),
        origin,
        via: Vec::new(),
        text: Cow::Borrowed(""),
    }
}

/// Where the link comes from, for a reader: the plan itself, a local goal, or (marked
/// as the weakest) the chapter's list.
fn words(l: &GoalLink) -> Cow<'static, str> {
    let titles: Vec<String> = l.via.iter().map(|g| format!("„{}“", g.title)).collect();
    match l.origin {
        STATED => Cow::Borrowed("fremgår af planen"),
        LOCAL_GOAL if titles.len() == 1 => format!("gennem det lokale mål {}", titles[0]).into(),
        LOCAL_GOAL => {
            let (last, rest) = titles
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("gennem de lokale mål {} og {last}", rest.join(", ")).into()
        }
        _ => Cow::Borrowed("kun gennem kapitlets liste over ministermål"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(slug: &str) -> Ref {
        Ref::new(slug.to_string(), slug.to_uppercase(), format!("/{slug}/"))
    }

    #[test]
    fn own_goals_are_stated_local_goals_carry_theirs_and_the_chapter_comes_last() {
        let mut goal_minister = HashMap::new();
        goal_minister.insert("unge".to_string(), vec![r("b"), r("a")]);
        let s = Sources {
            own: &[r("a")],
            local_goals: &[r("unge")],
            goal_minister: &goal_minister,
            chapter: &[r("a"), r("c")],
        };
        let l = links(&s, |g| g.slug.clone());
        let origins: Vec<(&str, &str)> = l
            .iter()
            .map(|l| (l.minister_goal.slug.as_str(), l.origin))
            .collect();
        assert_eq!(origins, [("a", STATED), ("b", LOCAL_GOAL), ("c", CHAPTER)]);
        assert_eq!(l[0].text, "fremgår af planen");
        assert_eq!(l[1].text, "gennem det lokale mål „UNGE“");
        assert_eq!(l[2].text, "kun gennem kapitlets liste over ministermål");
    }

    #[test]
    fn two_local_goals_are_named_together() {
        let mut goal_minister = HashMap::new();
        goal_minister.insert("x".to_string(), vec![r("a")]);
        goal_minister.insert("y".to_string(), vec![r("a")]);
        let s = Sources {
            own: &[],
            local_goals: &[r("x"), r("y")],
            goal_minister: &goal_minister,
            chapter: &[],
        };
        let l = links(&s, |g| g.slug.clone());
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].text, "gennem de lokale mål „X“ og „Y“");
    }
}
