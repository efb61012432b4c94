//! How an initiative's minister goals and target groups come about: left out, they are
//! inherited from the chapter; an empty list says the initiative has none.

use crate::common;

use common::{Site, messages};
use serde_json::Value;

fn initiatives(site: &Site) -> Vec<Value> {
    let data: Value =
        serde_json::from_str(&site.read("data/initiatives.json")).expect("initiatives.json");
    data.as_array().expect("a list").clone()
}

fn list(i: &Value, key: &str) -> Vec<String> {
    i[key]
        .as_array()
        .expect(key)
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn site_with_chapter(chapter: &str) -> Site {
    let site = Site::minimal();
    site.write("content/kommuner/testrup/2021/01-unge.md", chapter);
    site
}

#[test]
fn an_empty_list_means_none_and_a_missing_one_inherits() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
minister_goals = ["opkvalificering"]
target_groups = ["unge"]

[[initiatives]]
title = "Arver"

[[initiatives]]
title = "Uden ministermål"
minister_goals = []
target_groups = []
+++
## Arver

Tekst.

## Uden ministermål

Tekst.
"#,
    );
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
    let all = initiatives(&site);
    let by_title = |t: &str| {
        all.iter()
            .find(|i| i["title"] == t)
            .unwrap_or_else(|| panic!("no initiative {t}"))
    };
    assert_eq!(
        list(by_title("Arver"), "minister_goals"),
        ["opkvalificering"]
    );
    assert_eq!(list(by_title("Arver"), "target_groups"), ["unge"]);
    assert!(list(by_title("Uden ministermål"), "minister_goals").is_empty());
    assert!(list(by_title("Uden ministermål"), "target_groups").is_empty());
}

#[test]
fn an_initiative_that_inherits_no_minister_goal_is_warned_about() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"

[[initiatives]]
title = "Glemt"
+++
## Glemt

Tekst.
"#,
    );
    let report = site.build_ok();
    let text = messages(&report);
    assert!(
        text.contains("indsatsen `Glemt` er ikke knyttet til noget ministermål"),
        "{text}"
    );
    assert!(
        text.contains("minister_goals = []"),
        "the help says how to state it: {text}"
    );
}

#[test]
fn an_empty_list_still_counts_the_local_goals_minister_goals() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
minister_goals = ["handicap-beskaeftigelse"]

[[initiatives]]
title = "Via målet"
minister_goals = []
goals = ["unge"]
+++
## Via målet

Tekst.
"#,
    );
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
    let all = initiatives(&site);
    // The plan's goal `unge` answers opkvalificering; the chapter's goal is not inherited.
    assert_eq!(list(&all[0], "minister_goals"), ["opkvalificering"]);
}
