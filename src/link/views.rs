//! Derived views of the goal graph: a plan's goal map, a minister goal across years, a
//! target group across plans, and the coverage matrix of a year.
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

/// One plan's answer to one minister goal, for the minister goal's page.
#[derive(Clone, Debug, Serialize)]
pub struct PlanForGoal<'a> {
    pub plan_id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub municipality: &'a str,
    pub municipality_name: &'a str,
    pub anchor_url: String,
    pub local_goals: Vec<&'a LocalGoal>,
    pub targets: Vec<&'a Target>,
    pub initiatives: Vec<&'a Initiative>,
    pub notes: &'a [String],
}

#[derive(Clone, Debug, Serialize)]
pub struct GoalYear<'a> {
    pub year: i32,
    pub number: Option<u32>,
    /// Plans of the year that answer the goal.
    pub plans: Vec<PlanForGoal<'a>>,
    /// Plans of the year that set nothing for it (with what they say, if anything).
    pub without: Vec<PlanForGoal<'a>>,
    pub target_count: usize,
    pub initiative_count: usize,
}

/// A minister goal across the years it is in force, newest first.
pub fn goal_years<'a>(goal: &MinisterGoal, plans: &'a [Plan]) -> Vec<GoalYear<'a>> {
    let mut years: Vec<GoalYear> = goal
        .years
        .iter()
        .rev()
        .map(|&year| {
            let mut answered = Vec::new();
            let mut without = Vec::new();
            for plan in plans.iter().filter(|p| p.year == year) {
                let Some(entry) = plan.goal_map.iter().find(|e| {
                    e.minister_goal
                        .as_ref()
                        .is_some_and(|r| r.slug == goal.slug)
                }) else {
                    continue;
                };
                // Targets under the entry's local goals count too.
                let mut target_idx: Vec<usize> = entry.targets.clone();
                for &g in &entry.local_goals {
                    let id = &plan.goals[g].id;
                    target_idx.extend(
                        (0..plan.targets.len())
                            .filter(|&t| plan.targets[t].goal.as_ref() == Some(id)),
                    );
                }
                target_idx.sort_unstable();
                target_idx.dedup();
                let item = PlanForGoal {
                    plan_id: &plan.id,
                    title: &plan.title,
                    url: &plan.url,
                    municipality: &plan.municipality.slug,
                    municipality_name: &plan.municipality_name,
                    anchor_url: format!("{}#{}", plan.url, entry.anchor),
                    local_goals: entry.local_goals.iter().map(|&i| &plan.goals[i]).collect(),
                    targets: target_idx.iter().map(|&i| &plan.targets[i]).collect(),
                    initiatives: entry
                        .initiatives
                        .iter()
                        .map(|&i| &plan.initiatives[i])
                        .collect(),
                    notes: &entry.notes,
                };
                if entry.is_empty() {
                    without.push(item);
                } else {
                    answered.push(item);
                }
            }
            GoalYear {
                year,
                number: goal.number_in(year),
                target_count: answered.iter().map(|p| p.targets.len()).sum(),
                initiative_count: answered.iter().map(|p| p.initiatives.len()).sum(),
                plans: answered,
                without,
            }
        })
        .collect();
    years.retain(|y| !y.plans.is_empty() || !y.without.is_empty() || y.number.is_some());
    years
}

/// What one plan does for a target group.
#[derive(Clone, Debug, Serialize)]
pub struct GroupPlan<'a> {
    pub plan_id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    pub year: i32,
    pub municipality: &'a str,
    pub municipality_name: &'a str,
    pub local_goals: Vec<&'a LocalGoal>,
    pub targets: Vec<&'a Target>,
    pub initiatives: Vec<&'a Initiative>,
}

/// Every plan's goals, targets and initiatives for a target group, newest plans first.
pub fn group_plans<'a>(group: &str, plans: &'a [Plan]) -> Vec<GroupPlan<'a>> {
    let has = |refs: &[Ref]| refs.iter().any(|r| r.slug == group);
    let mut out: Vec<GroupPlan> = plans
        .iter()
        .map(|p| GroupPlan {
            plan_id: &p.id,
            title: &p.title,
            url: &p.url,
            year: p.year,
            municipality: &p.municipality.slug,
            municipality_name: &p.municipality_name,
            local_goals: p.goals.iter().filter(|g| has(&g.target_groups)).collect(),
            targets: p.targets.iter().filter(|t| has(&t.target_groups)).collect(),
            initiatives: p
                .initiatives
                .iter()
                .filter(|i| has(&i.target_groups))
                .collect(),
        })
        .filter(|g| !g.local_goals.is_empty() || !g.targets.is_empty() || !g.initiatives.is_empty())
        .collect();
    out.sort_by(|a, b| {
        (std::cmp::Reverse(a.year), &a.municipality_name)
            .cmp(&(std::cmp::Reverse(b.year), &b.municipality_name))
    });
    out
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
            missing.push(Ref {
                slug: m.slug.clone(),
                title: m.short_title.clone(),
                url: m.url.clone(),
            });
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
            municipality: Ref {
                slug: m.slug.clone(),
                title: m.short_title.clone(),
                url: m.url.clone(),
            },
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
