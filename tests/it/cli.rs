//! The command line as a new user meets it: `init` then `build`, `new kommune` and
//! `new plan`, and `check` on a tree full of mistakes.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::Site;

fn planportal(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planportal"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run planportal")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "planportal failed ({:?}):\n{}",
        out.status,
        stderr(out)
    );
    stderr(out)
}

/// Every internal link of every HTML page under `public` that names no file there.
fn dead_links(public: &Path) -> Vec<String> {
    let mut dead = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).expect("read");
        for (i, _) in html.match_indices("href=") {
            let rest = &html[i + 5..];
            let (quote, rest) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &rest[1..]),
                _ => (None, rest),
            };
            let end = rest
                .find(|c: char| match quote {
                    Some(q) => c == q,
                    None => c.is_whitespace() || c == '>',
                })
                .unwrap_or(rest.len());
            let href = &rest[..end];
            if !href.starts_with('/') || href.starts_with("//") {
                continue;
            }
            let path = href.split(['#', '?']).next().unwrap_or("");
            let file = if path.ends_with('/') {
                public.join(&path[1..]).join("index.html")
            } else {
                public.join(&path[1..])
            };
            if !file.is_file() {
                dead.push(format!("{} -> {href}", entry.path().display()));
            }
        }
    }
    dead.sort();
    dead.dedup();
    dead
}

#[test]
fn init_then_build_gives_a_working_portal() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = planportal(&["init", "min-portal"], tmp.path());
    let said = ok(&out);
    assert!(said.contains("planportal serve"), "{said}");
    let root = tmp.path().join("min-portal");
    assert!(
        !root.join("themes").exists(),
        "the theme is built in, not copied"
    );
    for file in [
        "config.toml",
        "content/ministermaal/opkvalificering.md",
        "content/ministermaal/vaerdig-sagsbehandling.md",
        "content/maalgrupper/unge.md",
        "content/kommuner/eksempelby/_index.md",
        "content/kommuner/eksempelby/2022/_index.md",
    ] {
        assert!(root.join(file).is_file(), "init wrote no {file}");
    }
    let ministermaal = fs::read_dir(root.join("content/ministermaal"))
        .expect("read")
        .count();
    assert_eq!(ministermaal, 6, "five minister goals and their _index.md");

    let out = planportal(&["build"], &root);
    let said = ok(&out);
    assert!(said.contains("Byggede"), "{said}");
    assert!(said.contains("1 plan,"), "{said}");
    assert!(
        !said.contains("advarsel") && !said.contains("warning"),
        "the example builds without warnings: {said}"
    );
    let public = root.join("public");
    for page in [
        "index.html",
        "kommuner/eksempelby/2022/index.html",
        "kommuner/eksempelby/2022/unge/index.html",
        "ministermaal/opkvalificering/index.html",
        "tilgaengelighed/index.html",
        "404.html",
    ] {
        assert!(public.join(page).is_file(), "no {page}");
    }
    let plan =
        fs::read_to_string(public.join("kommuner/eksempelby/2022/index.html")).expect("read");
    assert!(plan.contains("Eksempelby"), "{plan}");
    assert!(
        !plan.contains("EventSource"),
        "the reload script belongs to serve, never to a build"
    );
    assert_eq!(dead_links(&public), Vec::<String>::new());

    let out = planportal(&["check"], &root);
    let said = ok(&out);
    assert!(said.contains("0 fejl, 0 advarsler"), "{said}");
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::write(tmp.path().join("config.toml"), "title = \"Min egen\"\n").expect("write");
    let out = planportal(&["init"], tmp.path());
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("ikke tom"), "{said}");
    assert!(said.contains("--force"), "{said}");
    assert!(!tmp.path().join("content").exists(), "nothing was written");

    let out = planportal(&["init", "--force"], tmp.path());
    ok(&out);
    assert_eq!(
        fs::read_to_string(tmp.path().join("config.toml")).expect("read"),
        "title = \"Min egen\"\n",
        "--force never overwrites a file"
    );
    assert!(
        tmp.path()
            .join("content/kommuner/eksempelby/_index.md")
            .is_file()
    );
}

