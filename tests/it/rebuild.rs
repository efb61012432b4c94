//! Rebuilding after an edit: only the pages that show what was edited change, and the
//! site, with its search index brought up to date in part, comes out exactly as a full
//! build would make it.

use std::collections::BTreeMap;

use crate::common;
use crate::scale::national_portal;

use common::{Site, copy_dir, repo, snapshot};
use planportal::rebuild::{rebuild, search_index};
use planportal::{Built, build, build_keeping};

const CHAPTER: &str = "content/kommuner/testrup/2021/01-unge.md";
const CHAPTER_PAGE: &str = "kommuner/testrup/2021/unge/index.html";

fn chapter(body: &str) -> String {
    format!(
        "+++\ntitle = \"Unge\"\nminister_goals = [\"opkvalificering\"]\ngoals = [\"unge\"]\ntarget_groups = [\"unge\"]\n\n[[initiatives]]\ntitle = \"Ungeindsatsen\"\nkind = \"indsats\"\n+++\n{body}"
    )
}

#[test]
fn a_body_edit_rewrites_only_its_page_and_matches_a_full_build() {
    let site = Site::minimal();
    let (report, built) = build_keeping(&site.options());
    assert!(report.ok());
    let mut built = built.expect("a published build keeps its state");
    let before = snapshot(&site.public());

    // The first paragraph stays: it describes the chapter on its plan's page.
    site.write(
        CHAPTER,
        &chapter("Indledning.\n\n## Ungeindsatsen\n\nVi hjælper unge med **ny tekst**. Se [resultatkravet](@/kommuner/testrup/2021/_index.md#rk-1).\n"),
    );
    let report = rebuild(&mut built, &[CHAPTER.to_string()]).expect("a body edit is rebuilt fast");
    assert!(report.ok());
    assert_eq!(report.pages, 1);

    let after = snapshot(&site.public());
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(
        changed,
        [CHAPTER_PAGE],
        "only the edited chapter's page changes"
    );
    let fast = site.read(CHAPTER_PAGE);
    assert!(fast.contains("<strong>ny tekst</strong>"));
    assert!(
        fast.contains("initiative-meta"),
        "the initiative's goals are filled in as in a full build"
    );

    // A full build makes the very same page.
    site.build_ok();
    assert_eq!(site.read(CHAPTER_PAGE), fast);

    // A new first paragraph describes the chapter in its plan's value: the plan's
    // pages are rendered again too, and still nothing else.
    let mut built = fresh_state(&site);
    let pages = edit_and_compare(&site, &mut built, CHAPTER, |t| {
        t.replacen("Indledning.", "En ny indledning.", 1)
    });
    assert_eq!(pages, 2, "the plan's page and its chapter's");
}

#[test]
fn edits_that_change_which_pages_exist_or_break_a_link_need_a_full_build() {
    let site = Site::minimal();
    let (_, built) = build_keeping(&site.options());
    let mut built = built.expect("published");

    // A changed heading an initiative is placed under: the initiative loses its place.
    site.write(CHAPTER, &chapter("## Ungeindsatsen for alle\n\nTekst.\n"));
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());
    let (_, fresh) = build_keeping(&site.options());
    assert!(fresh.is_none(), "the full build reports the initiative");

    // A link to an anchor that does not exist must be reported by a full build.
    site.write(
        CHAPTER,
        &chapter("## Ungeindsatsen\n\n[x](@/kommuner/testrup/2021/_index.md#rk-9)\n"),
    );
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());

    // Templates and new files are not rebuilt piecemeal.
    site.write(CHAPTER, &chapter("## Ungeindsatsen\n\nTekst.\n"));
    let mut built = fresh_state(&site);
    assert!(
        rebuild(
            &mut built,
            &["themes/default/templates/page.html".to_string()]
        )
        .is_none()
    );
    site.write("content/ny.md", "+++\ntitle = \"Ny\"\n+++\nTekst.\n");
    assert!(rebuild(&mut built, &["content/ny.md".to_string()]).is_none());
    site.remove("content/ny.md");

    // The site's first highlighted code needs the code stylesheet a full build writes.
    let mut built = fresh_state(&site);
    assert!(!site.public().join("highlight.css").exists());
    site.write(
        CHAPTER,
        &chapter("## Ungeindsatsen\n\n```toml\nx = 1\n```\n"),
    );
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());
    site.build_ok();
    assert!(site.public().join("highlight.css").exists());
    site.write(CHAPTER, &chapter("## Ungeindsatsen\n\nTekst.\n"));

    // A result newer than any other moves the day every status is measured on.
    let mut built = fresh_state(&site);
    site.write(
        PLAN,
        &format!(
            "{}\n[[targets.results]]\ndate = \"2022-03\"\nvalue = 1.5\nsource = \"Jobindsats\"\n+++\n",
            site.read_source(PLAN).trim_end().trim_end_matches("+++")
        ),
    );
    assert!(rebuild(&mut built, &[PLAN.to_string()]).is_none());

    // A body edit still works after all of that.
    let mut built = fresh_state(&site);
    site.write(CHAPTER, &chapter("Ændret.\n\n## Ungeindsatsen\n\nTekst.\n"));
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_some());
    assert!(site.read(CHAPTER_PAGE).contains("Ændret."));
}

