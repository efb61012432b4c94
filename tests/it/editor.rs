//! The editor in `serve` (`/__planportal/rediger/`), against the real binary over raw
//! HTTP: a save changes exactly the fields changed (comments and the rest stay), bad
//! input is answered beside its field with nothing written, a stale form is refused,
//! and a POST without the token, from another origin, or naming a path outside
//! `content/` is refused with 403 and nothing on disk changes. Also drafts and
//! placeholders: a skeleton's `UDFYLD` fails a build unless it is a draft.

use crate::common;

use common::Site;
use common::serve::{Outcome, Response, Server, send_raw};

const PLAN: &str = "content/kommuner/testrup/2021/_index.md";
const PLAN_REL: &str = "kommuner/testrup/2021/_index.md";
const FORM: &str = "/__planportal/rediger/plan?fil=kommuner%2Ftestrup%2F2021%2F_index.md";

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A POST with a form body and the given extra header lines.
fn post(server: &Server, path: &str, headers: &[String], fields: &[(&str, &str)]) -> Response {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    let body = body.join("&");
    let mut raw = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
        body.len(),
        port = server.port
    );
    for h in headers {
        raw.push_str(h);
        raw.push_str("\r\n");
    }
    raw.push_str("\r\n");
    raw.push_str(&body);
    match send_raw(server.port, raw.as_bytes()) {
        Outcome::Answered(r) => r,
        Outcome::Closed(why) => panic!("POST {path}: no response ({why})"),
    }
}

fn origin(server: &Server) -> Vec<String> {
    vec![format!("Origin: http://127.0.0.1:{}", server.port)]
}

/// The value of a hidden field in a form page.
fn hidden(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').expect("end")].to_string()
}

/// A minimal site whose plan has a comment the editor must keep.
fn site() -> Site {
    let site = Site::minimal();
    let plan = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let plan = plan.replace("value = 2\n", "value = 2     # fra byrådets vedtagelse\n");
    site.write(PLAN, &plan);
    site
}

fn open_form(server: &Server) -> (String, String, String) {
    let r = server.get(FORM);
    assert_eq!(r.status, 200, "{}", r.body);
    let token = hidden(&r.body, "csrf_token");
    let hash = hidden(&r.body, "hash");
    (r.body, token, hash)
}

#[test]
fn a_save_changes_exactly_the_fields_changed() {
    let site = site();
    let before = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let server = Server::start(site.root(), &[]);
    let (page, token, hash) = open_form(&server);
    // The form offers the year's minister goals by title, and the Danish direction.
    assert!(
        page.contains("2. Flere ledige skal opkvalificeres"),
        "{page}"
    );
    assert!(page.contains(">fald på</option>"), "{page}");
    assert!(page.contains("lang=\"da\""));
    let r = post(
        &server,
        "/__planportal/rediger/plan",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", PLAN_REL),
            ("hash", &hash),
            ("f._", "1"),
            ("f.title", "Beskæftigelsesplan 2021"),
            ("f.year", "2021"),
            ("targets.0._", "1"),
            ("targets.0.id", "rk-1"),
            (
                "targets.0.text",
                "Antallet af unge på uddannelseshjælp skal falde med 2 %.",
            ),
            ("targets.0.value", "2,5"),
            ("targets.0.unit", "%"),
            ("targets.0.direction", "decrease-by"),
            ("targets.0.deadline", "4. kvartal 2021"),
            ("targets.0.baseline_at", "4. kvartal 2020"),
            ("targets.0.minister_goals", "opkvalificering"),
            ("handling", "gem"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let after = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let expected = before
        .replace(
            "value = 2     # fra byrådets vedtagelse\n",
            "value = 2.5     # fra byrådets vedtagelse\n",
        )
        .replace(
            "baseline_at = \"2020-Q4\"\n",
            "baseline_at = \"2020-Q4\"\nminister_goals = [\"opkvalificering\"]\n",
        );
    assert_eq!(after, expected);
    // Saved the same way again: nothing to change, the file is not written.
    let (_, token, hash) = open_form(&server);
    let r = post(
        &server,
        "/__planportal/rediger/plan",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", PLAN_REL),
            ("hash", &hash),
            ("targets.0._", "1"),
            ("targets.0.value", "2,5"),
            ("targets.0.minister_goals", "opkvalificering"),
        ],
    );
    assert_eq!(r.status, 303);
    assert!(
        r.header("location").is_some_and(|l| l.contains("gemt=0")),
        "{r:?}"
    );
}

#[test]
fn bad_input_is_answered_beside_its_field_and_nothing_is_written() {
    let site = site();
    let before = std::fs::read(site.root().join(PLAN)).expect("plan");
    let server = Server::start(site.root(), &[]);
    let (_, token, hash) = open_form(&server);
    let r = post(
        &server,
        "/__planportal/rediger/plan",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", PLAN_REL),
            ("hash", &hash),
            ("targets.0._", "1"),
            ("targets.0.value", "to en halv"),
            ("targets.0.deadline", "31. decembar 2021"),
        ],
    );
    assert_eq!(r.status, 422);
    let value = &r.body[r.body.find("id=\"felt-targets-0-value\"").expect("field")..];
    let value = &value[..value.find("</div>").expect("end")];
    assert!(value.contains("`to en halv` er ikke et tal"), "{value}");
    assert!(value.contains("aria-invalid=\"true\""), "{value}");
    assert!(
        value.contains("value=\"to en halv\""),
        "typed text is kept: {value}"
    );
    assert!(r.body.contains("`31. decembar 2021` er ikke en dato"));
    assert_eq!(std::fs::read(site.root().join(PLAN)).expect("plan"), before);
}

