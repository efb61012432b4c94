//! Results and status: a fixture plan with a target for every status (one of them
//! qualitative, one followed up from a `resultater.csv`), built for real; the status in
//! the HTML and in targets.json is what docs/results.md's rule gives. A results file
//! with mistakes gives one diagnostic per mistake, each at its line and column.

use crate::common::{Site, messages};

/// The plan: "today" is the newest result on the site (2022-03) unless `--date` says.
const PLAN: &str = r#"+++
title = "Beskæftigelsesplan 2021"
year = 2021
summary = "Planen vil have flere unge i uddannelse."

[[goals]]
id = "unge"
title = "Flere unge i uddannelse"
minister_goals = ["opkvalificering"]
target_groups = ["unge"]

[[targets]]
id = "rk-1"
goal = "unge"
text = "Mindst 80 % af de unge skal være i uddannelse."
indicator = "Andel unge i uddannelse"
unit = "%"
value = 80
direction = "at-least"
baseline = 70
baseline_at = "2020-12"
deadline = "2022-12"

[[targets.results]]
date = "2021-12"
value = 76
source = "Jobindsats"

[[targets.results]]
date = "2022-03"
value = 81.5
source = "Jobindsats"
note = "foreløbigt tal"

[[targets]]
id = "paa-vej"
goal = "unge"
text = "Højst 1,5 % af de unge skal være på uddannelseshjælp."
indicator = "Andel unge på uddannelseshjælp"
unit = "%"
value = 1.5
direction = "at-most"
baseline = 2.5
baseline_at = "2020-12"
deadline = "2022-12"

[[targets.results]]
date = "2021-12"
value = 1.9
source = "Jobindsats, ydelsesgrupper"

[[targets]]
id = "bagud"
goal = "unge"
text = "Højst 1,5 % af de unge skal være ledige."
indicator = "Andel ledige unge"
unit = "%"
value = 1.5
direction = "at-most"
baseline = 2.5
baseline_at = "2020-12"
deadline = "2022-12"

[[targets.results]]
date = "2021-12"
value = 2.2
source = "Jobindsats"

[[targets]]
id = "ikke-naaet"
goal = "unge"
text = "200 virksomheder skal være garantipartnere ved udgangen af 2021."
indicator = "Antal garantipartnere"
unit = "virksomheder"
value = 200
direction = "at-least"
baseline = 130
baseline_at = "2020-12"
deadline = "2021-12"

[[targets.results]]
date = "2021-12"
value = "150 virksomheder"
source = "Jobcentrets opgørelse"

[[targets]]
id = "kvalitativ"
goal = "unge"
text = "Ledigheden skal være lavere end landsgennemsnittet."
comparison = "bedre end landsgennemsnittet"
deadline = "2022"

[[targets.results]]
date = "2022-03"
met = true
source = "Jobindsats, sammenlignet med hele landet"

[[targets]]
id = "ingen-data"
goal = "unge"
text = "Mindst 40 unge skal i lære."
unit = "personer"
value = 40
direction = "at-least"
deadline = "2022"

[[targets]]
id = "fra-csv"
goal = "unge"
text = "Mindst 60 % af de unge skal have en ungdomsuddannelse."
indicator = "Andel med ungdomsuddannelse"
unit = "%"
value = 60
direction = "at-least"
baseline = 50
baseline_at = "2020-12"
deadline = "2022-12"
+++
"#;

/// Danish Excel's "CSV (semikolonsepareret)": semicolons and decimal commas.
const CSV: &str = "target;date;value;source;note\nfra-csv;2021-06;52,5;Danmarks Statistik;\nfra-csv;2021-12;56;Danmarks Statistik;foreløbigt\n";

fn site() -> Site {
    let site = Site::minimal();
    site.write("content/kommuner/testrup/2021/_index.md", PLAN);
    site.write("content/kommuner/testrup/2021/resultater.csv", CSV);
    site
}