const PLAN: &str = "content/kommuner/testrup/2021/_index.md";

/// A full build of `site` that keeps its state, as `serve` makes one.
fn fresh_state(site: &Site) -> Built {
    let (report, built) = build_keeping(&site.options());
    assert!(report.ok(), "{}", common::messages(&report));
    built.expect("a published build keeps its state")
}

/// Edits `rel` of `site` with `edit`, rebuilds after it and brings the search index up
/// to date, and checks that the rebuild was one in part (fewer pages than the site has,
/// and some of the index's record files left as they were) and that the published site
/// is then what a full build publishes, byte for byte. Returns how many pages the
/// rebuild wrote.
fn edit_and_compare(
    site: &Site,
    built: &mut Built,
    rel: &str,
    edit: impl Fn(&str) -> String,
) -> usize {
    let text = site.read_source(rel);
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit of {rel} changes nothing");
    let before: BTreeMap<String, Vec<u8>> = snapshot(&site.public()).into_iter().collect();
    site.write(rel, &edited);
    let report = rebuild(built, &[rel.to_string()])
        .unwrap_or_else(|| panic!("the edit of {rel} is rebuilt in part"));
    assert!(report.ok(), "{}", common::messages(&report));
    assert!(report.published);
    assert!(
        search_index(built).is_some_and(|records| records > 0),
        "the search index is brought up to date in part after the edit of {rel}"
    );

    let full = tempfile::tempdir().expect("temp dir");
    let mut opts = site.options();
    opts.output = Some(full.path().join("public"));
    let full_report = build(&opts);
    assert!(full_report.ok(), "{}", common::messages(&full_report));
    let total_pages = full_report.pages;
    assert!(
        report.pages < total_pages,
        "{} of {total_pages} pages written",
        report.pages
    );
    assert_eq!(
        report.diagnostics.warning_count(),
        full_report.diagnostics.warning_count(),
        "the rebuild reports the warnings a full build reports"
    );

    let ours: BTreeMap<String, Vec<u8>> = snapshot(&site.public()).into_iter().collect();
    let theirs: BTreeMap<String, Vec<u8>> =
        snapshot(&full.path().join("public")).into_iter().collect();
    let differ: Vec<&str> = ours
        .keys()
        .chain(theirs.keys())
        .filter(|path| ours.get(*path) != theirs.get(*path))
        .map(String::as_str)
        .collect();
    assert!(
        differ.is_empty(),
        "after the edit of {rel}, these differ from a full build: {differ:?}"
    );
    let records = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        let r = files.keys().filter(|p| p.starts_with("soeg/indeks/r/"));
        r.cloned().collect()
    };
    let kept = records(&ours)
        .iter()
        .filter(|p| before.get(*p) == ours.get(*p))
        .count();
    assert!(
        kept > 0 && records(&ours).len() > 1,
        "the edit of {rel} left {kept} of {} record files as they were",
        records(&ours).len()
    );
    report.pages
}

/// The demo portal in a temporary folder, where it may be edited.
fn demo_site() -> Site {
    let site = Site::empty();
    for folder in ["content", "static"] {
        copy_dir(&repo().join(folder), &site.root().join(folder));
    }
    let config = std::fs::read_to_string(repo().join("config.toml")).expect("config.toml");
    site.write("config.toml", &config);
    site
}