#[test]
fn the_builds_own_message_stands_beside_the_field() {
    let site = site();
    let plan = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    site.write(PLAN, &plan.replace("goal = \"unge\"", "goal = \"ungee\""));
    let server = Server::start(site.root(), &[]);
    let (page, _, _) = open_form(&server);
    let field = &page[page.find("id=\"felt-targets-0-goal\"").expect("field")..];
    let field = &field[..field.find("</div>").expect("end")];
    assert!(field.contains("class=\"fejl\""), "{field}");
    assert!(field.contains("ungee"), "{field}");
}

#[test]
fn a_stale_form_is_refused() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let (_, token, hash) = open_form(&server);
    let other = std::fs::read_to_string(site.root().join(PLAN))
        .expect("plan")
        .replace("Planen vil", "Planen skal");
    site.write(PLAN, &other);
    let r = post(
        &server,
        "/__planportal/rediger/plan",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", PLAN_REL),
            ("hash", &hash),
            ("targets.0._", "1"),
            ("targets.0.value", "7"),
        ],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.body.contains("ændret, siden du åbnede formularen"),
        "{}",
        r.body
    );
    assert!(r.body.contains("Hent filen igen"));
    assert_eq!(
        std::fs::read_to_string(site.root().join(PLAN)).expect("plan"),
        other
    );
}

#[test]
fn posts_without_token_or_from_elsewhere_are_refused() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let (_, token, hash) = open_form(&server);
    let before = common::snapshot(&site.root().join("content"));
    let change = |t: &str| {
        vec![
            ("csrf_token".to_string(), t.to_string()),
            ("fil".to_string(), PLAN_REL.to_string()),
            ("hash".to_string(), hash.clone()),
            ("targets.0._".to_string(), "1".to_string()),
            ("targets.0.value".to_string(), "99".to_string()),
        ]
    };
    // (what, header lines, form fields)
    type Case = (&'static str, Vec<String>, Vec<(String, String)>);
    let cases: Vec<Case> = vec![
        ("no token", origin(&server), change("")[1..].to_vec()),
        (
            "wrong token",
            origin(&server),
            change("0123456789abcdef0123456789abcdef"),
        ),
        (
            "foreign origin",
            vec!["Origin: http://evil.example".into()],
            change(&token),
        ),
        ("null origin", vec!["Origin: null".into()], change(&token)),
        (
            "foreign referer",
            vec!["Referer: http://evil.example/side".into()],
            change(&token),
        ),
        ("no origin or referer", vec![], change(&token)),
    ];
    for (what, headers, fields) in cases {
        let refs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for path in [
            "/__planportal/rediger/plan",
            "/__planportal/rediger/udgiv",
            "/__planportal/rediger/nyt-aar",
        ] {
            let r = post(&server, path, &headers, &refs);
            assert_eq!(r.status, 403, "{what} {path}: {}", r.body);
        }
    }
    // A POST anywhere else is still refused as before.
    let r = post(&server, "/", &origin(&server), &[("csrf_token", &token)]);
    assert_eq!(r.status, 405);
    assert_eq!(common::snapshot(&site.root().join("content")), before);
}

#[test]
fn paths_outside_content_are_refused() {
    let site = site();
    site.write("hemmelig.md", "+++\ntitle = \"HEMMELIGT\"\n+++\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("hemmelig.md"),
        site.root().join("content/kommuner/testrup/2021/02-link.md"),
    )
    .expect("symlink");
    let server = Server::start(site.root(), &[]);
    let (_, token, _) = open_form(&server);
    let before = common::snapshot(site.root());
    for bad in [
        "../hemmelig.md",
        "kommuner/../../hemmelig.md",
        "kommuner/testrup/2021/../../../../hemmelig.md",
        "/etc/passwd",
        "..%2fhemmelig.md",
        "kommuner\\..\\..\\hemmelig.md",
        "kommuner/testrup/2021/02-link.md",
        "../config.toml",
    ] {
        let hash = "x";
        let r = post(
            &server,
            "/__planportal/rediger/plan",
            &origin(&server),
            &[
                ("csrf_token", &token),
                ("fil", bad),
                ("hash", hash),
                ("f._", "1"),
                ("f.title", "x"),
            ],
        );
        assert_eq!(r.status, 403, "{bad}: {}", r.body);
        assert!(!r.body.contains("HEMMELIGT"), "{bad}");
        let r = server.get(&format!("/__planportal/rediger/plan?fil={}", enc(bad)));
        assert_eq!(r.status, 403, "GET {bad}");
        assert!(!r.body.contains("HEMMELIGT"), "{bad}");
    }
    assert_eq!(common::snapshot(site.root()), before);
}

