//! Building whole sites: every page type exists, links resolve, output is deterministic
//! and published atomically.

use crate::common;

use common::{Site, messages, snapshot};

#[test]
fn minimal_site_builds_every_page_type() {
    let site = Site::minimal();
    let report = site.build_ok();
    assert_eq!(report.plans, 1);
    assert_eq!(report.targets, 1);
    assert_eq!(report.initiatives, 1);
    for page in [
        "index.html",
        "ministermaal/index.html",
        "ministermaal/opkvalificering/index.html",
        "ministermaal/opkvalificering/2021/index.html",
        "kommuner/index.html",
        "kommuner/testrup/index.html",
        "kommuner/testrup/2021/index.html",
        "kommuner/testrup/2021/unge/index.html",
        "maalgrupper/index.html",
        "maalgrupper/unge/index.html",
        "maalgrupper/unge/2021/index.html",
        "overblik/index.html",
        "overblik/2021/index.html",
        "data/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "data/targets.json",
        "data/initiatives.json",
        "data/plans.json",
        "data/minister-goals.json",
        "data/targets.csv",
        "data/initiatives.csv",
        "data/schema.json",
    ] {
        assert!(site.public().join(page).is_file(), "missing {page}");
    }
    let plan = site.read("kommuner/testrup/2021/index.html");
    assert!(plan.contains(r#"lang="da""#), "the page is Danish");
    assert!(plan.contains("Antallet af unge på uddannelseshjælp skal falde med 2 %."));
    assert!(plan.contains("fald på 2 %"), "the value is shown in words");
    assert!(
        plan.contains("4. kvartal 2021"),
        "the deadline is shown in Danish"
    );
    assert!(plan.contains(r#"id="rk-1""#), "targets are anchored");
    let chapter = site.read("kommuner/testrup/2021/unge/index.html");
    assert!(
        chapter.contains(r#"href="/kommuner/testrup/2021/#rk-1""#),
        "@/ links resolve: {chapter}"
    );
    assert!(
        chapter.contains(r#"id="ungeindsatsen""#),
        "initiative heading anchored"
    );
    assert!(chapter.contains("initiative-heading"), "initiative marked");
}

#[test]
fn minister_goal_page_lists_answers_and_plans_that_set_none() {
    let site = Site::minimal();
    site.build_ok();
    // The goal's page names the year's plans and links to the year's page, which has
    // the targets and initiatives.
    let goal = site.read("ministermaal/opkvalificering/index.html");
    assert!(goal.contains("Testrup"));
    assert!(
        goal.contains(r#"href="/ministermaal/opkvalificering/2021/""#),
        "{goal}"
    );
    assert!(
        !goal.contains("Ungeindsatsen"),
        "the initiatives are on the year's page"
    );
    let year = site.read("ministermaal/opkvalificering/2021/index.html");
    assert!(year.contains("Testrup"));
    assert!(year.contains("Antallet af unge på uddannelseshjælp"));
    assert!(year.contains("Ungeindsatsen"));
    assert!(
        year.contains(r#"href="/ministermaal/opkvalificering/""#),
        "back to the goal"
    );
    // No plan from 2022: no page for it.
    assert!(
        !site
            .public()
            .join("ministermaal/opkvalificering/2022")
            .exists()
    );
    let other = site.read("ministermaal/handicap-beskaeftigelse/2021/index.html");
    assert!(
        other.contains("uden mål eller indsatser for dette ministermål"),
        "{other}"
    );
}

#[test]
fn open_data_carries_the_documented_fields() {
    let site = Site::minimal();
    site.build_ok();
    let targets: serde_json::Value = serde_json::from_str(&site.read("data/targets.json")).unwrap();
    let t = &targets[0];
    assert_eq!(t["id"], "testrup-2021-rk-1");
    assert_eq!(t["municipality"], "testrup");
    assert_eq!(t["municipality_name"], "Testrup");
    assert_eq!(t["year"], 2021);
    assert_eq!(t["plan_url"], "https://test.example/kommuner/testrup/2021/");
    assert_eq!(t["goal"], "unge");
    assert_eq!(t["minister_goals"], serde_json::json!(["opkvalificering"]));
    assert_eq!(t["value"], 2.0);
    assert_eq!(t["unit"], "%");
    assert_eq!(t["deadline"], "2021-Q4");
    assert!(t["baseline"].is_null());
    let initiatives: serde_json::Value =
        serde_json::from_str(&site.read("data/initiatives.json")).unwrap();
    let i = &initiatives[0];
    assert_eq!(i["title"], "Ungeindsatsen");
    assert_eq!(
        i["url"],
        "https://test.example/kommuner/testrup/2021/unge/#ungeindsatsen"
    );
    assert_eq!(i["minister_goals"], serde_json::json!(["opkvalificering"]));
    assert_eq!(i["target_groups"], serde_json::json!(["unge"]));
    let goals: serde_json::Value =
        serde_json::from_str(&site.read("data/minister-goals.json")).unwrap();
    assert_eq!(goals[0]["slug"], "opkvalificering");
    assert_eq!(goals[0]["years"], serde_json::json!([2021, 2022]));
    let csv = site.read("data/targets.csv");
    assert!(csv.starts_with("id,local_id,municipality,"));
    assert!(csv.contains("testrup-2021-rk-1"));
}

/// A portal published under a path (`https://host/planer`, as on a project's GitHub
/// Pages) has that path once in every address: on its pages and in its open data,
/// a plan's `source` on the site included.
#[test]
fn a_portal_under_a_path_carries_the_path_once_in_every_address() {
    let site = Site::minimal();
    site.write(
        "config.toml",
        &site
            .read_source("config.toml")
            .replace("https://test.example", "https://test.example/planer"),
    );
    let plan = "content/kommuner/testrup/2021/_index.md";
    site.write(
        plan,
        &site.read_source(plan).replacen(
            "year = 2021\n",
            "year = 2021\nsource = \"/kilder/plan.txt\"\n",
            1,
        ),
    );
    site.write("static/kilder/plan.txt", "Planen.\n");
    site.build_ok();
    let targets: serde_json::Value = serde_json::from_str(&site.read("data/targets.json")).unwrap();
    assert_eq!(
        targets[0]["plan_url"],
        "https://test.example/planer/kommuner/testrup/2021/"
    );
    let plans: serde_json::Value = serde_json::from_str(&site.read("data/plans.json")).unwrap();
    assert_eq!(
        plans[0]["source"],
        "https://test.example/planer/kilder/plan.txt"
    );
    let page = site.read("kommuner/testrup/2021/index.html");
    assert!(
        page.contains("href=\"/planer/kilder/plan.txt\"")
            || page.contains("href=/planer/kilder/plan.txt"),
        "{page}"
    );
    assert!(!page.contains("/planer/planer/"));
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = Site::minimal();
    site.build_ok();
    let first = snapshot(&site.public());
    site.build_ok();
    let second = snapshot(&site.public());
    assert_eq!(first.len(), second.len());
    for ((a, ab), (b, bb)) in first.iter().zip(&second) {
        assert_eq!(a, b);
        assert!(ab == bb, "{a} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.public());
    site.write(
        "content/kommuner/testrup/2021/01-unge.md",
        "+++\ntitle = \"Unge\"\nminister_goals = [\"opkvalifisering\"]\n+++\nTekst.\n",
    );
    let report = site.build();
    assert!(!report.ok());
    assert_eq!(
        snapshot(&site.public()),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
    assert!(messages(&report).contains("mente du `opkvalificering`?"));
}

#[test]
fn a_broken_file_does_not_cascade_into_errors_about_it() {
    let site = Site::minimal();
    // The plan's front matter is broken: its chapter and the links to it must not
    // produce errors of their own.
    site.write(
        "content/kommuner/testrup/2021/_index.md",
        "+++\ntitle = \"Plan\"\nyear = 2021\nsummary = \"ubalanceret\n+++\n",
    );
    site.write(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nSe [planen](@/kommuner/testrup/2021/_index.md).\n",
    );
    let report = site.build();
    let all = messages(&report);
    assert_eq!(report.diagnostics.error_count(), 1, "{all}");
    assert!(
        all.contains("content/kommuner/testrup/2021/_index.md:4:"),
        "{all}"
    );
}

#[test]
fn pages_are_minified_only_when_the_config_asks() {
    let site = Site::minimal();
    site.build_ok();
    let plain = site.read("kommuner/testrup/2021/index.html");
    assert!(plain.contains(r#"<html lang="da">"#), "{plain}");

    site.write(
        "config.toml",
        "title = \"Testportal\"\ndescription = \"En portal til test.\"\nbase_url = \"https://test.example\"\nminify_html = true\n",
    );
    site.build_ok();
    let minified = site.read("kommuner/testrup/2021/index.html");
    assert!(minified.contains("<html lang=da>"), "{minified}");
    assert!(
        minified.len() < plain.len(),
        "minified {} bytes, plain {}",
        minified.len(),
        plain.len()
    );
    // The same text reaches the reader either way.
    for text in ["Beskæftigelsesplan 2021", "id=rk-1"] {
        let quoted = text.replace("id=rk-1", r#"id="rk-1""#);
        assert!(plain.contains(&quoted), "{text} in the plain page");
        assert!(minified.contains(text), "{text} in the minified page");
    }
}

#[test]
fn progress_counts_every_page_as_it_is_written() {
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    let site = Site::minimal();
    let progress = Arc::new(planportal::Progress::default());
    let report = planportal::build(&planportal::BuildOptions {
        progress: Some(progress.clone()),
        ..site.options()
    });
    assert!(report.ok(), "{:?}", report.diagnostics);
    let pages = progress.pages.load(Ordering::Relaxed);
    assert!(
        pages >= 12,
        "the minimal site has at least twelve pages: {pages}"
    );
    assert_eq!(progress.written.load(Ordering::Relaxed), pages);
    // The 404 page is written after the others, outside the count.
    assert_eq!(report.pages, pages + 1);
}

#[test]
fn templates_link_to_content_as_the_text_does() {
    // get_url(path="@/…") and an `@/` link in Markdown resolve through the same map.
    let site = Site::minimal();
    site.write(
        "content/om.md",
        "+++\ntitle = \"Om\"\n+++\nSe [planen](@/kommuner/testrup/2021/_index.md).\n",
    );
    site.write(
        "templates/page.html",
        "<!doctype html><html lang=\"da\"><head><title>{{ page.title }}</title></head><body>{{ page.content | safe }}<p id=\"t\">{{ get_url(path=\"@/kommuner/testrup/2021/_index.md\") }}</p></body></html>",
    );
    site.build_ok();
    let html = site.read("om/index.html");
    assert!(
        html.contains("<a href=\"/kommuner/testrup/2021/\">planen</a>"),
        "{html}"
    );
    assert!(
        html.contains("<p id=\"t\">/kommuner/testrup/2021/</p>"),
        "{html}"
    );
}

#[test]
fn the_municipalities_page_groups_by_region_and_files_names_in_danish_order() {
    let site = Site::minimal();
    for (slug, name, region) in [
        ("aabenraa", "Aabenraa", "Region Syddanmark"),
        ("aeroe", "Ærø", "Region Syddanmark"),
        ("allerup", "Allerup", "Region Hovedstaden"),
    ] {
        site.write(
            &format!("content/kommuner/{slug}/_index.md"),
            &format!("+++\ntitle = \"{name} Kommune\"\nshort_title = \"{name}\"\nregion = \"{region}\"\n+++\n"),
        );
    }
    site.build_ok();
    let html = site.read("kommuner/index.html");
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} is not on /kommuner/:\n{html}"))
    };
    // The jump list names every region; the regions come in order, each with its own.
    let regions = [
        "id=\"region-hovedstaden\"",
        "id=\"region-syddanmark\"",
        "id=\"region-test\"",
    ];
    assert!(regions.windows(2).all(|w| at(w[0]) < at(w[1])), "{html}");
    assert!(at("href=\"#region-syddanmark\"") < at("id=\"region-hovedstaden\""));
    // Within Syddanmark, and from A to Å: Æ before Å (Aabenraa is filed under Å).
    let south = &html[at("id=\"region-syddanmark\"")..at("id=\"region-test\"")];
    assert!(south.find(">Ærø<") < south.find(">Aabenraa<"), "{south}");
    let letters = &html[at("id=\"fra-a-til-aa\"")..];
    let order: Vec<usize> = [
        "id=\"bogstav-a\"",
        "id=\"bogstav-t\"",
        "id=\"bogstav-ae\"",
        "id=\"bogstav-aa\"",
    ]
    .iter()
    .map(|n| letters.find(n).unwrap_or_else(|| panic!("{n}: {letters}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{letters}");
    // A municipality without a plan says so; one with a plan links to it by year.
    assert!(south.contains("ingen plan endnu"), "{south}");
    assert!(html.contains("href=\"/kommuner/testrup/2021/\""), "{html}");
}