#[test]
fn edits_of_a_plans_front_matter_and_headings_rebuild_what_shows_the_plan_as_a_full_build_would() {
    let site = demo_site();
    site.build_ok();
    let mut built = fresh_state(&site);
    let plan = "content/kommuner/helsingoer/2021/_index.md";
    let chapter = "content/kommuner/helsingoer/2021/05-virksomhedsrettet-indsats.md";

    // The plan's title: its pages, its municipality's, the lists, the feed.
    edit_and_compare(&site, &mut built, plan, |t| {
        t.replacen(
            "title = \"Beskæftigelsesplan 2021\"",
            "title = \"Beskæftigelsesplan for 2021\"",
            1,
        )
    });
    assert!(
        site.read("kommuner/helsingoer/2021/index.html")
            .contains("Beskæftigelsesplan for 2021")
    );
    assert!(
        site.read("feed.xml")
            .contains("Beskæftigelsesplan for 2021")
    );

    // A target's text and value: the plan's page, the goal pages of 2021, the data.
    edit_and_compare(&site, &mut built, plan, |t| {
        t.replacen(
            "(fuldtidspersoner) falde med 2 % fra 4. kvartal 2020",
            "(fuldtidspersoner) falde med 3 % fra 4. kvartal 2020",
            1,
        )
    });
    assert!(
        site.read("data/targets.json")
            .contains("(fuldtidspersoner) falde med 3 % fra")
    );

    // An initiative's summary and target groups, in a chapter's front matter: the
    // goal's and the groups' pages of 2021.
    edit_and_compare(&site, &mut built, chapter, |t| {
        t.replacen(
            "som har flest ufaglærte jobåbninger.",
            "med flest ufaglærte jobåbninger.",
            1,
        )
        .replacen(
            "target_groups = [\"virksomheder\"]",
            "target_groups = [\"virksomheder\", \"flygtninge\"]",
            1,
        )
    });
    assert!(
        site.read("maalgrupper/flygtninge/2021/index.html")
            .contains("med flest ufaglærte jobåbninger.")
    );

    // A new heading at the end of a chapter: its table of contents.
    edit_and_compare(&site, &mut built, chapter, |t| {
        format!("{t}\n## Nye småjob\n\nFlere småjob i virksomhederne.\n")
    });
    assert!(
        site.read("kommuner/helsingoer/2021/virksomhedsrettet-indsats/index.html")
            .contains("Nye småjob")
    );

    // Another municipality's plan, after all of that.
    edit_and_compare(
        &site,
        &mut built,
        "content/kommuner/hjoerring/2022/_index.md",
        |t| t.replacen("summary = \"\"\"\n", "summary = \"\"\"\nKort sagt: ", 1),
    );
}

#[test]
fn initiatives_added_to_a_plan_and_taken_away_again_leave_the_index_a_full_build_makes() {
    let site = demo_site();
    let mut built = fresh_state(&site);
    // The first plan of the site: the record files of every plan after it move.
    let chapter = "content/kommuner/alleroed/2022/02-en-borger-en-plan.md";
    let original = site.read_source(chapter);
    let more: String = (1..=12)
        .map(|n| {
            format!(
                "\n[[initiatives]]\ntitle = \"Ny indsats {n}\"\nid = \"ny-indsats-{n}\"\nkind = \"projekt\"\nsummary = \"En ny indsats nummer {n} for borgere, der vil i job.\"\n"
            )
        })
        .collect();
    let sections: String = (1..=12)
        .map(|n| format!("\n## Ny indsats {n}\n\nIndsats nummer {n} hjælper borgere i job.\n"))
        .collect();
    edit_and_compare(&site, &mut built, chapter, |t| {
        t.replacen("\n+++\n", &format!("\n{more}+++\n"), 1) + &sections
    });
    assert!(
        site.read("kommuner/alleroed/2022/en-borger-en-plan/index.html")
            .contains("Ny indsats 12")
    );
    edit_and_compare(&site, &mut built, chapter, |_| original.clone());
}

#[test]
fn an_edit_that_adds_or_removes_a_page_gets_a_full_build() {
    // Forty plans split each goal's year by region; Testrup is alone in its region.
    let site = national_portal(40, 1);
    site.write(
        "content/kommuner/kommune-00/_index.md",
        "+++\ntitle = \"Kommune 00\"\nregion = \"Region Test\"\n+++\n",
    );
    site.build_ok();
    let region_page = "ministermaal/vaerdig-sagsbehandling/2024/region-test/index.html";
    assert!(site.public().join(region_page).exists());
    let mut built = fresh_state(&site);
    // Its plan stops answering the goal: its region's page of the goal goes.
    let files = [
        "content/kommuner/kommune-00/2024/_index.md",
        "content/kommuner/kommune-00/2024/01-indsatser.md",
    ];
    for rel in files {
        let text = site.read_source(rel);
        site.write(
            rel,
            &text.replace("vaerdig-sagsbehandling", "opkvalificering"),
        );
    }
    let changed = files.map(String::from);
    assert!(rebuild(&mut built, &changed).is_none());
    site.build_ok();
    assert!(!site.public().join(region_page).exists());
}