#[test]
fn rows_are_added_and_initiatives_get_a_heading_from_the_chapter() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let chapter_rel = "kommuner/testrup/2021/01-unge.md";
    let form = format!("/__planportal/rediger/kapitel?fil={}", enc(chapter_rel));
    let r = server.get(&form);
    assert_eq!(r.status, 200, "{}", r.body);
    let (token, hash) = (hidden(&r.body, "csrf_token"), hidden(&r.body, "hash"));
    let before =
        std::fs::read_to_string(site.root().join("content").join(chapter_rel)).expect("chapter");
    let r = post(
        &server,
        "/__planportal/rediger/kapitel",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", chapter_rel),
            ("hash", &hash),
            ("handling", "ny:initiatives"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let after =
        std::fs::read_to_string(site.root().join("content").join(chapter_rel)).expect("chapter");
    assert!(
        after.starts_with(&before[..before.find("\n+++\n").expect("end")]),
        "{after}"
    );
    let r = server.get(&form);
    let n = r
        .body
        .matches("name=\"initiatives.")
        .filter(|_| true)
        .count();
    assert!(n > 0);
    // The new row's heading is chosen from the chapter's headings.
    let heading = &r.body[r
        .body
        .find("<select id=\"initiatives-1-heading\"")
        .expect("select")..];
    let heading = &heading[..heading.find("</select>").expect("end")];
    assert!(
        heading.contains("<option value=\"\" selected>"),
        "{heading}"
    );
    for h in ["Ungeindsatsen", "Mentor"] {
        if r.body.contains(&format!("## {h}")) {
            assert!(heading.contains(h), "{heading}");
        }
    }
}

#[test]
fn a_skeleton_with_placeholders_fails_unless_it_is_a_draft() {
    let site = Site::minimal();
    let run = site.run(&["new", "plan", "testrup", "2022"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let plan = "content/kommuner/testrup/2022/_index.md";
    let text = std::fs::read_to_string(site.root().join(plan)).expect("plan");
    assert!(text.contains("draft = true"), "{text}");
    // As a draft it builds with --drafts.
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = std::fs::read_to_string(site.public().join("kommuner/testrup/2022/index.html"))
        .expect("page");
    assert!(page.contains("Kladde"), "banner");
    // Published with its placeholders left, every one is an error at its place.
    site.write(plan, &text.replace("draft = true\n", ""));
    let chapter = "content/kommuner/testrup/2022/01-indsatser.md";
    let ctext = std::fs::read_to_string(site.root().join(chapter)).expect("chapter");
    site.write(chapter, &ctext.replace("draft = true\n", ""));
    let report = site.build();
    assert!(!report.ok());
    let placeholders: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("UDFYLD"))
        .collect();
    let in_files = |path: &str, text: &str| {
        // Comment lines of the front matter aside; a `## UDFYLD` heading in the text counts.
        let end = text[3..].find("\n+++\n").expect("front matter") + 3;
        let expected = text[..end]
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .map(|l| l.matches("UDFYLD").count())
            .sum::<usize>()
            + text[end..].matches("UDFYLD").count();
        let got = placeholders
            .iter()
            .filter(|d| d.file.as_ref().is_some_and(|f| f.path == path))
            .count();
        (expected, got)
    };
    let (want, got) = in_files(plan, &text);
    assert!(want >= 3);
    assert_eq!(got, want);
    let (want, got) = in_files(chapter, &ctext);
    assert_eq!(got, want);
    assert!(placeholders.iter().all(|d| d.line_col().is_some()));
}

#[test]
fn toml_mistakes_staff_make_are_explained_in_danish() {
    let site = Site::minimal();
    let plan = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let cases = [
        (
            "value = 2\n",
            "value = 2,5\n",
            "decimaltal skrives med punktum",
            "`value = 2.5`",
        ),
        (
            "value = 2\n",
            "value = 12 %\n",
            "et tal skrives uden %-tegn",
            "unit = \"%\"",
        ),
        (
            "value = 2\n",
            "value = 99999999999999999999\n",
            "er for stort",
            "anførselstegn",
        ),
        (
            "direction = \"decrease-by\"",
            "direction = \"fald på\"",
            "ukendt værdi `fald på`",
            "direction = \"decrease-by\"",
        ),
        (
            "minister_goals = [\"opkvalificering\"]",
            "minister_goals = [\"Flere ledige skal opkvalificeres\"]",
            "ukendt ministermål",
            "skriv målets navn: `opkvalificering`",
        ),
        (
            "target_groups = [\"unge\"]",
            "target_groups = [\"Unge\"]",
            "ukendt målgruppe",
            "skriv dens navn: `unge`",
        ),
    ];
    for (from, to, message, help) in cases {
        assert!(plan.contains(from), "{from}");
        site.write(PLAN, &plan.replacen(from, to, 1));
        let report = site.build();
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{to}: {}", common::messages(&report)));
        let all = format!(
            "{} {} {}",
            d.message,
            d.notes.join(" "),
            d.help.clone().unwrap_or_default()
        );
        assert!(all.contains(help), "{to}: {all}");
        assert!(d.line_col().is_some());
    }
    let (from, to) = ("direction = \"decrease-by\"", "direction = \"fald\"");
    site.write(PLAN, &plan.replacen(from, to, 1));
    let report = site.build();
    let notes: Vec<String> = report
        .diagnostics
        .iter()
        .flat_map(|d| d.notes.clone())
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("at-least (mindst)")),
        "allowed values in Danish: {notes:?}"
    );
}

