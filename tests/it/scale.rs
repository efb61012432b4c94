//! Pages that scale for the reader (issue #17): a minister goal's and a target group's
//! page give the years, and each year has a page of its own with the plans' goals,
//! targets and initiatives by region and municipality. The demo's initiatives are on
//! the right year's pages, and a national portal of 98 municipalities × 20 years has
//! no page over 300 kB of HTML.

use std::fmt::Write as _;
use std::fs;

use serde_json::Value;

use crate::common::Site;
use crate::common::strings;
use crate::demo::{Demo, main_text};

/// The largest HTML page a national portal may have: what a phone loads in a moment.
const MAX_PAGE: u64 = 300 * 1000;

/// Whether `html` has the attribute `name` with `value`, quoted or as the minifier
/// writes it (unquoted).
fn has_attr(html: &str, name: &str, value: &str) -> bool {
    html.contains(&format!("{name}=\"{value}\""))
        || [' ', '>']
            .iter()
            .any(|end| html.contains(&format!("{name}={value}{end}")))
}

#[test]
fn demo_year_pages_list_every_initiative_under_its_goals_and_groups() {
    let demo = Demo::build();
    let data: Value = serde_json::from_str(&demo.read("data/initiatives.json")).expect("JSON");
    let initiatives = data.as_array().expect("a list");
    assert!(!initiatives.is_empty());
    let mut checked = 0;
    for i in initiatives {
        let title = i["title"].as_str().expect("a title");
        let year = i["year"].as_i64().expect("a year");
        let municipality = i["municipality_name"].as_str().expect("a name");
        for (section, slugs) in [
            ("ministermaal", strings(i, "minister_goals")),
            ("maalgrupper", strings(i, "target_groups")),
        ] {
            for slug in slugs {
                let page = format!("{section}/{slug}/{year}/index.html");
                let text = main_text(&demo.read(&page));
                assert!(text.contains(title), "{page} lacks `{title}`");
                assert!(text.contains(municipality), "{page} lacks {municipality}");
                checked += 1;
                // Only the year's page lists it: not the overview, not another year.
                let overview = main_text(&demo.read(&format!("{section}/{slug}/index.html")));
                assert!(
                    !overview.contains(&format!("Indsats {title}")),
                    "{section}/{slug}/ lists `{title}`"
                );
            }
        }
    }
    assert!(checked > 100, "only {checked} initiatives on year pages");
}

#[test]
fn demo_year_pages_link_back_and_are_in_the_sitemap() {
    let demo = Demo::build();
    let sitemap = demo.read("sitemap.xml");
    let mut years = 0;
    for (rel, html) in demo.pages() {
        let parts: Vec<&str> = rel.split('/').collect();
        let [
            section @ ("ministermaal" | "maalgrupper"),
            slug,
            year,
            "index.html",
        ] = parts[..]
        else {
            continue;
        };
        years += 1;
        let overview = format!("/{section}/{slug}/");
        assert!(
            has_attr(&html, "href", &overview),
            "{rel} does not link back to {overview}"
        );
        assert!(
            html.contains(&format!("aria-current=page>{year}</span>"))
                || html.contains(&format!("aria-current=\"page\">{year}</span>")),
            "{rel}: the trail ends in the year"
        );
        assert!(
            has_attr(
                &demo.read(&format!("{section}/{slug}/index.html")),
                "href",
                &format!("/{section}/{slug}/{year}/")
            ),
            "{overview} does not link to {year}"
        );
        assert!(
            sitemap.contains(&format!("{section}/{slug}/{year}/</loc>")),
            "{rel} is not in the sitemap"
        );
    }
    // Five goals over their years and twelve groups over three years, less the empty ones.
    assert!(years > 40, "{years} year pages");
    // Allerød's reason to set no target for dignified casework is on the 2022 page,
    // in the jump list's anchor it gets.
    let page = demo.read("ministermaal/vaerdig-sagsbehandling/2022/index.html");
    assert!(has_attr(&page, "href", "#kommune-alleroed"), "{page}");
    assert!(has_attr(&page, "id", "kommune-alleroed"), "{page}");
    assert!(has_attr(&page, "id", "region-nordjylland"), "{page}");
}

/// The regions a generated municipality is in, in turn.
const REGIONS: [&str; 5] = [
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
];
const GOALS: [&str; 5] = [
    "vaerdig-sagsbehandling",
    "opkvalificering",
    "flygtninge-selvforsoergende",
    "handicap-beskaeftigelse",
    "kvalificeret-arbejdskraft",
];
const GROUPS: [&str; 4] = ["unge", "sygemeldte", "flygtninge", "virksomheder"];