#[test]
fn on_a_portal_of_many_municipalities_a_plan_edit_renders_its_year_and_not_the_others() {
    let site = national_portal(30, 3);
    // One result on the site, so statuses are measured on its date.
    let with_result = |rel: &str, date: &str| {
        let text = site.read_source(rel);
        let front = text.trim_end().trim_end_matches("+++");
        site.write(
            rel,
            &format!("{front}\n[[targets.results]]\ndate = \"{date}\"\nvalue = 44\nsource = \"Jobindsats\"\n+++\n"),
        );
    };
    with_result("content/kommuner/kommune-00/2024/_index.md", "2024-06");
    let csv = "content/kommuner/kommune-07/2023/resultater.csv";
    site.write(
        csv,
        "target,date,value,source\nrk-1,2023-06,40,Jobindsats\n",
    );
    site.build_ok();
    let mut built = fresh_state(&site);
    let plan = "content/kommuner/kommune-07/2023/_index.md";
    let chapter = "content/kommuner/kommune-07/2023/01-indsatser.md";
    let pages = edit_and_compare(&site, &mut built, plan, |t| {
        t.replacen(
            "Andelen i job skal stige til mindst 41 %",
            "Andelen i job skal stige til mindst 45 %",
            1,
        )
    });
    // The plan's year's goal and group pages, not those of the other two years.
    let total = snapshot(&site.public())
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .count();
    assert!(pages * 2 < total, "{pages} of {total} pages written");
    // An initiative moved to another minister goal the plan answers already.
    edit_and_compare(&site, &mut built, chapter, |t| {
        let first = t.find("[[initiatives]]").expect("an initiative");
        let (head, tail) = t.split_at(first);
        let goal_line = tail
            .lines()
            .find(|l| l.starts_with("minister_goals"))
            .expect("its goals")
            .to_string();
        let other = head
            .lines()
            .find(|l| l.starts_with("minister_goals"))
            .expect("the chapter's goals");
        let second = other.split('"').nth(3).expect("a second goal");
        format!(
            "{head}{}",
            tail.replacen(&goal_line, &format!("minister_goals = [\"{second}\"]"), 1)
        )
    });
    // A result older than the site's newest: the target's status and the plan's.
    edit_and_compare(&site, &mut built, plan, |t| {
        let front = t.trim_end().trim_end_matches("+++");
        format!(
            "{front}\n[[targets.results]]\ndate = \"2023-12\"\nvalue = 44\nsource = \"Jobindsats\"\n+++\n"
        )
    });
    assert!(
        site.read("kommuner/kommune-07/2023/index.html")
            .contains("Nået")
    );

    // A new row in the plan's results spreadsheet.
    edit_and_compare(&site, &mut built, csv, |t| {
        format!("{t}rk-2,2023-12,43,Jobindsats\n")
    });

    // A chapter's first paragraph, which describes it on the plan's page.
    edit_and_compare(&site, &mut built, chapter, |t| {
        t.replacen(
            "+++\n## Indsats 1",
            "+++\nKapitlets indledning.\n\n## Indsats 1",
            1,
        )
    });
}

#[test]
fn a_theme_that_shows_the_plans_on_every_page_gets_every_page_rendered_again() {
    let site = Site::minimal();
    // The footer counts the targets of the whole site, on every page.
    let base = "themes/default/templates/base.html";
    let text = site.read_source(base);
    let footer = "<p class=\"count\">{{ site.counts.targets }} resultatmål</p></body>";
    site.write(base, &text.replacen("</body>", footer, 1));
    site.build_ok();
    assert!(site.read("index.html").contains("1 resultatmål"));
    let mut built = fresh_state(&site);

    let pages = edit_and_compare(&site, &mut built, PLAN, |t| {
        let front = t.trim_end().trim_end_matches("+++");
        format!(
            "{front}\n[[targets]]\nid = \"rk-2\"\ngoal = \"unge\"\ntext = \"Flere unge i job.\"\ncomparison = \"bedre end landsgennemsnittet\"\n+++\n"
        )
    });
    assert!(site.read("index.html").contains("2 resultatmål"));
    assert!(
        site.read("ministermaal/index.html")
            .contains("2 resultatmål")
    );
    let html_pages = snapshot(&site.public())
        .iter()
        .filter(|(path, _)| path.ends_with(".html") && path.as_str() != "404.html")
        .count();
    assert_eq!(pages, html_pages, "every page shows the count");
}