#[test]
fn a_new_municipality_is_a_draft_with_its_plans() {
    let site = Site::minimal();
    assert_eq!(site.run(&["new", "kommune", "Ærø"]).code, Some(0));
    assert_eq!(site.run(&["new", "plan", "aeroe", "2021"]).code, Some(0));
    // Left out of a build; with --drafts it builds, with the banner.
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!site.public().join("kommuner/aeroe").exists());
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        site.read("kommuner/aeroe/index.html")
            .contains("draft-banner")
    );
    assert!(
        site.read("kommuner/aeroe/2021/index.html")
            .contains("draft-banner")
    );
    // The chapter sets no `draft` of its own: it is a draft because its plan is.
    assert!(
        site.read("kommuner/aeroe/2021/indsatser/index.html")
            .contains("draft-banner")
    );
    assert!(
        !site
            .read("kommuner/testrup/2021/index.html")
            .contains("draft-banner")
    );
}

#[test]
fn next_years_plan_and_publishing() {
    let site = site();
    // Last year's measured result, which must not come along.
    let plan = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let end = plan.rfind("+++").expect("end");
    site.write(
        PLAN,
        &format!(
            "{}\n[[targets.results]]\ndate = \"2021-12\"\nvalue = 1.5\nsource = \"Jobindsats\"\n{}",
            &plan[..end],
            &plan[end..]
        ),
    );
    let server = Server::start(site.root(), &["--drafts"]);
    let (_, token, hash) = open_form(&server);
    let r = post(
        &server,
        "/__planportal/rediger/nyt-aar",
        &origin(&server),
        &[("csrf_token", &token), ("fil", PLAN_REL), ("hash", &hash)],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let next = site.root().join("content/kommuner/testrup/2022/_index.md");
    let text = std::fs::read_to_string(&next).expect("next year");
    assert!(text.contains("year = 2022"), "{text}");
    assert!(
        text.contains("title = \"Beskæftigelsesplan 2022\""),
        "{text}"
    );
    assert!(text.contains("draft = true"), "{text}");
    assert!(
        text.contains("id = \"rk-1\""),
        "targets carried over: {text}"
    );
    assert!(
        text.contains("UDFYLD: gennemgå resuméet fra 2021"),
        "{text}"
    );
    // handicap-beskaeftigelse is not in force in 2022; opkvalificering is.
    assert!(text.contains("\"opkvalificering\""), "{text}");
    assert!(
        text.contains(
            "# Overtaget fra planen for 2021: gennemgå tal, udgangspunkt og frist.\n[[targets]]"
        ),
        "{text}"
    );
    assert!(
        !text.contains("[[targets.results]]"),
        "last year's results stay: {text}"
    );
    // The chapters come along as drafts, with their text under a placeholder and their
    // links to the new year's files.
    let chapter = site.root().join("content/kommuner/testrup/2022/01-unge.md");
    let chapter_text = std::fs::read_to_string(&chapter).expect("chapter carried over");
    assert!(chapter_text.contains("draft = true"), "{chapter_text}");
    assert!(
        chapter_text.contains(
            "+++\nUDFYLD: gennemgå kapitlets tekst fra 2021, og slet så denne linje.\n\nIndledning."
        ),
        "{chapter_text}"
    );
    assert!(
        chapter_text.contains("(@/kommuner/testrup/2022/_index.md#rk-1)"),
        "{chapter_text}"
    );
    let drafts = site.run(&["check", "--drafts"]);
    assert_eq!(drafts.code, Some(0), "{}", drafts.stderr);

    // "Udgiv" is refused while the placeholder is there, and nothing changes.
    let rel = "kommuner/testrup/2022/_index.md";
    let form = format!("/__planportal/rediger/plan?fil={}", enc(rel));
    let page = server.get(&form).body;
    assert!(page.contains("Udgiv planen"), "{page}");
    let hash = hidden(&page, "hash");
    let r = post(
        &server,
        "/__planportal/rediger/udgiv",
        &origin(&server),
        &[("csrf_token", &token), ("fil", rel), ("hash", &hash)],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("pladsholderen UDFYLD"), "{}", r.body);
    assert_eq!(std::fs::read_to_string(&next).expect("plan"), text);

    // With the summary and the chapter reviewed, it is published: `draft` goes, nothing
    // else changes.
    let written = text.replace("UDFYLD: gennemgå resuméet fra 2021. ", "");
    site.write("content/kommuner/testrup/2022/_index.md", &written);
    let reviewed = chapter_text.replace(
        "UDFYLD: gennemgå kapitlets tekst fra 2021, og slet så denne linje.\n\n",
        "",
    );
    site.write("content/kommuner/testrup/2022/01-unge.md", &reviewed);
    let page = server.get(&form).body;
    let r = post(
        &server,
        "/__planportal/rediger/udgiv",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", rel),
            ("hash", &hidden(&page, "hash")),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(&next).expect("plan"),
        written.replace("draft = true\n", "")
    );
    assert_eq!(
        std::fs::read_to_string(&chapter).expect("chapter"),
        reviewed.replace("draft = true\n", "")
    );
}

#[test]
fn the_editor_is_never_in_the_built_site() {
    let site = site();
    site.build_ok();
    for (rel, bytes) in common::snapshot(&site.public()) {
        assert!(!rel.contains("rediger"), "{rel}");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__planportal"),
            "{rel} mentions the editor"
        );
    }
}