/// A national portal: `municipalities` × `years` plans, each with two local goals, three
/// targets and one short chapter of four initiatives, all tied to minister goals and
/// target groups, so every goal's and group's year has a plan from every municipality.
pub(crate) fn national_portal(municipalities: usize, years: i32) -> Site {
    let site = Site::empty();
    let first = 2024 - years + 1;
    let year_list = (first..=2024)
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Landsportal\"\n+++\nAlle kommuner.\n",
    );
    for (n, goal) in GOALS.iter().enumerate() {
        let numbers = (first..=2024)
            .map(|y| format!("{y} = {}", n + 1))
            .collect::<Vec<_>>()
            .join(", ");
        site.write(
            &format!("content/ministermaal/{goal}.md"),
            &format!(
                "+++\ntitle = \"Ministermål {}\"\nyears = [{year_list}]\nnumber = {{ {numbers} }}\n+++\nOm målet.\n",
                n + 1
            ),
        );
    }
    for group in GROUPS {
        site.write(
            &format!("content/maalgrupper/{group}.md"),
            &format!("+++\ntitle = \"Målgruppen {group}\"\n+++\nOm målgruppen.\n"),
        );
    }
    for m in 0..municipalities {
        let slug = format!("kommune-{m:02}");
        site.write(
            &format!("content/kommuner/{slug}/_index.md"),
            &format!(
                "+++\ntitle = \"Kommune {m:02}\"\nregion = \"{}\"\n+++\n",
                // In blocks, as real regions are: not in step with the goals below.
                REGIONS[m * REGIONS.len() / municipalities]
            ),
        );
        for year in first..=2024 {
            let (a, b) = (m % 5, (m + 2) % 5);
            let mut plan = format!(
                "+++\ntitle = \"Beskæftigelsesplan {year}\"\nyear = {year}\nsummary = \"Planen for {year}.\"\n"
            );
            for (id, goal, group) in [("a", a, m % 4), ("b", b, (m + 1) % 4)] {
                let _ = write!(
                    plan,
                    "\n[[goals]]\nid = \"maal-{id}\"\ntitle = \"Lokalt mål {id} for {year}\"\nminister_goals = [\"{}\"]\ntarget_groups = [\"{}\"]\n",
                    GOALS[goal], GROUPS[group]
                );
            }
            for t in 1..=3 {
                let goal = if t == 3 { "b" } else { "a" };
                let _ = write!(
                    plan,
                    "\n[[targets]]\nid = \"rk-{t}\"\ngoal = \"maal-{goal}\"\nlabel = \"Resultatmål {t}\"\ntext = \"Andelen i job skal stige til mindst {} %.\"\nunit = \"%\"\nvalue = {}\ndirection = \"at-least\"\ndeadline = \"{year}-12\"\n",
                    40 + t,
                    40 + t
                );
            }
            plan.push_str("+++\n");
            site.write(&format!("content/kommuner/{slug}/{year}/_index.md"), &plan);

            let mut chapter = format!(
                "+++\ntitle = \"Indsatser\"\nminister_goals = [\"{}\", \"{}\"]\ntarget_groups = [\"{}\"]\n",
                GOALS[a],
                GOALS[b],
                GROUPS[m % 4]
            );
            let mut body = String::new();
            for i in 1..=4 {
                let goal = if i % 2 == 0 { GOALS[b] } else { GOALS[a] };
                let _ = write!(
                    chapter,
                    "\n[[initiatives]]\ntitle = \"Indsats {i} i {year}\"\nkind = \"indsats\"\nsummary = \"En kort beskrivelse af indsatsen.\"\nminister_goals = [\"{goal}\"]\ntarget_groups = [\"{}\"]\n",
                    GROUPS[(m + i) % 4]
                );
                let _ = write!(body, "## Indsats {i} i {year}\n\nTekst om indsatsen.\n\n");
            }
            chapter.push_str("+++\n");
            chapter.push_str(&body);
            site.write(
                &format!("content/kommuner/{slug}/{year}/01-indsatser.md"),
                &chapter,
            );
        }
    }
    site
}

