//! Plans after 2024 (issue 18, part 4): the minister's goals are a framework that ended
//! with 2024, so a 2025 plan has local goals only, builds cleanly, and every page that
//! would list the year's minister goals says there are none, and why.

use crate::common;

use common::{Site, messages};

const FRAMEWORK: &str = "\n[minister_goals]\nuntil = 2024\nended = \"Målene blev afskaffet ved lov vedtaget på lovforslag L 75 (2024/25) i december 2024.\"\n";

fn site_with_2025() -> Site {
    let site = Site::minimal();
    let config = std::fs::read_to_string(site.root().join("config.toml")).expect("config");
    site.write("config.toml", &format!("{config}{FRAMEWORK}"));
    site.write(
        "content/kommuner/testrup/2025/_index.md",
        r#"+++
title = "Beskæftigelsesplan 2025"
year = 2025
summary = "Planen vil have flere i job."

[[goals]]
id = "job"
title = "Flere borgere i job"

[[targets]]
id = "rm-1"
goal = "job"
text = "Mindst 100 flere i job."
value = 100
direction = "at-least"
deadline = "2025-12"
+++
"#,
    );
    site.write(
        "content/kommuner/testrup/2025/01-job.md",
        "+++\ntitle = \"Job\"\ngoals = [\"job\"]\n\n[[initiatives]]\ntitle = \"Jobindsats\"\n\n[[initiatives]]\ntitle = \"Uden mål\"\ngoals = []\n+++\n## Jobindsats\n\nTekst.\n\n## Uden mål\n\nTekst.\n",
    );
    site
}

#[test]
fn a_2025_plan_with_local_goals_only_builds_with_no_warning_about_minister_goals() {
    let site = site_with_2025();
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
}

#[test]
fn pages_say_there_are_no_national_goals_for_2025_and_why() {
    let site = site_with_2025();
    site.build_ok();
    let why = "L 75 (2024/25)";
    for page in [
        "index.html",
        "overblik/2025/index.html",
        "kommuner/testrup/2025/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("Ingen nationale mål for 2025"),
            "{page} does not say so"
        );
        assert!(html.contains(why), "{page} does not say why");
    }
    let front = site.read("index.html");
    assert!(!front.contains("Ministerens mål for 2025"), "{front}");
    let matrix = site.read("overblik/2025/index.html");
    assert!(matrix.contains("Kommunernes planer for 2025"));
    assert!(matrix.contains("/kommuner/testrup/2025/"));
    // The goal pages and their index say when the framework ended.
    assert!(
        site.read("ministermaal/index.html")
            .contains("til og med 2024")
    );
    assert!(
        site.read("ministermaal/opkvalificering/index.html")
            .contains(why)
    );
    // The 2021 plan keeps its goal map.
    let plan_2021 = site.read("kommuner/testrup/2021/index.html");
    assert!(plan_2021.contains("Sådan svarer planen på ministerens mål"));
    assert!(!plan_2021.contains("Ingen nationale mål"));
}

#[test]
fn a_minister_goal_in_a_2025_plan_is_an_error_that_says_the_goals_ended() {
    let site = site_with_2025();
    site.write(
        "content/kommuner/testrup/2025/02-mere.md",
        "+++\ntitle = \"Mere\"\nminister_goals = [\"opkvalificering\"]\n+++\nTekst.\n",
    );
    let report = site.build();
    let text = messages(&report);
    assert!(
        text.contains("ministermålet `opkvalificering` gælder ikke i 2025"),
        "{text}"
    );
    assert!(text.contains("kun til og med 2024"), "{text}");
    assert!(!text.contains("tilføj 2025 i `years`"), "{text}");
}

#[test]
fn new_plan_for_2025_does_not_ask_for_goals_that_no_longer_exist() {
    let site = Site::minimal();
    let config = std::fs::read_to_string(site.root().join("config.toml")).expect("config");
    site.write("config.toml", &format!("{config}{FRAMEWORK}"));
    let run = site.run(&["new", "plan", "testrup", "2025"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let plan = std::fs::read_to_string(site.root().join("content/kommuner/testrup/2025/_index.md"))
        .expect("the skeleton");
    assert!(plan.contains("Ingen nationale mål for 2025"), "{plan}");
    assert!(plan.contains("L 75 (2024/25)"), "{plan}");
    assert!(!plan.contains("Tilføj 2025"), "{plan}");
}