#[test]
fn yaml_front_matter_is_explained_and_converted_to_toml_when_asked() {
    let site = site();
    let rel = "kommuner/testrup/2021/01-unge.md";
    let path = site.root().join("content").join(rel);
    let yaml = "---\n# Skrevet af importen\ntitle: Unge\nminister_goals: [opkvalificering]\ngoals: [unge]\ntarget_groups: [unge]\ninitiatives:\n  - title: Ungeindsatsen\n    kind: indsats\n    summary: \"Unge: hjælp til job\"\n---\nIndledning.\n\n## Ungeindsatsen\n\nVi hjælper unge.\n";
    site.write(&format!("content/{rel}"), yaml);
    let checked_yaml = site.run(&["check"]);
    assert_eq!(checked_yaml.code, Some(0), "{}", checked_yaml.stderr);
    let server = Server::start(site.root(), &[]);
    let form = format!("/__planportal/rediger/kapitel?fil={}", enc(rel));
    let r = server.get(&form);
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Filen er skrevet i YAML"), "{}", r.body);
    assert!(r.body.contains("Editoren skriver TOML"), "{}", r.body);
    assert!(r.body.contains("Skriv om til TOML"), "{}", r.body);
    assert!(
        r.body
            .contains("minister_goals = [&quot;opkvalificering&quot;]"),
        "{}",
        r.body
    );
    let (token, hash) = (hidden(&r.body, "csrf_token"), hidden(&r.body, "hash"));

    // The form's save does not write YAML.
    let r = post(
        &server,
        "/__planportal/rediger/kapitel",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", rel),
            ("hash", &hash),
            ("f._", "1"),
            ("f.title", "Andet"),
        ],
    );
    assert_eq!(r.status, 422);
    assert_eq!(std::fs::read_to_string(&path).expect("chapter"), yaml);
    // Without the token: refused, nothing written.
    let r = post(
        &server,
        "/__planportal/rediger/til-toml",
        &origin(&server),
        &[("fil", rel), ("hash", &hash)],
    );
    assert_eq!(r.status, 403);
    assert_eq!(std::fs::read_to_string(&path).expect("chapter"), yaml);

    // Asked: TOML front matter with every value, the comment on top, the text untouched.
    let r = post(
        &server,
        "/__planportal/rediger/til-toml",
        &origin(&server),
        &[("csrf_token", &token), ("fil", rel), ("hash", &hash)],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let toml = std::fs::read_to_string(&path).expect("chapter");
    assert_eq!(
        toml,
        "+++\n# Kommentarer fra YAML-udgaven:\n# Skrevet af importen\n\ntitle = \"Unge\"\nminister_goals = [\"opkvalificering\"]\ngoals = [\"unge\"]\ntarget_groups = [\"unge\"]\n\n[[initiatives]]\ntitle = \"Ungeindsatsen\"\nkind = \"indsats\"\nsummary = \"Unge: hjælp til job\"\n+++\nIndledning.\n\n## Ungeindsatsen\n\nVi hjælper unge.\n"
    );
    let checked_toml = site.run(&["check"]);
    assert_eq!(checked_toml.code, Some(0), "{}", checked_toml.stderr);
    assert_eq!(
        checked_toml.stderr, checked_yaml.stderr,
        "the build reads the same"
    );
    // And the form opens.
    let r = server.get(&format!("{form}&toml=1"));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Skrevet om til TOML"), "{}", r.body);
    // A stale offer is refused.
    let r = post(
        &server,
        "/__planportal/rediger/til-toml",
        &origin(&server),
        &[("csrf_token", &token), ("fil", rel), ("hash", &hash)],
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(std::fs::read_to_string(&path).expect("chapter"), toml);
}

/// Posts the plan form with the token and hash of a freshly opened form.
fn save_plan(server: &Server, fields: &[(&str, &str)]) -> Response {
    let (_, token, hash) = open_form(server);
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("fil", PLAN_REL),
        ("hash", hash.as_str()),
    ];
    all.extend_from_slice(fields);
    post(server, "/__planportal/rediger/plan", &origin(server), &all)
}