/// The status of each target in targets.json, by local id.
fn json_statuses(site: &Site) -> Vec<(String, String)> {
    let data: serde_json::Value =
        serde_json::from_str(&site.read("data/targets.json")).expect("targets.json");
    data.as_array()
        .expect("an array")
        .iter()
        .map(|t| {
            (
                t["local_id"].as_str().unwrap_or("").to_string(),
                t["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The status class in the plan page's table row of target `id`.
fn html_status(html: &str, id: &str) -> String {
    let row = html
        .find(&format!("<tr id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row for {id}"));
    let rest = &html[row..];
    let end = rest.find("</tr>").expect("row end");
    let row = &rest[..end];
    let at = row.find("class=\"status status-").expect("a status badge");
    let from = at + "class=\"status status-".len();
    row[from..from + row[from..].find('"').expect("class end")].to_string()
}

fn check(id: &str, status: &str, label: &str) {
    let site = site();
    site.build_ok();
    let html = site.read("kommuner/testrup/2021/index.html");
    assert_eq!(html_status(&html, id), status, "HTML status of {id}");
    assert!(
        json_statuses(&site).contains(&(id.to_string(), status.to_string())),
        "JSON status of {id}: {:?}",
        json_statuses(&site)
    );
    let row = &html[html.find(&format!("<tr id=\"{id}\"")).expect("row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(row.contains(label), "the label {label} in the row of {id}");
}

#[test]
fn achieved_when_the_latest_result_meets_the_target() {
    check("rk-1", "achieved", "Nået");
}

#[test]
fn on_track_when_at_or_ahead_of_the_straight_line() {
    // Halfway from December 2020 to December 2022 the line is at 2,0 %: 1,9 % is ahead.
    check("paa-vej", "on-track", "På vej");
}

#[test]
fn behind_when_short_of_the_straight_line() {
    check("bagud", "behind", "Bagud");
}

#[test]
fn not_achieved_when_the_deadline_has_passed() {
    // The newest result on the site is from March 2022: the 2021 deadline has passed.
    check("ikke-naaet", "not-achieved", "Ikke nået");
}

#[test]
fn a_qualitative_target_gets_its_status_from_a_result_that_says_so() {
    check("kvalitativ", "achieved", "Nået");
}

#[test]
fn no_data_without_results() {
    check("ingen-data", "no-data", "Ingen opfølgning endnu");
}

#[test]
fn results_from_a_semicolon_csv_with_decimal_commas() {
    check("fra-csv", "on-track", "På vej");
    let site = site();
    site.build_ok();
    let data: serde_json::Value =
        serde_json::from_str(&site.read("data/targets.json")).expect("targets.json");
    let t = data
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["local_id"] == "fra-csv")
        .expect("the CSV target");
    assert_eq!(t["results"][0]["value"], 52.5);
    assert_eq!(t["results"][0]["source"], "Danmarks Statistik");
    assert_eq!(t["results"][1]["note"], "foreløbigt");
    assert_eq!(t["indicator"], "Andel med ungdomsuddannelse");
    let csv = site.read("data/targets.csv");
    let header = csv.lines().next().expect("header");
    assert!(
        header.contains("indicator") && header.contains("results") && header.contains("status")
    );
}

#[test]
fn the_build_date_decides_what_has_passed() {
    // On 1 June 2022, before the deadline, the 2021 target would have passed already;
    // a later date passes the 2022 deadlines too.
    let site = site();
    let mut opts = site.options();
    opts.today = Some(planportal::load::front_matter::Period::parse("2023-01-15").expect("date"));
    let report = planportal::build(&opts);
    assert!(report.ok(), "{}", messages(&report));
    let statuses = json_statuses(&site);
    assert!(
        statuses.contains(&("bagud".into(), "not-achieved".into())),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&("rk-1".into(), "achieved".into())),
        "{statuses:?}"
    );
}

#[test]
fn the_plan_page_sums_up_and_draws_the_results() {
    let site = site();
    site.build_ok();
    let html = site.read("kommuner/testrup/2021/index.html");
    assert!(html.contains("2 af 7 resultatmål nået"), "the summary");
    // Every followed-up target with numbers has a chart named by its title, and the
    // same numbers in a table under it, the Danish way.
    let chart = &html[html
        .find("id=\"resultater-paa-vej\"")
        .expect("the chart figure")..];
    let chart = &chart[..chart.find("</figure>").expect("figure end")];
    assert!(chart.contains("<svg class=\"chart chart-line\" role=\"img\" aria-labelledby=\"diagram-testrup-2021-paa-vej\""));
    assert!(chart.contains(
        "<title id=\"diagram-testrup-2021-paa-vej\">Resultater for Andel unge på uddannelseshjælp."
    ));
    assert!(
        chart.contains("<td class=\"num\">1,9 %"),
        "the result in the table"
    );
    assert!(
        chart.contains("<td class=\"num\">2,5 % (december 2020)"),
        "the baseline in the table"
    );
    assert!(
        html.contains("class=\"chart chart-status\" role=\"img\""),
        "the status chart"
    );
}

#[test]
fn a_results_file_with_mistakes_gives_one_diagnostic_per_mistake() {
    let site = site();
    site.write(
        "content/kommuner/testrup/2021/resultater.csv",
        "target,date,value,source\n\
         fra-csv,2021-06,52.5,Danmarks Statistik\n\
         fra-cvs,2021-12,56,Danmarks Statistik\n\
         fra-csv,1990-12,56,Danmarks Statistik\n\
         fra-csv,2022-03,56 personer,Danmarks Statistik\n\
         fra-csv,2022-06,57,\n",
    );
    let report = site.build();
    assert!(!report.ok());
    let text = messages(&report);
    let csv: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("resultater.csv"))
        .collect();
    assert_eq!(csv.len(), 4, "one diagnostic per mistake:\n{text}");
    let file = "content/kommuner/testrup/2021/resultater.csv";
    for (line_col, what) in [
        ("3:1", "ukendt resultatmål `fra-cvs`"),
        ("4:9", "uden for planens tid"),
        ("5:17", "forkert enhed `personer`"),
        ("6:20", "mangler en kilde"),
    ] {
        assert!(
            csv.iter()
                .any(|l| l.contains(&format!("{file}:{line_col}")) && l.contains(what)),
            "{what} at {line_col}:\n{text}"
        );
    }
    assert!(
        text.contains("mente du `fra-csv`?"),
        "a suggestion:\n{text}"
    );
}

#[test]
fn mistakes_in_front_matter_results_point_at_the_value() {
    let site = site();
    let plan = PLAN
        .replace("value = 2.2\nsource = \"Jobindsats\"", "value = 220\n")
        .replace(
            "date = \"2022-03\"\nmet = true",
            "date = \"2022\"\nmet = true",
        );
    site.write("content/kommuner/testrup/2021/_index.md", &plan);
    let report = site.build();
    let text = messages(&report);
    assert!(text.contains("220 er ikke en andel i procent"), "{text}");
    assert!(text.contains("resultatet mangler en kilde"), "{text}");
    assert!(
        text.contains("`2022` er ikke en måned eller en dag"),
        "{text}"
    );
    let ours = text.lines().filter(|l| l.contains("_index.md:")).count();
    assert_eq!(ours, 3, "{text}");
}

#[test]
fn a_picture_without_alt_text_is_an_error_at_the_picture() {
    let site = site();
    site.write(
        "content/kommuner/testrup/2021/01-unge.md",
        "+++\ntitle = \"Unge\"\n+++\nTekst.\n\n![](figur.png)\n\n![Ledigheden 2019-2021](figur.png)\n\nSe [resultatkravet](@/kommuner/testrup/2021/_index.md#rk-1).\n",
    );
    let report = site.build();
    let text = messages(&report);
    let alt: Vec<&str> = text.lines().filter(|l| l.contains("alt-tekst")).collect();
    assert_eq!(alt.len(), 1, "one picture lacks alt text:\n{text}");
    assert!(
        alt[0].contains("content/kommuner/testrup/2021/01-unge.md:6:1"),
        "{text}"
    );
}

#[test]
fn a_goal_s_pages_count_its_targets_by_status() {
    let site = site();
    site.build_ok();
    // The overview for the year, the year's page for the plan and its municipality.
    for page in [
        "ministermaal/opkvalificering/index.html",
        "ministermaal/opkvalificering/2021/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("Resultatmålenes status:"),
            "{page}: no counts"
        );
        assert!(
            html.contains("status status-achieved"),
            "{page}: no achieved"
        );
        assert!(html.contains("status status-behind"), "{page}: no behind");
    }
    // Without any result there is nothing to count, and nothing is said.
    let plain = Site::minimal();
    plain.build_ok();
    let html = plain.read("ministermaal/opkvalificering/2021/index.html");
    assert!(!html.contains("Resultatmålenes status:"), "{html}");
}