#[test]
fn theme_lists_the_built_in_files_and_copies_one_out_to_be_changed() {
    let tmp = tempfile::tempdir().expect("tmp");
    ok(&planportal(&["init", "p"], tmp.path()));
    let root = tmp.path().join("p");
    let out = planportal(&["theme"], &root);
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    ok(&out);
    assert!(listed.contains("  templates/base.html\n"), "{listed}");
    assert!(listed.contains("  static/search.js\n"), "{listed}");

    let out = planportal(&["theme", "templates/basse.html"], &root);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("mente du `templates/base.html`?"),
        "{}",
        stderr(&out)
    );
    assert!(
        !root.join("themes").exists(),
        "nothing written for a wrong name"
    );

    ok(&planportal(&["theme", "templates/base.html"], &root));
    let copied = root.join("themes/default/templates/base.html");
    let text = fs::read_to_string(&copied).expect("copied");
    let out = planportal(&["theme"], &root);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("magen til den indbyggede"),
        "an unchanged copy is pointed out"
    );
    fs::write(&copied, text.replace("<body", "<body data-egen=\"ja\"")).expect("write");
    let out = planportal(&["theme"], &root);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "* templates/base.html  (ændret i portalen: themes/default/templates/base.html)"
        ),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = planportal(&["theme", "templates/base.html"], &root);
    assert!(!out.status.success(), "a copy is never overwritten");
    assert!(
        fs::read_to_string(&copied)
            .expect("read")
            .contains("data-egen")
    );

    ok(&planportal(&["build"], &root));
    let page = fs::read_to_string(root.join("public/index.html")).expect("index");
    assert!(page.contains("data-egen"), "the portal's copy is used");
    let other = fs::read_to_string(root.join("public/404.html")).expect("404");
    assert!(
        other.contains("data-egen"),
        "and pages built from the built-in templates extend it"
    );
}

#[test]
fn an_old_whole_copy_of_the_theme_still_builds_but_its_search_script_is_refused() {
    // A portal made by an older `init` holds the whole theme of its day: templates that
    // have since been added are missing, and its search.js reads an older index.
    let tmp = tempfile::tempdir().expect("tmp");
    ok(&planportal(&["init", "p"], tmp.path()));
    let root = tmp.path().join("p");
    ok(&planportal(
        &["theme", "templates/base.html", "static/search.js"],
        &root,
    ));
    let script = root.join("themes/default/static/search.js");
    let old = fs::read_to_string(&script)
        .expect("read")
        .replace("const INDEX_FORMAT = 2;", "");
    fs::write(&script, old).expect("write");
    let out = planportal(&["build"], &root);
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(
        said.contains("themes/default/static/search.js er skrevet til et andet søgeindeks"),
        "{said}"
    );
    assert!(said.contains("slet filen"), "{said}");
    assert!(!root.join("public").exists(), "nothing is published");

    fs::remove_file(&script).expect("remove");
    let out = planportal(&["build"], &root);
    ok(&out);
    assert!(
        root.join("public/ministermaal/opkvalificering/index.html")
            .is_file(),
        "the goal's page is drawn by a template the old copy does not have"
    );
}

#[test]
fn new_kommune_derives_the_slug_and_refuses_to_overwrite() {
    let site = Site::minimal();
    let out = planportal(&["new", "kommune", "Ærø"], site.root());
    ok(&out);
    let text = fs::read_to_string(site.root().join("content/kommuner/aeroe/_index.md"))
        .expect("the folder is named aeroe");
    assert!(text.contains("title = \"Ærø Kommune\""), "{text}");

    let out = planportal(&["new", "kommune", "Lyngby-Taarbæk Kommune"], site.root());
    ok(&out);
    assert!(
        site.root()
            .join("content/kommuner/lyngby-taarbaek/_index.md")
            .is_file()
    );

    fs::write(
        site.root().join("content/kommuner/aeroe/_index.md"),
        "+++\ntitle = \"Redigeret\"\n+++\n",
    )
    .expect("write");
    let out = planportal(&["new", "kommune", "Ærø"], site.root());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("findes allerede"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(site.root().join("content/kommuner/aeroe/_index.md")).expect("read"),
        "+++\ntitle = \"Redigeret\"\n+++\n"
    );
    site.build_ok();
}