#[test]
fn a_national_portal_of_98_municipalities_and_20_years_has_no_page_over_300_kb() {
    let site = national_portal(98, 20);
    let report = site.build_ok();
    assert_eq!(report.plans, 98 * 20);
    let public = site.public();
    let mut pages = 0;
    let mut year_pages = 0;
    let mut region_pages = 0;
    let mut largest = (0, String::new());
    let mut largest_year = (0, String::new());
    for entry in walkdir::WalkDir::new(&public).sort_by_file_name() {
        let entry = entry.expect("walk public/");
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let rel = path
            .strip_prefix(&public)
            .expect("under public/")
            .to_string_lossy()
            .replace('\\', "/");
        let size = entry.metadata().expect("metadata").len();
        if size > largest.0 {
            largest = (size, rel.clone());
        }
        assert!(size <= MAX_PAGE, "{rel} is {size} bytes, over {MAX_PAGE}");
        let parts: Vec<&str> = rel.split('/').collect();
        if let [
            section @ ("ministermaal" | "maalgrupper"),
            slug,
            year,
            region,
            "index.html",
        ] = parts[..]
        {
            // A region's page of a split year: below its year's page in the trail, and
            // every name in its jump list is on it.
            region_pages += 1;
            let html = fs::read_to_string(path).expect("a region page");
            assert!(
                has_attr(&html, "href", &format!("/{section}/{slug}/{year}/")),
                "{rel} does not link back to its year"
            );
            assert!(region.starts_with("region-"), "{rel}");
            let mut names = 0;
            for jump in html.split("href=\"#kommune-").skip(1) {
                let id = &jump[..jump.find('"').expect("a quoted href")];
                assert!(
                    has_attr(&html, "id", &format!("kommune-{id}")),
                    "{rel}: #kommune-{id} is not on the page"
                );
                names += 1;
            }
            assert!(names > 0, "{rel} has no jump list");
        }
        if let [
            section @ ("ministermaal" | "maalgrupper"),
            slug,
            year,
            "index.html",
        ] = parts[..]
        {
            year_pages += 1;
            if size > largest_year.0 {
                largest_year = (size, rel.clone());
            }
            let html = fs::read_to_string(path).expect("a year page");
            assert!(
                has_attr(&html, "href", &format!("/{section}/{slug}/")),
                "{rel} does not link back to its overview"
            );
            assert!(
                html.contains(&format!(">{year}</span>")),
                "{rel}: the trail ends in the year"
            );
        }
    }
    eprintln!(
        "98 × 20: {pages} pages, the largest {} ({} bytes), of the year pages {} ({} bytes)",
        largest.1, largest.0, largest_year.1, largest_year.0
    );
    // The search index grows with the text, not by a file per sentence: fewer files
    // than the site has pages, and no file a first query loads is large.
    let mut index_files = 0;
    let mut index_bytes = 0;
    for entry in walkdir::WalkDir::new(public.join("soeg/indeks")) {
        let entry = entry.expect("walk the index");
        if entry.file_type().is_file() {
            index_files += 1;
            let size = entry.metadata().expect("metadata").len();
            index_bytes += size;
            assert!(size <= 200_000, "{:?} is {size} bytes", entry.path());
        }
    }
    eprintln!("98 × 20: search index {index_files} files, {index_bytes} bytes");
    assert!(
        index_files < pages,
        "{index_files} index files for {pages} pages"
    );
    assert_eq!(
        year_pages,
        (GOALS.len() + GROUPS.len()) * 20,
        "a page per goal and year and per group and year"
    );
    // A year with more than a short list of answers is split by region: five pages
    // for each goal's and group's year.
    assert_eq!(
        region_pages,
        (GOALS.len() + GROUPS.len()) * 20 * 5,
        "a page per region of each split year"
    );
    // Every municipality of a year is a tap away on a year's page, by region: in its
    // part of its region's page.
    let year = site.read("ministermaal/opkvalificering/2024/index.html");
    let mut leads_to_region = 0;
    for m in 0..98 {
        let anchor = format!("#kommune-kommune-{m:02}");
        let href = year
            .split("href=\"")
            .skip(1)
            .map(|h| &h[..h.find('"').expect("a quoted href")])
            .find(|h| h.ends_with(&anchor))
            .unwrap_or_else(|| panic!("Kommune {m:02} is not in the jump list"));
        // An answer is on its region's page; a plan that sets nothing is listed at the
        // end of the year's page.
        let (page, id) = href.split_once('#').expect("an anchor");
        let target = if page.is_empty() {
            year.clone()
        } else {
            site.read(&format!("{}index.html", page.trim_start_matches('/')))
        };
        assert!(has_attr(&target, "id", id), "{href} leads nowhere");
        leads_to_region += usize::from(!page.is_empty());
    }
    assert!(
        leads_to_region > 12,
        "{leads_to_region} names lead to a region's page"
    );
    for region in [
        "hovedstaden",
        "sjaelland",
        "syddanmark",
        "midtjylland",
        "nordjylland",
    ] {
        assert!(
            has_attr(&year, "id", &format!("region-{region}")),
            "{region}"
        );
    }
}
