//! Trust signals every public site has (issue 18, part 3): who runs the portal and how
//! to reach them, the accessibility statement, a demo notice, the open data's licence,
//! when each plan was last updated, and the jobcenter's contact where the plan gives it.

use crate::{common, demo};

use common::{Site, messages};
use demo::{Demo, element_text, main_text};
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

// What the portal adds to the plans' text is marked, one way (issue 18, part 2):
// headings the plans do not have, lists kept whole, one note convention.

const ADDED: &str = "[red.: overskrift tilføjet af portalen]";

/// The `<ul>` or `<ol>` of `html` that holds `item`, from its opening tag to its close
/// (the demo's lists hold no nested lists of the same kind).
fn list_holding<'a>(html: &'a str, item: &str) -> &'a str {
    let at = html.find(item).unwrap_or_else(|| panic!("no {item:?}"));
    let (start, tag) = [("<ul", "</ul>"), ("<ol", "</ol>")]
        .into_iter()
        .filter_map(|(open, close)| html[..at].rfind(open).map(|s| (s, close)))
        .max_by_key(|&(s, _)| s)
        .unwrap_or_else(|| panic!("{item:?} is in no list"));
    let end = at + html[at..].find(tag).expect("list closes");
    &html[start..end]
}

#[test]
fn headings_the_portal_added_carry_the_mark_and_keep_their_anchors() {
    let demo = Demo::build();
    for (page, tag, id, text) in [
        (
            "helsingoer/2021/maal-resultatkrav-og-indsatser",
            "h4",
            "ung-forandring",
            "Ung forandring",
        ),
        (
            "helsingoer/2021/vaerdig-sagsbehandling",
            "h2",
            "loeft",
            "LØFT",
        ),
        (
            "hjoerring/2022/kvalificeret-arbejdskraft",
            "h3",
            "uddannelsesambassadoerer",
            "Uddannelsesambassadører",
        ),
        (
            "hedensted/2020/strategier",
            "h3",
            "job-paa-vej",
            "Job på Vej (vejlednings- og afklaringstilbud) – kommunalt tilbud",
        ),
        ("alleroed/2022/flygtninge", "h2", "jobberiet", "Jobberiet"),
    ] {
        let html = demo.read(&format!("kommuner/{page}/index.html"));
        let heading =
            element_text(&html, tag, id).unwrap_or_else(|| panic!("{page}: no <{tag} id={id}>"));
        assert!(
            heading.ends_with(&format!("{text} {ADDED}")),
            "{page}#{id}: {heading}"
        );
        assert!(
            html.contains(&format!(
                "{text} <em class=editor-note data-noindex>{ADDED}</em></{tag}>"
            )),
            "{page}#{id}: the mark is not the heading's visible end"
        );
    }
    // Every heading the plans do not have, and only those: 14 in Hjørring, 4 in
    // Helsingør, 14 in Hedensted, 9 in Allerød.
    let marked: usize = demo
        .pages()
        .iter()
        .filter(|(rel, _)| rel.starts_with("kommuner/"))
        .map(|(_, html)| {
            html.matches(&format!("data-noindex>{ADDED}</em></h"))
                .count()
        })
        .sum();
    assert_eq!(marked, 41);
    // The initiatives still point at the same anchors, under the plan's own titles.
    let initiatives: Value =
        serde_json::from_str(&demo.read("data/initiatives.json")).expect("initiatives.json");
    let by_title = |title: &str| {
        initiatives
            .as_array()
            .expect("array")
            .iter()
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("no initiative {title:?}"))
            .clone()
    };
    let ung = by_title("Ung forandring");
    assert!(
        ung["url"]
            .as_str()
            .unwrap_or("")
            .ends_with("#ung-forandring"),
        "{ung}"
    );
    assert!(
        by_title("Jobnet/CV-bank")["url"]
            .as_str()
            .unwrap_or("")
            .ends_with("#jobnet-cv-bank")
    );
}

#[test]
fn the_mark_stays_out_of_the_search_index_and_the_open_data() {
    let demo = Demo::build();
    // The about page explains the mark in its text, so the index holds it there only.
    let about = main_text(&demo.read("om/index.html"))
        .matches(ADDED)
        .count();
    assert!(about >= 1);
    let mut indexed = 0;
    for entry in walkdir::WalkDir::new(demo.public.join("soeg/indeks")) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            let text = if entry.path().extension().is_some_and(|e| e == "gz") {
                // The sentences are compressed (see src/index/format.rs).
                let mut text = String::new();
                std::io::Read::read_to_string(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut text,
                )
                .expect("gzip");
                text
            } else {
                String::from_utf8(bytes).expect("utf-8")
            };
            indexed += text.matches(ADDED).count();
            assert!(!text.contains("Ung forandring [red."), "{:?}", entry.path());
        }
    }
    assert_eq!(indexed, about);
    for file in [
        "initiatives.json",
        "initiatives.csv",
        "targets.json",
        "plans.json",
    ] {
        assert!(
            !demo
                .read(&format!("data/{file}"))
                .contains("tilføjet af portalen"),
            "{file}"
        );
    }
}