/// Replaces every `UDFYLD: …` placeholder (up to the end of its string or line) with a
/// text of its own; the same placeholder gets the same text, as an editor would write
/// an initiative's name the same in its `title` and its heading.
fn fill_placeholders(text: &str, names: &mut BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("UDFYLD") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(['"', '\n']).unwrap_or(tail.len());
        let n = names.len() + 1;
        let fill = names
            .entry(tail[..end].to_string())
            .or_insert_with(|| format!("Tekst nummer {n}"));
        out.push_str(fill);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn new_plan_lists_the_years_minister_goals_and_builds_once_filled_in() {
    let tmp = tempfile::tempdir().expect("tmp");
    ok(&planportal(&["init", "p"], tmp.path()));
    let root = tmp.path().join("p");
    ok(&planportal(&["new", "kommune", "Ærø"], &root));
    let out = planportal(&["new", "plan", "Ærø", "2022"], &root);
    let said = ok(&out);
    assert!(said.contains("UDFYLD"), "tells what to fill in: {said}");

    let dir = root.join("content/kommuner/aeroe/2022");
    let plan = fs::read_to_string(dir.join("_index.md")).expect("plan");
    // The checklist: every minister goal of 2022, in the ministry's order, as comments.
    let checklist: Vec<&str> = plan.lines().filter(|l| l.starts_with("# [ ]")).collect();
    assert_eq!(
        checklist,
        [
            "# [ ] 1. vaerdig-sagsbehandling: Alle ledige skal have en værdig sagsbehandling",
            "# [ ] 2. opkvalificering: Flere ledige skal opkvalificeres",
            "# [ ] 3. flygtninge-selvforsoergende: Flere flygtninge og familiesammenførte skal være selvforsørgende",
            "# [ ] 4. handicap-beskaeftigelse: Flere personer med handicap skal i beskæftigelse",
            "# [ ] 5. kvalificeret-arbejdskraft: Virksomhederne skal sikres den nødvendige og kvalificerede arbejdskraft",
        ]
    );
    assert!(
        plan.contains("[[goals]]") && plan.contains("[[targets]]"),
        "{plan}"
    );
    let chapter = fs::read_to_string(dir.join("01-indsatser.md")).expect("chapter");
    assert!(chapter.contains("[[initiatives]]"), "{chapter}");

    // Never overwrites.
    let out = planportal(&["new", "plan", "aeroe", "2022"], &root);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("allerede"), "{}", stderr(&out));

    // Filled in, it builds without a single warning, and no placeholder is left.
    let mut names = BTreeMap::new();
    for file in [
        dir.join("_index.md"),
        dir.join("01-indsatser.md"),
        root.join("content/kommuner/aeroe/_index.md"),
    ] {
        let text = fs::read_to_string(&file).expect("read");
        // Published, as the editor's "Udgiv" does: the skeletons are drafts.
        let text = text.replace("draft = true\n", "");
        fs::write(&file, fill_placeholders(&text, &mut names)).expect("write");
    }
    let out = planportal(&["build"], &root);
    let said = ok(&out);
    assert!(said.contains("2 planer"), "{said}");
    assert!(!said.contains("advarsel"), "{said}");
    let page =
        fs::read_to_string(root.join("public/kommuner/aeroe/2022/index.html")).expect("plan page");
    assert!(page.contains("Tekst nummer"), "{page}");
    assert!(!page.contains("UDFYLD"));
    assert!(
        root.join("public/kommuner/aeroe/2022/indsatser/index.html")
            .is_file()
    );
}

