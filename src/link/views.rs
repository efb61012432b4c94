//! Derived views of the goal graph: a plan's goal map and the coverage matrix of a
//! year. A minister goal and a target group across the years are in `by_year.rs`.
//!
//! They are computed from the linked plans only, never from files, so each view is a
//! plain function of the site.

use serde::Serialize;

use super::model::*;

/// Fills `plan.goal_map` and `plan.addressed`: one entry per minister goal in force in
/// the plan's year (in the year's order), then one for purely local goals.
pub(super) fn goal_map(plan: &mut Plan, minister_goals: &[MinisterGoal]) {
    let year = plan.year;
    let mut in_force: Vec<&MinisterGoal> =
        minister_goals.iter().filter(|g| g.in_force(year)).collect();
    in_force.sort_by_key(|g| (g.number_in(year).unwrap_or(u32::MAX), g.slug.clone()));
    let has = |refs: &[Ref], slug: &str| refs.iter().any(|r| r.slug == slug);

    let mut entries = Vec::new();
    for g in in_force {
        let local_goals: Vec<usize> = (0..plan.goals.len())
            .filter(|&i| has(&plan.goals[i].minister_goals, &g.slug))
            .collect();
        let via_goal = |t: &Target| {
            t.goal
                .as_ref()
                .is_some_and(|id| local_goals.iter().any(|&i| &plan.goals[i].id == id))
        };
        let targets: Vec<usize> = (0..plan.targets.len())
            .filter(|&i| {
                has(&plan.targets[i].minister_goals, &g.slug) && !via_goal(&plan.targets[i])
            })
            .collect();
        let initiatives: Vec<usize> = (0..plan.initiatives.len())
            .filter(|&i| has(&plan.initiatives[i].minister_goals, &g.slug))
            .collect();
        let notes: Vec<String> = plan
            .notes
            .iter()
            .filter(|n| n.minister_goal.slug == g.slug)
            .map(|n| n.text.clone())
            .collect();
        entries.push(GoalMapEntry {
            minister_goal: Some(g.as_ref()),
            number: g.number_in(year),
            anchor: format!("ministermaal-{}", g.slug),
            local_goals,
            targets,
            initiatives,
            notes,
        });
    }
    plan.national_goals = !entries.is_empty();
    plan.addressed = entries
        .iter()
        .filter(|e| !e.is_empty())
        .filter_map(|e| e.minister_goal.as_ref().map(|r| r.slug.clone()))
        .collect();

    let local_goals: Vec<usize> = (0..plan.goals.len())
        .filter(|&i| plan.goals[i].minister_goals.is_empty())
        .collect();
    let targets: Vec<usize> = (0..plan.targets.len())
        .filter(|&i| {
            let t = &plan.targets[i];
            t.minister_goals.is_empty()
                && t.goal
                    .as_ref()
                    .is_none_or(|id| !local_goals.iter().any(|&g| &plan.goals[g].id == id))
        })
        .collect();
    if !local_goals.is_empty() || !targets.is_empty() {
        entries.push(GoalMapEntry {
            minister_goal: None,
            number: None,
            anchor: "lokale-maal".to_string(),
            local_goals,
            targets,
            initiatives: Vec::new(),
            notes: Vec::new(),
        });
    }
    plan.goal_map = entries;
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverageCell {
    pub minister_goal: String,
    pub local_goals: usize,
    pub targets: usize,
    pub initiatives: usize,
    pub has_note: bool,
    /// Of `targets`: how many are achieved, and how many have a result at all.
    pub achieved: usize,
    pub followed_up: usize,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverageRow {
    pub municipality: Ref,
    pub plan_url: String,
    pub plan_title: String,
    pub cells: Vec<CoverageCell>,
    pub addressed: usize,
    /// The plan's own goals and targets: what a year without minister goals shows.
    pub local_goals: usize,
    pub targets: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct CoverageYear {
    pub year: i32,
    pub url: String,
    pub minister_goals: Vec<Ref>,
    pub numbers: Vec<Option<u32>>,
    pub rows: Vec<CoverageRow>,
    /// Municipalities on the portal with no plan that year.
    pub missing: Vec<Ref>,
}

/// The coverage matrix of one year: municipalities × the minister goals in force.
pub fn coverage(year: i32, url: String, site: &Site) -> CoverageYear {
    let mut goals: Vec<&MinisterGoal> = site
        .minister_goals
        .iter()
        .filter(|g| g.in_force(year))
        .collect();
    goals.sort_by_key(|g| (g.number_in(year).unwrap_or(u32::MAX), g.slug.clone()));
    let mut rows = Vec::new();
    let mut missing = Vec::new();
    for m in &site.municipalities {
        let Some(plan) = m
            .plans
            .iter()
            .map(|&i| &site.plans[i])
            .find(|p| p.year == year)
        else {
            missing.push(Ref::new(
                m.slug.clone(),
                m.short_title.clone(),
                m.url.clone(),
            ));
            continue;
        };
        let cells: Vec<CoverageCell> = goals
            .iter()
            .map(|g| {
                let entry = plan
                    .goal_map
                    .iter()
                    .find(|e| e.minister_goal.as_ref().is_some_and(|r| r.slug == g.slug));
                let mut cell_targets: Vec<&Target> = Vec::new();
                let (local_goals, targets, initiatives, has_note, anchor) = match entry {
                    Some(e) => {
                        cell_targets.extend(e.targets.iter().map(|&i| &plan.targets[i]));
                        for &lg in &e.local_goals {
                            let id = &plan.goals[lg].id;
                            cell_targets.extend(
                                plan.targets.iter().filter(|x| x.goal.as_ref() == Some(id)),
                            );
                        }
                        (
                            e.local_goals.len(),
                            cell_targets.len(),
                            e.initiatives.len(),
                            !e.notes.is_empty(),
                            e.anchor.clone(),
                        )
                    }
                    None => (0, 0, 0, false, String::new()),
                };
                CoverageCell {
                    minister_goal: g.slug.clone(),
                    local_goals,
                    targets,
                    initiatives,
                    has_note,
                    achieved: cell_targets
                        .iter()
                        .filter(|t| t.status == Status::Achieved)
                        .count(),
                    followed_up: cell_targets
                        .iter()
                        .filter(|t| !t.results.is_empty())
                        .count(),
                    url: format!("{}#{anchor}", plan.url),
                }
            })
            .collect();
        rows.push(CoverageRow {
            municipality: Ref::new(m.slug.clone(), m.short_title.clone(), m.url.clone()),
            plan_url: plan.url.clone(),
            plan_title: plan.title.clone(),
            local_goals: plan.goals.len(),
            targets: plan.targets.len(),
            addressed: cells
                .iter()
                .filter(|c| c.local_goals + c.targets + c.initiatives > 0)
                .count(),
            cells,
        });
    }
    CoverageYear {
        year,
        url,
        numbers: goals.iter().map(|g| g.number_in(year)).collect(),
        minister_goals: goals.iter().map(|g| g.as_ref()).collect(),
        rows,
        missing,
    }
}