#[test]
fn the_plans_prioritised_lists_are_whole_with_their_initiatives_inside() {
    let demo = Demo::build();
    let strategier = demo.read("kommuner/hedensted/2020/strategier/index.html");
    // "Tilbuddene er i prioriteret rækkefølge": five offers, one list, Job på Vej fourth.
    let offers = list_holding(&strategier, "Delvis raskmeldt/sygemeldt");
    assert_eq!(offers.matches("<li>").count(), 5, "{offers}");
    let job = offers
        .find("id=job-paa-vej")
        .expect("Job på Vej in the list");
    assert!(offers[..job].contains("kombineret med fx kommunale sundhedstilbud"));
    assert!(offers[job..].contains("Coaching, mindfulness, kommunale sundhedstilbud."));
    // Hedensted's five focus points and the second track's four items.
    let baggrund = demo.read("kommuner/hedensted/2020/baggrund/index.html");
    let focus = list_holding(&baggrund, "Flere flygtningekvinder kommer i ordinære jobs");
    assert_eq!(focus.matches("<li>").count(), 5, "{focus}");
    assert!(focus.contains("id=samarbejde-mellem-jobcenter-og-socialpsykiatrien"));
    let track = list_holding(&baggrund, "Flere borgere har små ordinære jobs");
    assert_eq!(track.matches("<li>").count(), 4, "{track}");
    // An item the plan leads with a label keeps it after the portal's heading.
    assert!(track.contains("Relationel kapacitet: Hedensted Kommune arbejder"));
    // Allerød's priorities for refugees: Allerød Uddannelse is the list's fifth item.
    let flygtninge = demo.read("kommuner/alleroed/2022/flygtninge/index.html");
    let priorities = list_holding(&flygtninge, "Værkstederne i Jobberiet");
    assert_eq!(priorities.matches("<li>").count(), 5, "{priorities}");
    assert!(priorities.contains("id=alleroed-uddannelse"));
    // Run-in labels the portal made headings stay in the plan's paragraph too.
    let text = main_text(&strategier);
    for lead in [
        "Jobnet/CV-bank: Jobnet er for alle borgere",
        "Mentorkurser: Som led i en målrettet",
        "Øget indsats for unge. Jobcentret retter i 2020",
    ] {
        assert!(text.contains(lead), "{lead}");
    }
    // A heading nothing anchors is not added: Hedensted's appendices have none.
    let budget = demo.read("kommuner/hedensted/2020/budget/index.html");
    assert!(!budget.contains(">Bilag</h2>"));
}

#[test]
fn the_portals_notes_follow_one_convention() {
    let demo = Demo::build();
    for (path, html) in demo.pages() {
        let text = main_text(&html);
        assert!(!text.contains("Portalens note"), "{path}");
        assert!(!text.contains("[Red."), "{path}");
    }
    let unge = main_text(&demo.read("kommuner/hjoerring/2022/unge/index.html"));
    assert!(
        unge.contains(
            "[red.: Figuren er ikke gengivet her, fordi planens tekst ikke giver dens tal."
        )
    );
}

#[test]
fn the_plans_own_spellings_and_numbering_stay_as_the_plans_print_them() {
    let demo = Demo::build();
    for (page, words) in [
        (
            "hjoerring/2022/vaerdighed-i-indsatsen",
            &[
                "kompetenceudviklingsforløb i Casemangement,",
                "del af kontaktføreløbet.",
            ][..],
        ),
        (
            "hjoerring/2022/unge",
            &["Vejledningen foregår bla. i de"][..],
        ),
        (
            "hjoerring/2022/sygemeldte",
            &["Sygedagpengområdet har været udfordret"][..],
        ),
        (
            "helsingoer/2021/maal-resultatkrav-og-indsatser",
            &["Andelen af beskæftigede i fleksjobsordningen skal stige til min. 90 %."][..],
        ),
        (
            "hedensted/2020/strategier",
            &[
                "to dages danskunderisning",
                "at de bliver selvforsøgende via arbejde",
            ][..],
        ),
        (
            "alleroed/2022/indledning",
            &["nedbragt ledighede væsentligt"][..],
        ),
    ] {
        let text = main_text(&demo.read(&format!("kommuner/{page}/index.html")));
        for w in words {
            assert!(text.contains(w), "{page}: {w:?} is not as the plan has it");
        }
    }
    // A target's text quotes the plan, spelling and all.
    let targets: Value =
        serde_json::from_str(&demo.read("data/targets.json")).expect("targets.json");
    let texts: Vec<&str> = targets
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["text"].as_str())
        .collect();
    assert!(texts.iter().any(|t| t.contains("50 pct. lft. ultimo 2020")));
    assert!(!texts.iter().any(|t| t.contains("fleksjobordningen")));
    // Helsingør's themes in 1.2 keep the plan's numbers, repeats included.
    let themes = demo.read("kommuner/helsingoer/2021/overordnede-maal/index.html");
    for (id, text) in [
        ("1-ungeindsatsen", "1. Ungeindsatsen"),
        (
            "2-aktivitetsparate",
            "2. Aktivitetsparate [red.: sådan nummererer planen temaerne]",
        ),
        (
            "6-den-vaerdige-sagsbehandling",
            "6. Den værdige sagsbehandling",
        ),
    ] {
        let heading = element_text(&themes, "h3", id).unwrap_or_else(|| panic!("no #{id}"));
        assert!(heading.ends_with(text), "{heading}");
    }
}