#[test]
fn new_plan_explains_an_unknown_municipality_and_a_wrong_year() {
    let site = Site::minimal();
    let out = planportal(&["new", "plan", "testrupp", "2022"], site.root());
    assert!(!out.status.success());
    let said = stderr(&out);
    assert!(said.contains("ingen kommune `testrupp`"), "{said}");
    assert!(said.contains("mente du `testrup`?"), "{said}");

    let out = planportal(&["new", "plan", "helsingør", "2022"], site.root());
    assert!(stderr(&out).contains("new kommune"), "{}", stderr(&out));

    let out = planportal(&["new", "plan", "testrup", "22"], site.root());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("ikke et planår"), "{}", stderr(&out));

    let tmp = tempfile::tempdir().expect("tmp");
    let out = planportal(&["new", "kommune", "Ærø"], tmp.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("ingen config.toml"),
        "{}",
        stderr(&out)
    );
}

/// A small site with a dozen different mistakes. A file whose front matter cannot be
/// read stops at its first mistake, so those mistakes each have a file of their own.
fn site_with_mistakes() -> Site {
    let site = Site::minimal();
    // 1. An unknown field in a page's front matter.
    site.write("content/om.md", "+++\ntitel = \"Om\"\n+++\nTekst.\n");
    // 2. A TOML syntax error.
    site.write(
        "content/kontakt.md",
        "+++\ntitle = \"Kontakt\nweight = 3\n+++\nTekst.\n",
    );
    // 3. A template that does not exist.
    site.write(
        "content/presse.md",
        "+++\ntitle = \"Presse\"\ntemplate = \"pagee.html\"\n+++\nTekst.\n",
    );
    // 4. A direction that is not one of the five.
    site.write(
        "content/kommuner/nabo/_index.md",
        "+++\ntitle = \"Naboby Kommune\"\n+++\n",
    );
    site.write(
        "content/kommuner/nabo/2021/_index.md",
        "+++\ntitle = \"Plan\"\nyear = 2021\nsummary = \"Kort.\"\n\n[[targets]]\nid = \"rk-1\"\ntext = \"Mindst 5.\"\nvalue = 5\ndirection = \"atleast\"\n+++\n",
    );
    // 5. A month that does not exist.
    site.write(
        "content/kommuner/fjern/_index.md",
        "+++\ntitle = \"Fjernby Kommune\"\n+++\n",
    );
    site.write(
        "content/kommuner/fjern/2021/_index.md",
        "+++\ntitle = \"Plan\"\nyear = 2021\nsummary = \"Kort.\"\n\n[[targets]]\nid = \"rk-1\"\ntext = \"Mindst 5.\"\nvalue = 5\ndirection = \"at-least\"\ndeadline = \"2021-13\"\n+++\n",
    );
    // 6-12: references that point nowhere, in a plan and its chapter that parse.
    site.write(
        "content/kommuner/testrup/2022/_index.md",
        r#"+++
title = "Beskæftigelsesplan 2022"
year = 2022
summary = "Planen for 2022."

[[goals]]
id = "unge"
title = "Flere unge i uddannelse"
minister_goals = ["opkvalifisering"]
target_groups = ["ungee"]

[[goals]]
id = "handicap"
title = "Flere med handicap i job"
minister_goals = ["handicap-beskaeftigelse"]

[[targets]]
id = "rk-1"
goal = "ungr"
text = "Færre unge på uddannelseshjælp."
value = 5
direction = "at-least"
deadline = "2022"

[[targets]]
id = "rk-2"
goal = "unge"
text = "Et mål uden tal."
deadline = "2022"

[[targets]]
id = "rk-2"
goal = "unge"
text = "Samme id igen."
value = 3
direction = "at-least"
deadline = "2022"
+++
"#,
    );
    site.write(
        "content/kommuner/testrup/2022/01-unge.md",
        r#"+++
title = "Unge"
goals = ["unge"]

[[initiatives]]
title = "Ungeindsatsen"
kind = "indsats"
+++
## Ungeindsats

Se [målet](@/kommuner/testrup/2022/_index.md#rk-9) og [kapitlet](@/kommuner/testrup/2022/02-mangler.md).
"#,
    );
    site
}

/// The mistakes of [`site_with_mistakes`]: (file, line, what the message says, the help).
const MISTAKES: [(&str, usize, &str, &str); 13] = [
    (
        "content/om.md",
        2,
        "ukendt felt `titel`",
        "mente du `title`?",
    ),
    ("content/kontakt.md", 2, "", ""),
    (
        "content/presse.md",
        3,
        "skabelonen `pagee.html` findes ikke",
        "mente du `page.html`?",
    ),
    (
        "content/kommuner/nabo/2021/_index.md",
        10,
        "atleast",
        "at-least",
    ),
    ("content/kommuner/fjern/2021/_index.md", 11, "2021-13", ""),
    (
        "content/kommuner/testrup/2022/_index.md",
        9,
        "ukendt ministermål `opkvalifisering`",
        "mente du `opkvalificering`?",
    ),
    (
        "content/kommuner/testrup/2022/_index.md",
        10,
        "ukendt målgruppe `ungee`",
        "mente du `unge`?",
    ),
    (
        "content/kommuner/testrup/2022/_index.md",
        15,
        "`handicap-beskaeftigelse`",
        "",
    ),
    (
        "content/kommuner/testrup/2022/_index.md",
        19,
        "`ungr`",
        "mente du `unge`?",
    ),
    (
        "content/kommuner/testrup/2022/_index.md",
        32,
        "id'et `rk-2` er brugt to gange",
        "sit eget id",
    ),
    (
        "content/kommuner/testrup/2022/01-unge.md",
        6,
        "Ungeindsatsen",
        "Ungeindsats",
    ),
    ("content/kommuner/testrup/2022/01-unge.md", 11, "rk-9", ""),
    (
        "content/kommuner/testrup/2022/01-unge.md",
        11,
        "02-mangler.md",
        "01-unge.md",
    ),
];

#[test]
fn check_lists_every_mistake_with_its_place_and_a_suggestion() {
    let site = site_with_mistakes();
    let out = planportal(&["check"], site.root());
    assert_eq!(out.status.code(), Some(1), "errors exit with 1");
    let said = stderr(&out);
    assert!(out.stdout.is_empty(), "human output goes to stderr");
    for (file, line, message, help) in MISTAKES {
        let at = format!("{file}:{line}:");
        assert!(said.contains(&at), "no diagnostic at {at}:\n{said}");
        assert!(said.contains(message), "no `{message}`:\n{said}");
        assert!(said.contains(help), "no `{help}`:\n{said}");
    }
    assert!(
        said.contains("hverken et tal eller en sammenligning"),
        "warnings are listed too:\n{said}"
    );
    assert!(!site.root().join("public").exists(), "check writes nothing");

    let out = planportal(&["check", "--format", "json"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    let diags = json["diagnostics"].as_array().expect("a list");
    assert!(json["errors"].as_u64().unwrap_or(0) >= 12, "{json:#}");
    assert!(json["warnings"].as_u64().unwrap_or(0) >= 1, "{json:#}");
    for (file, line, _, _) in MISTAKES {
        assert!(
            diags
                .iter()
                .any(|d| d["file"] == file && d["line"] == line && d["severity"] == "error"),
            "no JSON error at {file}:{line}: {json:#}"
        );
    }
    for d in diags {
        assert!(d["message"].is_string() && d["rendered"].is_string(), "{d}");
    }

    // A first build that fails does not speak of a previous site.
    let out = planportal(&["build"], site.root());
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(said.contains("Intet er skrevet til"), "{said}");
    assert!(!said.contains("Den tidligere udgave"), "{said}");
    assert!(!site.root().join("public").exists());
}

#[test]
fn quiet_prints_only_errors_and_verbose_says_more() {
    let site = Site::minimal();
    let out = planportal(&["build", "--quiet"], site.root());
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "a good quiet build says nothing");
    let out = planportal(&["--verbose", "build"], site.root());
    let said = ok(&out);
    assert!(said.contains("Bygger"), "{said}");
    assert!(said.contains("Byggede"), "{said}");
    // Where the time went, stage by stage, with every stage named in Danish.
    let times = said
        .lines()
        .find(|l| l.starts_with("Tid: "))
        .unwrap_or_else(|| panic!("no stage times: {said}"));
    for stage in [
        "indlæsning",
        "sammenkædning",
        "sider, søgeindeks og åbne data",
        "udgivelse",
    ] {
        assert!(times.contains(&format!("{stage} ")), "{stage} in {times}");
    }
    assert!(times.ends_with(" ms"), "{times}");
    let out = planportal(&["build"], site.root());
    assert!(
        !ok(&out).contains("Tid: "),
        "only --verbose prints the stage times"
    );

    let site = site_with_mistakes();
    let out = planportal(&["check", "-q"], site.root());
    let said = stderr(&out);
    assert!(said.contains("fejl: "), "{said}");
    assert!(!said.contains("advarsel: "), "quiet hides warnings: {said}");
}

#[test]
fn help_is_danish_headings_and_all() {
    let tmp = tempfile::tempdir().expect("tmp");
    let help = |args: &[&str]| {
        let out = planportal(args, tmp.path());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let top = help(&["--help"]);
    for said in [
        "Brug: planportal [VALG] <KOMMANDO>",
        "Kommandoer:",
        "  build  Byg sitet i public/ (eller --output-dir)",
        "Valg:",
        "--root <MAPPE>  Portalens mappe (den med config.toml og content/) [standard: .]",
        "-h, --help Vis hjælp",
        "-V, --version Vis versionen",
    ] {
        // Columns move with the longest option; compare with single spaces.
        let single = |s: &str| {
            s.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(
            single(&top).contains(&single(said)),
            "no `{said}` in:\n{top}"
        );
    }
    assert_eq!(help(&["-h"]), top);
    assert_eq!(help(&["help"]), top, "`help` is there still, in Danish");

    let plan = help(&["new", "plan", "--help"]);
    assert!(
        plan.contains("Brug: planportal new plan [VALG] <KOMMUNE> <ÅR>"),
        "{plan}"
    );
    assert!(plan.contains("Argumenter:\n  <KOMMUNE>"), "{plan}");
    assert_eq!(help(&["help", "new", "plan"]), plan);

    let check = help(&["check", "--help"]);
    assert!(
        check.contains("[standard: human] [mulige værdier: human, json]"),
        "{check}"
    );

    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["serve", "--help"],
        &["init", "--help"],
        &["new", "--help"],
        &["new", "plan", "--help"],
        &["new", "kommune", "--help"],
        &["help", "--help"],
    ] {
        let text = help(args);
        for english in [
            "Usage",
            "Commands",
            "Arguments",
            "Options",
            "OPTIONS",
            "COMMAND",
            "default:",
            "possible values",
            "Print",
        ] {
            assert!(!text.contains(english), "`{english}` in {args:?}:\n{text}");
        }
    }

    let out = planportal(&["help", "byg"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("ingen kommando `byg`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn command_line_mistakes_are_explained_in_danish() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mistake = |args: &[&str], said: &[&str]| {
        let out = planportal(args, tmp.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let text = stderr(&out);
        for s in said {
            assert!(text.contains(s), "{args:?}: no `{s}` in:\n{text}");
        }
        for english in ["error:", "Usage", "For more information", "tip:"] {
            assert!(!text.contains(english), "{args:?}: `{english}` in:\n{text}");
        }
    };
    mistake(
        &["biuld"],
        &[
            "fejl: ukendt kommando `biuld`",
            "forslag: mente du `build`?",
            "Brug: planportal [VALG] <KOMMANDO>",
            "Se mere med `planportal --help`.",
        ],
    );
    mistake(
        &["build", "--drafs"],
        &[
            "fejl: ukendt valg `--drafs`",
            "mente du `--drafts`?",
            "Se mere med `planportal build --help`.",
        ],
    );
    mistake(
        &["check", "--format", "jsn"],
        &[
            "`jsn` er ikke en gyldig værdi for --format",
            "mulige værdier: human, json",
            "mente du `json`?",
        ],
    );
    mistake(
        &["new", "plan", "testrup"],
        &[
            "fejl: <ÅR> mangler",
            "Se mere med `planportal new plan --help`.",
        ],
    );
    mistake(
        &["new", "plan", "testrup", "i år"],
        &["`i år` er ikke en gyldig værdi for <ÅR>"],
    );
    mistake(
        &["-q", "-v", "build"],
        &["--quiet kan ikke bruges sammen med --verbose"],
    );
}
