//! Trust signals every public site has (issue 18, part 3): who runs the portal and how
//! to reach them, the accessibility statement, a demo notice, the open data's licence,
//! when each plan was last updated, and the jobcenter's contact where the plan gives it.

use crate::{common, demo};

use common::{Site, messages};
use demo::Demo;
use serde_json::Value;

#[test]
fn every_demo_page_carries_owner_contact_statement_and_the_demo_notice() {
    let demo = Demo::build();
    let pages = demo.pages();
    assert!(pages.len() > 50);
    for (path, html) in &pages {
        if path == "404.html" || path.starts_with("soeg/indeks") {
            continue;
        }
        assert!(
            html.contains("Portalen drives af planportal-projektet"),
            "{path}: no owner"
        );
        assert!(
            html.contains("mailto:kontakt@planportal.example"),
            "{path}: no contact"
        );
        assert!(
            html.contains("Tilgængelighedserklæring"),
            "{path}: no accessibility statement link"
        );
        assert!(
            html.contains("<strong>Demo.</strong>"),
            "{path}: no demo notice"
        );
    }
}

#[test]
fn the_open_data_carries_its_licence_on_the_page_and_in_every_files_metadata() {
    let demo = Demo::build();
    let page = demo.read("data/index.html");
    assert!(page.contains("https://creativecommons.org/licenses/by/4.0/deed.da"));
    assert!(page.contains("CC BY 4.0"));
    let package: Value =
        serde_json::from_str(&demo.read("data/datapackage.json")).expect("datapackage.json");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    let resources = package["resources"].as_array().expect("resources");
    let mut paths: Vec<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().expect("path"))
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "initiatives.csv",
            "initiatives.json",
            "minister-goals.json",
            "plans.json",
            "targets.csv",
            "targets.json"
        ]
    );
    for r in resources {
        assert_eq!(r["licenses"][0]["name"], "CC-BY-4.0", "{r}");
        assert!(
            demo.public
                .join("data")
                .join(r["path"].as_str().unwrap_or(""))
                .is_file(),
            "{r}"
        );
    }
    let schema: Value = serde_json::from_str(&demo.read("data/schema.json")).expect("schema");
    assert_eq!(schema["license"][0]["name"], "CC-BY-4.0");
}

#[test]
fn every_demo_plan_page_says_when_it_was_last_updated() {
    let demo = Demo::build();
    for plan in [
        "hedensted/2020",
        "helsingoer/2021",
        "alleroed/2022",
        "hjoerring/2022",
    ] {
        let page = demo.read(&format!("kommuner/{plan}/index.html"));
        assert!(
            page.contains(
                "Senest opdateret</dt><dd><time datetime=2026-12-03>3. december 2026</time>"
            ),
            "{plan}"
        );
    }
}

#[test]
fn a_portal_without_an_accessibility_statement_is_warned_about() {
    let site = Site::minimal();
    site.write(
        "config.toml",
        "title = \"Testportal\"\nbase_url = \"https://test.example\"\n",
    );
    let report = site.build_ok();
    let text = messages(&report);
    assert!(
        text.contains("portalen har ingen tilgængelighedserklæring"),
        "{text}"
    );
    let run = site.run(&["check"]);
    assert!(run.stderr.contains("WAS-Tool"), "{run:?}");
    // The footer still links to the portal's own page.
    assert!(site.read("index.html").contains("/tilgaengelighed/"));
}

#[test]
fn the_footer_links_the_was_tool_statement_and_a_plan_shows_the_contact_it_gives() {
    let site = Site::minimal();
    let plan = site.root().join("content/kommuner/testrup/2021/_index.md");
    let text = std::fs::read_to_string(&plan).expect("plan");
    site.write(
        "content/kommuner/testrup/2021/_index.md",
        &text.replacen(
            "year = 2021\n",
            "year = 2021\nupdated = 2024-05-02\njobcenter_contact = \"Jobcenter Testrup, Torvet 1, tlf. 11 22 33 44\"\n",
            1,
        ),
    );
    let report = site.build_ok();
    assert_eq!(
        report.diagnostics.iter().count(),
        0,
        "{}",
        messages(&report)
    );
    let page = site.read("kommuner/testrup/2021/index.html");
    assert!(
        page.contains("Jobcenter Testrup, Torvet 1, tlf. 11 22 33 44"),
        "{page}"
    );
    assert!(page.contains("som planen oplyser det"));
    assert!(page.contains("2. maj 2024"), "{page}");
    assert!(page.contains("https://www.was.digst.dk/test-example"));
    // No demo notice unless the config says so.
    assert!(!page.contains("<strong>Demo.</strong>"));
}
