//! Linking on documents made in memory: the rule that ties initiatives to minister
//! goals, the checks of references, and the views built from the linked site. The
//! integration tests build whole sites from files; these pin the stage's own behaviour.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::markdown::{self, Highlighter, MarkdownOptions, UrlMap};
use crate::load::{self, Doc};

use super::{Site, coverage, link, origin};

const GOAL: &str = "+++\ntitle = \"Flere ledige skal opkvalificeres\"\nyears = [2021]\nnumber = { 2021 = 1 }\n+++\nMålet.\n";
const OTHER_GOAL: &str = "+++\ntitle = \"Flere personer med handicap skal i beskæftigelse\"\nyears = [2021]\nnumber = { 2021 = 2 }\n+++\nMålet.\n";
const GROUP: &str = "+++\ntitle = \"Unge\"\n+++\nUnge.\n";
const TOWN: &str = "+++\ntitle = \"Eksempelby Kommune\"\nshort_title = \"Eksempelby\"\nregion = \"Region Midtjylland\"\n+++\n";
const PLAN: &str = r#"+++
title = "Beskæftigelsesplan 2021"
year = 2021
summary = "Planen."

[[goals]]
id = "flere-i-uddannelse"
title = "Flere ledige i uddannelse"
minister_goals = ["opkvalificering"]

[[targets]]
id = "maal-1"
text = "Flere ledige i uddannelse."
goal = "flere-i-uddannelse"
value = 40
unit = "%"
direction = "at-least"
+++
"#;

/// A document as the load stage hands it on, its Markdown rendered.
fn doc(rel: &str, text: &str) -> Doc {
    let mut doc = load::doc_from_text(rel, text.to_string()).expect("the test's document parses");
    let marks = load::initiative_marks(&doc);
    let options = MarkdownOptions {
        allow_html: false,
        highlight_code: false,
    };
    let (md, problems) = markdown::render(
        &doc.file,
        doc.split.body.clone(),
        &UrlMap::new(),
        &marks,
        options,
        &Highlighter::default(),
    );
    assert!(problems.is_empty(), "{problems:?}");
    doc.md = md;
    doc
}

fn site_with(chapter: &str) -> (Site, Diagnostics) {
    let docs = vec![
        doc("ministermaal/opkvalificering.md", GOAL),
        doc("ministermaal/handicap.md", OTHER_GOAL),
        doc("maalgrupper/unge.md", GROUP),
        doc("kommuner/eksempelby/_index.md", TOWN),
        doc("kommuner/eksempelby/2021/_index.md", PLAN),
        doc("kommuner/eksempelby/2021/01-unge.md", chapter),
    ];
    let config: Config =
        toml::from_str("title = \"Test\"\nbase_url = \"https://example.org\"").expect("config");
    let mut diags = Diagnostics::default();
    let site = link(&docs, &BTreeSet::new(), &config, &mut diags);
    (site, diags)
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn an_initiative_answers_the_goals_of_the_local_goal_it_serves() {
    let (site, diags) = site_with(
        "+++\ntitle = \"Unge\"\n\n[[initiatives]]\ntitle = \"Uddannelsesvejledning\"\ngoals = [\"flere-i-uddannelse\"]\n+++\n## Uddannelsesvejledning\n\nTekst.\n",
    );
    let plan = &site.plans[0];
    let init = &plan.initiatives[0];
    assert_eq!(init.anchor, "uddannelsesvejledning");
    assert_eq!(init.links.len(), 1, "{:?}", messages(&diags));
    assert_eq!(init.links[0].minister_goal.slug, "opkvalificering");
    assert_eq!(init.links[0].origin, origin::LOCAL_GOAL);
    assert_eq!(init.links[0].via[0].slug, "flere-i-uddannelse");
    // The target serves the same local goal, and the goal lists it.
    assert_eq!(plan.targets[0].minister_goals[0].slug, "opkvalificering");
    assert_eq!(plan.goals[0].targets, ["maal-1"]);
}

#[test]
fn a_chapter_list_is_no_link_unless_the_chapter_hands_it_on() {
    let chapter = |inherit: &str| {
        format!(
            "+++\ntitle = \"Unge\"\nminister_goals = [\"handicap\"]\n{inherit}\n[[initiatives]]\ntitle = \"Mentorforløb\"\n+++\n## Mentorforløb\n\nTekst.\n"
        )
    };
    let (site, diags) = site_with(&chapter(""));
    assert!(site.plans[0].initiatives[0].links.is_empty());
    let said = messages(&diags);
    assert!(
        said.iter()
            .any(|m| m.contains("nævner ministermålet `handicap`")),
        "{said:?}"
    );

    let (site, diags) = site_with(&chapter("initiatives_inherit = true"));
    let links = &site.plans[0].initiatives[0].links;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].origin, origin::CHAPTER);
    assert!(
        messages(&diags)
            .iter()
            .any(|m| m.contains("kun knyttet til `handicap` gennem kapitlets liste")),
        "{:?}",
        messages(&diags)
    );
}

#[test]
fn references_to_nothing_are_diagnostics_with_a_suggestion() {
    let (site, diags) = site_with(
        "+++\ntitle = \"Unge\"\n\n[[initiatives]]\ntitle = \"Jobklub\"\nminister_goals = [\"opkvalificerin\"]\ntarget_groups = [\"ung\"]\n\n[[initiatives]]\ntitle = \"Findes ikke\"\n+++\n## Jobklub\n",
    );
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    let text = |needle: &str| errors.iter().find(|d| d.message.contains(needle));
    let goal = text("opkvalificerin").expect("the unknown minister goal is reported");
    assert_eq!(goal.help.as_deref(), Some("mente du `opkvalificering`?"));
    assert!(text("`ung`").is_some(), "{:?}", messages(&diags));
    assert!(
        text("indsatsens overskrift `Findes ikke` findes ikke").is_some(),
        "{:?}",
        messages(&diags)
    );
    // What survives is consistent: the initiative without a heading is left out.
    assert_eq!(site.plans[0].initiatives.len(), 1);
}

#[test]
fn the_coverage_matrix_counts_what_answers_each_goal() {
    let (site, _) = site_with(
        "+++\ntitle = \"Unge\"\n\n[[initiatives]]\ntitle = \"Uddannelsesvejledning\"\ngoals = [\"flere-i-uddannelse\"]\n+++\n## Uddannelsesvejledning\n",
    );
    let year = coverage(2021, "/overblik/2021/".into(), &site);
    let slugs: Vec<&str> = year
        .minister_goals
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    assert_eq!(slugs, ["opkvalificering", "handicap"]);
    let row = &year.rows[0];
    assert_eq!(row.addressed, 1);
    let cell = &row.cells[0];
    assert_eq!(
        (cell.local_goals, cell.targets, cell.initiatives),
        (1, 1, 1)
    );
    assert_eq!((row.cells[1].local_goals, row.cells[1].initiatives), (0, 0));
}