#[test]
fn a_targets_results_are_entered_in_danish_and_kept_under_their_target() {
    let site = site();
    // A second target, so a result that lands under the wrong one shows.
    let plan = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let end = plan.rfind("+++").expect("end");
    let plan = format!(
        "{}\n# Andet krav\n[[targets]]\nid = \"rk-2\"\ntext = \"Bedre end landsgennemsnittet.\"\ncomparison = \"bedre end landsgennemsnittet\"\ndeadline = \"2021\"\n{}",
        &plan[..end],
        &plan[end..]
    );
    site.write(PLAN, &plan);
    let server = Server::start(site.root(), &[]);
    let (page, _, _) = open_form(&server);
    assert!(
        page.contains("Læg et nyt resultat ind for resultatmål 1"),
        "{page}"
    );

    // An incomplete new result is not written, and what was typed stays in the form.
    let r = save_plan(
        &server,
        &[
            ("targets.0.results.ny.date", "dec. 2021"),
            ("targets.0.results.ny.value", "1,8 %"),
        ],
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("Skriv også kilde"), "{}", r.body);
    assert!(r.body.contains("value=\"1,8 %\""), "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(site.root().join(PLAN)).expect("plan"),
        plan
    );

    // Complete: one `[[targets.results]]` under the first target, in the schema's form.
    let r = save_plan(
        &server,
        &[
            ("targets.0.results.ny.date", "dec. 2021"),
            ("targets.0.results.ny.value", "1,8 %"),
            ("targets.0.results.ny.source", "Jobindsats, ydelsesgrupper"),
            ("targets.1.results.ny.date", "31. december 2021"),
            ("targets.1.results.ny.met", "ja"),
            ("targets.1.results.ny.source", "Jobindsats, hele landet"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let after = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let first = "baseline_at = \"2020-Q4\"\n\n[[targets.results]]\ndate = \"2021-12\"\nvalue = 1.8\nsource = \"Jobindsats, ydelsesgrupper\"\n";
    assert!(after.contains(first), "{after}");
    let second = "deadline = \"2021\"\n\n[[targets.results]]\ndate = \"2021-12-31\"\nmet = true\nsource = \"Jobindsats, hele landet\"\n";
    assert!(after.contains(second), "{after}");
    assert!(!after.contains("unit = \"%\"\nunit"), "{after}");
    let ok = site.run(&["check"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);

    // The form shows them in Danish; an edit changes that one value only.
    let (page, _, _) = open_form(&server);
    assert!(
        page.contains("name=\"targets.0.results.0.value\" value=\"1,8\""),
        "{page}"
    );
    assert!(page.contains("value=\"december 2021\""), "{page}");
    let r = save_plan(
        &server,
        &[
            ("targets.0.results.0._", "1"),
            ("targets.0.results.0.date", "december 2021"),
            ("targets.0.results.0.value", "1,7"),
            ("targets.0.results.0.source", "Jobindsats, ydelsesgrupper"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let edited = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    assert_eq!(edited, after.replace("value = 1.8\n", "value = 1.7\n"));

    // Moving the targets takes their results (and the comment above) with them.
    let r = save_plan(&server, &[("handling", "op:targets:1")]);
    assert_eq!(r.status, 303, "{}", r.body);
    let moved = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let (a, b) = (
        moved
            .find("# Andet krav\n[[targets]]\nid = \"rk-2\"")
            .expect("rk-2"),
        moved.find("id = \"rk-1\"").expect("rk-1"),
    );
    assert!(a < b, "{moved}");
    assert!(moved.contains(second), "{moved}");
    assert!(
        moved.contains(first.replace("1.8", "1.7").as_str()),
        "{moved}"
    );
    let ok = site.run(&["check"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);

    // A result is removed with its button.
    let r = save_plan(&server, &[("handling", "fjern:targets.0.results:0")]);
    assert_eq!(r.status, 303, "{}", r.body);
    let removed = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    assert!(!removed.contains("met = true"), "{removed}");
    assert!(removed.contains("value = 1.7"), "{removed}");
}

#[test]
fn an_initiative_gets_its_own_minister_goals_and_groups_or_the_chapters() {
    let site = site();
    let rel = "kommuner/testrup/2021/01-unge.md";
    let path = site.root().join("content").join(rel);
    let before = std::fs::read_to_string(&path).expect("chapter");
    let server = Server::start(site.root(), &[]);
    let form = format!("/__planportal/rediger/kapitel?fil={}", enc(rel));
    let page = server.get(&form).body;
    // The year's minister goals by title, and "as the chapter" chosen for the lists.
    assert!(
        page.contains("name=\"initiatives.0.minister_goals\" value=\"opkvalificering\"> 2. Flere ledige skal opkvalificeres"),
        "{page}"
    );
    assert!(
        page.contains("name=\"initiatives.0.target_groups._som\" value=\"kapitlet\" checked> Som kapitlet (Unge)"),
        "{page}"
    );
    let chapter_post = |fields: &[(&str, &str)]| {
        let page = server.get(&form).body;
        let (token, hash) = (hidden(&page, "csrf_token"), hidden(&page, "hash"));
        let mut all = vec![
            ("csrf_token", token.as_str()),
            ("fil", rel),
            ("hash", hash.as_str()),
            ("initiatives.0._", "1"),
            ("initiatives.0.title", "Ungeindsatsen"),
            ("initiatives.0.kind", "indsats"),
        ];
        all.extend_from_slice(fields);
        post(
            &server,
            "/__planportal/rediger/kapitel",
            &origin(&server),
            &all,
        )
    };
    // Ticked: the plan names the goal at the initiative; its own groups: none.
    let r = chapter_post(&[
        ("initiatives.0.minister_goals", "opkvalificering"),
        ("initiatives.0.goals._som", "kapitlet"),
        ("initiatives.0.target_groups._som", "egne"),
    ]);
    assert_eq!(r.status, 303, "{}", r.body);
    let after = std::fs::read_to_string(&path).expect("chapter");
    assert_eq!(
        after,
        before.replace(
            "kind = \"indsats\"\n",
            "kind = \"indsats\"\nminister_goals = [\"opkvalificering\"]\ntarget_groups = []\n"
        )
    );
    // Back to the chapter's groups: the list is left out again.
    let r = chapter_post(&[
        ("initiatives.0.minister_goals", "opkvalificering"),
        ("initiatives.0.goals._som", "kapitlet"),
        ("initiatives.0.target_groups._som", "kapitlet"),
    ]);
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        std::fs::read_to_string(&path).expect("chapter"),
        before.replace(
            "kind = \"indsats\"\n",
            "kind = \"indsats\"\nminister_goals = [\"opkvalificering\"]\n"
        )
    );
}

#[test]
fn a_plan_after_the_minister_goals_ended_offers_none() {
    let site = site();
    site.write(
        "config.toml",
        &format!(
            "{}\n[minister_goals]\nuntil = 2021\nended = \"Målene blev afskaffet.\"\n",
            std::fs::read_to_string(site.root().join("config.toml")).expect("config")
        ),
    );
    let server = Server::start(site.root(), &["--drafts"]);
    // Next year's plan from this one: no minister goal comes along after `until`.
    let (_, token, hash) = open_form(&server);
    let r = post(
        &server,
        "/__planportal/rediger/nyt-aar",
        &origin(&server),
        &[("csrf_token", &token), ("fil", PLAN_REL), ("hash", &hash)],
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let text = std::fs::read_to_string(site.root().join("content/kommuner/testrup/2022/_index.md"))
        .expect("next year");
    assert!(!text.contains("opkvalificering"), "{text}");
    assert!(text.contains("minister_goals = []"), "{text}");
    let chapter =
        std::fs::read_to_string(site.root().join("content/kommuner/testrup/2022/01-unge.md"))
            .expect("chapter");
    assert!(!chapter.contains("opkvalificering"), "{chapter}");
    let drafts = site.run(&["check", "--drafts"]);
    assert_eq!(drafts.code, Some(0), "{}", drafts.stderr);
    let page = server
        .get("/__planportal/rediger/plan?fil=kommuner%2Ftestrup%2F2022%2F_index.md")
        .body;
    assert!(
        page.contains("Ingen nationale mål for 2022: ministerens mål gælder kun til og med 2021"),
        "{page}"
    );
    assert!(page.contains("Målene blev afskaffet."), "{page}");
    assert!(!page.contains("value=\"opkvalificering\""), "{page}");
}

#[test]
fn the_live_check_answers_what_check_says_of_the_form_as_typed_and_writes_nothing() {
    let site = site();
    let before = std::fs::read_to_string(site.root().join(PLAN)).expect("plan");
    let server = Server::start(site.root(), &[]);
    let (page, token, hash) = open_form(&server);
    // The pages load the editor's own script, under a CSP that allows only it.
    assert!(
        page.contains("<script src=\"/__planportal/rediger/live.js\" defer></script>"),
        "{page}"
    );
    let form = server.get(FORM);
    let csp = form.header("content-security-policy").expect("csp");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    let js = server.get("/__planportal/rediger/live.js");
    assert_eq!(js.status, 200);
    assert!(
        js.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript")),
        "{js:?}"
    );
    assert!(js.body.contains("data-tjek"), "{}", js.body);

    let check = |fields: &[(&str, &str)]| {
        let mut all = vec![
            ("csrf_token", token.as_str()),
            ("fil", PLAN_REL),
            ("hash", hash.as_str()),
        ];
        all.extend_from_slice(fields);
        let r = post(
            &server,
            "/__planportal/rediger/tjek",
            &origin(&server),
            &all,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.header("content-type")
                .is_some_and(|t| t.starts_with("application/json")),
            "{r:?}"
        );
        serde_json::from_str::<serde_json::Value>(&r.body).expect("json")
    };
    let at = |answer: &serde_json::Value, id: &str| -> String {
        answer["felter"]
            .as_array()
            .expect("felter")
            .iter()
            .filter(|f| f["id"] == id)
            .flat_map(|f| f["beskeder"].as_array().cloned().unwrap_or_default())
            .map(|m| m["tekst"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // As on disk: clean.
    let clean = check(&[("f._", "1")]);
    assert_eq!(clean["fejl"], 0, "{clean}");
    // A minister goal named by a typo, a placeholder in the title, a word for a number:
    // each beside its field, with the build's own words.
    let answer = check(&[
        ("f._", "1"),
        ("f.title", "UDFYLD"),
        ("targets.0._", "1"),
        ("targets.0.value", "to"),
        ("targets.0.minister_goals", "opkvalifisering"),
    ]);
    assert!(
        at(&answer, "f-title").contains("pladsholderen UDFYLD"),
        "{answer}"
    );
    assert!(
        at(&answer, "targets-0-value").contains("`to` er ikke et tal"),
        "{answer}"
    );
    let goal = at(&answer, "targets-0-minister-goals");
    assert!(goal.contains("opkvalifisering"), "{answer}");
    assert!(goal.contains("opkvalificering"), "a suggestion: {answer}");
    assert_eq!(answer["fejl"], 3, "{answer}");
    // The same message as `check` gives once it is saved.
    site.write(
        PLAN,
        &before.replace("title = \"Beskæftigelsesplan 2021\"", "title = \"UDFYLD\""),
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("pladsholderen UDFYLD"),
        "{}",
        run.stderr
    );
    site.write(PLAN, &before);
    assert_eq!(
        std::fs::read_to_string(site.root().join(PLAN)).expect("plan"),
        before,
        "the live check writes nothing"
    );

    // A chapter's text comes back rendered, for the preview beside it.
    let rel = "kommuner/testrup/2021/01-unge.md";
    let page = server
        .get(&format!("/__planportal/rediger/kapitel?fil={}", enc(rel)))
        .body;
    let r = post(
        &server,
        "/__planportal/rediger/tjek",
        &origin(&server),
        &[
            ("csrf_token", &token),
            ("fil", rel),
            ("hash", &hidden(&page, "hash")),
            (
                "body",
                "Indledning.\n\n## Ungeindsatsen\n\nTekst <b>fed</b>.\n",
            ),
        ],
    );
    let answer: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let shown = answer["visning"].as_str().expect("visning");
    assert!(shown.contains("Ungeindsatsen</h2>"), "{shown}");
    assert!(shown.contains("&lt;b&gt;"), "raw HTML stays text: {shown}");

    // A stale form is said to be stale; no token is refused.
    site.write(PLAN, &before.replace("Planen vil", "Planen skal"));
    let stale = check(&[("f._", "1")]);
    assert_eq!(stale["forældet"], true, "{stale}");
    let r = post(
        &server,
        "/__planportal/rediger/tjek",
        &origin(&server),
        &[("fil", PLAN_REL), ("hash", &hash)],
    );
    assert_eq!(r.status, 403);
}
