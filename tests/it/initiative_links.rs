//! How an initiative comes to answer a minister goal: the goals it names itself, those
//! of the local goals it serves, and a chapter's list only when the chapter says
//! `initiatives_inherit = true`; each link's origin is published.

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

fn by_title<'a>(all: &'a [Value], t: &str) -> &'a Value {
    all.iter()
        .find(|i| i["title"] == t)
        .unwrap_or_else(|| panic!("no initiative {t}"))
}

fn site_with_chapter(chapter: &str) -> Site {
    let site = Site::minimal();
    site.write("content/kommuner/testrup/2021/01-unge.md", chapter);
    site
}

#[test]
fn a_chapters_minister_goals_are_not_handed_to_its_initiatives_by_default() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
minister_goals = ["handicap-beskaeftigelse"]
target_groups = ["unge"]

[[initiatives]]
title = "Arver ikke"
goals = []

[[initiatives]]
title = "Nævner selv"
minister_goals = ["handicap-beskaeftigelse"]
+++
## Arver ikke

Tekst.

## Nævner selv

Tekst.
"#,
    );
    let report = site.build_ok();
    let text = messages(&report);
    let all = initiatives(&site);
    assert!(list(by_title(&all, "Arver ikke"), "minister_goals").is_empty());
    // Target groups are still the chapter's.
    assert_eq!(
        list(by_title(&all, "Arver ikke"), "target_groups"),
        ["unge"]
    );
    assert_eq!(
        list(by_title(&all, "Nævner selv"), "minister_goal_origins"),
        ["handicap-beskaeftigelse:plan"]
    );
    assert!(
        text.contains("indsatsen `Arver ikke` er ikke knyttet til noget ministermål"),
        "{text}"
    );
    assert!(
        text.contains("minister_goals = []"),
        "the help says how: {text}"
    );
    let page = site.read("kommuner/testrup/2021/unge/index.html");
    assert!(page.contains("(fremgår af planen)"), "{page}");
}

#[test]
fn a_chapter_that_says_so_hands_its_goals_on_and_each_such_link_is_warned_about() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
minister_goals = ["opkvalificering"]
initiatives_inherit = true

[[initiatives]]
title = "Arver"
goals = []

[[initiatives]]
title = "Siger nej"
minister_goals = []
goals = []
+++
## Arver

Tekst.

## Siger nej

Tekst.
"#,
    );
    let report = site.build_ok();
    let text = messages(&report);
    let all = initiatives(&site);
    assert_eq!(
        list(by_title(&all, "Arver"), "minister_goal_origins"),
        ["opkvalificering:kapitel"]
    );
    assert!(list(by_title(&all, "Siger nej"), "minister_goals").is_empty());
    assert!(
        text.contains(
            "indsatsen `Arver` er kun knyttet til `opkvalificering` gennem kapitlets liste"
        ),
        "{text}"
    );
    assert!(!text.contains("`Siger nej`"), "{text}");
    let page = site.read("kommuner/testrup/2021/unge/index.html");
    assert!(
        page.contains("kun gennem kapitlets liste over ministermål"),
        "{page}"
    );
}

#[test]
fn a_link_through_a_local_goal_names_the_goal_on_every_page() {
    // The minimal site's chapter lists goal `unge`, which answers opkvalificering.
    let site = Site::minimal();
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
    let all = initiatives(&site);
    assert_eq!(
        list(&all[0], "minister_goal_origins"),
        ["opkvalificering:lokalt-maal"]
    );
    let origin = "gennem det lokale mål „Flere unge i uddannelse“";
    for page in [
        "kommuner/testrup/2021/unge/index.html",
        "kommuner/testrup/2021/index.html",
        "ministermaal/opkvalificering/2021/index.html",
    ] {
        assert!(site.read(page).contains(origin), "{page} lacks the origin");
    }
    let targets: Value = serde_json::from_str(&site.read("data/targets.json")).expect("json");
    assert_eq!(
        list(&targets[0], "minister_goal_origins"),
        ["opkvalificering:lokalt-maal"]
    );
}

#[test]
fn a_chapter_listing_goals_none_of_its_initiatives_serve_is_warned_about() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
minister_goals = ["handicap-beskaeftigelse", "opkvalificering"]
goals = ["unge"]

[[initiatives]]
title = "Via målet"
+++
## Via målet

Tekst.
"#,
    );
    let report = site.build_ok();
    let text = messages(&report);
    assert!(
        text.contains("kapitlet nævner ministermålet `handicap-beskaeftigelse`, men ingen af dets indsatser eller resultatmål svarer på det"),
        "{text}"
    );
    // opkvalificering is served through the local goal `unge`.
    assert!(!text.contains("ministermålet `opkvalificering`"), "{text}");
    assert_eq!(report.diagnostics.iter().count(), 1, "{text}");
}

#[test]
fn a_chapter_that_only_describes_is_not_warned_about() {
    let site = Site::minimal();
    site.write(
        "content/kommuner/testrup/2021/00-ministerens-maal.md",
        "+++\ntitle = \"Ministerens mål\"\nminister_goals = [\"handicap-beskaeftigelse\"]\n+++\nTekst.\n",
    );
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
}

#[test]
fn an_empty_list_still_counts_the_local_goals_minister_goals() {
    let site = site_with_chapter(
        r#"+++
title = "Unge"
initiatives_inherit = true
minister_goals = ["handicap-beskaeftigelse"]

[[initiatives]]
title = "Via målet"
minister_goals = []
goals = ["unge"]

[[initiatives]]
title = "Også via målet"
goals = ["unge"]
minister_goals = ["handicap-beskaeftigelse"]
+++
## Via målet

Tekst.

## Også via målet

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
    // The plan's goal `unge` answers opkvalificering; the chapter's goal is not taken over.
    assert_eq!(
        list(by_title(&all, "Via målet"), "minister_goals"),
        ["opkvalificering"]
    );
    assert_eq!(
        list(by_title(&all, "Også via målet"), "minister_goal_origins"),
        [
            "opkvalificering:lokalt-maal",
            "handicap-beskaeftigelse:plan"
        ]
    );
}
