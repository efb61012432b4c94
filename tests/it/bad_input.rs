//! Bad input: every mistake an author can make gets one clear diagnostic naming the
//! file, line and column, the exit code is 1, nothing panics, and the previous
//! `public/` is left exactly as it was.
//!
//! Each case starts from the small valid portal of `Site::minimal()`, publishes it, lays
//! one fixture from `tests/fixtures/bad/<case>/` over it (see the README there) and
//! builds again, once through the binary (exit code, the text a person reads) and once
//! through the library (the diagnostic's file, line and column).

use crate::common;

use common::{Published, Site, messages};

/// What a person must be told.
struct Expect<'a> {
    /// The file as shown, relative to the site root.
    file: &'a str,
    /// 1-based line and column, where the mistake has a place in the file.
    at: Option<(usize, usize)>,
    /// The headline, in full or its beginning.
    message: &'a str,
    /// The suggested fix, in full or a part of it.
    help: Option<&'a str>,
}

/// Builds the site, which must fail with exactly the expected errors, and checks that
/// the previous site is untouched.
fn assert_fails(site: &Site, before: &Published, expected: &[Expect]) {
    // The binary: exit code 1, no panic, and the text a person reads.
    let run = site.run(&["build"]);
    assert_eq!(
        run.code,
        Some(1),
        "expected exit code 1; stderr:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "planportal panicked:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Den tidligere udgave af"),
        "the summary says the previous site is untouched:\n{}",
        run.stderr
    );
    for e in expected {
        assert!(
            run.stderr.contains(&format!("fejl: {}", e.message)),
            "stderr lacks `fejl: {}`:\n{}",
            e.message,
            run.stderr
        );
        let place = match e.at {
            Some((line, col)) => format!("{}:{line}:{col}", e.file),
            None => e.file.to_string(),
        };
        assert!(
            run.stderr.contains(&place),
            "stderr lacks the place {place}:\n{}",
            run.stderr
        );
        if let Some(help) = e.help {
            assert!(
                run.stderr.contains(help),
                "stderr lacks the help `{help}`:\n{}",
                run.stderr
            );
        }
    }
    site.assert_unchanged(before);

    // The library: the same errors, no more, with their positions.
    let report = site.build();
    assert!(!report.ok());
    assert!(!report.published);
    let all = messages(&report);
    assert_eq!(
        report.diagnostics.error_count(),
        expected.len(),
        "expected {} errors, got:\n{all}",
        expected.len()
    );
    for e in expected {
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.is_error() && d.message.starts_with(e.message))
            .unwrap_or_else(|| panic!("no error `{}` in:\n{all}", e.message));
        let shown = d.file.as_ref().map(|f| f.path.as_str());
        if e.at.is_some() || shown.is_some() {
            assert_eq!(shown, Some(e.file), "file of `{}`", e.message);
        } else {
            assert!(
                d.message.contains(e.file),
                "`{}` names {}",
                d.message,
                e.file
            );
        }
        assert_eq!(d.line_col(), e.at, "line and column of `{}`", e.message);
        if let Some(help) = e.help {
            let got = d.help.as_deref().unwrap_or("");
            assert!(got.contains(help), "help of `{}`: {got:?}", e.message);
        }
    }
    site.assert_unchanged(before);
}

/// Publishes the minimal site, lays fixture `case` over it, and expects `expected`.
fn case(case: &str, expected: &[Expect]) {
    let site = Site::minimal();
    let before = site.publish();
    site.overlay(&format!("bad/{case}"));
    assert_fails(&site, &before, expected);
}

const CHAPTER: &str = "content/kommuner/testrup/2021/01-unge.md";
const PLAN: &str = "content/kommuner/testrup/2021/_index.md";

#[test]
fn malformed_toml() {
    case(
        "malformed-toml",
        &[Expect {
            file: CHAPTER,
            at: Some((2, 14)),
            message: "ugyldig front matter: ugyldig tekst",
            help: Some("afslut teksten med `\"` på samme linje"),
        }],
    );
}

#[test]
fn malformed_yaml() {
    // A `[` left open on line 3 swallows line 4, where YAML gives up; the help sends
    // the reader back up.
    case(
        "malformed-yaml",
        &[Expect {
            file: CHAPTER,
            at: Some((4, 6)),
            message: "ugyldig front matter: `:` står et sted, hvor det ikke er tilladt",
            help: Some("en `[`, `{` eller et anførselstegn er måske ikke lukket"),
        }],
    );
}

#[test]
fn a_tab_in_yaml() {
    case(
        "yaml-tab",
        &[Expect {
            file: CHAPTER,
            at: Some((4, 1)),
            message: "ugyldig front matter: tabulatorer er ikke tilladt",
            help: Some("erstat tabulatoren med mellemrum"),
        }],
    );
}

#[test]
fn a_tab_before_a_yaml_key_is_pointed_at() {
    // The YAML scanner stops at the end of the value above ("found a tab"); the
    // diagnostic points at the tab itself.
    case(
        "yaml-tab-key",
        &[Expect {
            file: CHAPTER,
            at: Some((3, 1)),
            message: "ugyldig front matter: fandt en tabulator efter værdien",
            help: Some("erstat tabulatoren med mellemrum"),
        }],
    );
}

#[test]
fn a_yaml_alias_bomb_is_stopped() {
    // "Billion laughs": nine levels of ten aliases each would expand to 10^9 values.
    case(
        "yaml-alias-bomb",
        &[Expect {
            file: "content/om.md",
            at: Some((10, 16)),
            message: "ugyldig front matter: YAML'en folder sig ud til for mange data",
            help: Some("skriv værdierne ud"),
        }],
    );
}

#[test]
fn a_front_matter_field_typo() {
    case(
        "field-typo",
        &[Expect {
            file: CHAPTER,
            at: Some((4, 1)),
            message: "ukendt felt `gaols`",
            help: Some("mente du `goals`?"),
        }],
    );
}

#[test]
fn a_string_for_a_year() {
    // One error: the chapters of the plan and links to it are not blamed as well.
    case(
        "wrong-type",
        &[Expect {
            file: PLAN,
            at: Some((3, 8)),
            message: "ugyldig front matter: forkert type: forventede et helt tal (som 2021), fandt teksten \"2021\"",
            help: Some("skriv tallet uden anførselstegn: 2021"),
        }],
    );
}

#[test]
fn an_unknown_minister_goal() {
    case(
        "unknown-minister-goal",
        &[Expect {
            file: CHAPTER,
            at: Some((3, 19)),
            message: "ukendt ministermål `opkvalifisering`",
            help: Some("mente du `opkvalificering`?"),
        }],
    );
}

#[test]
fn a_minister_goal_used_outside_its_years() {
    case(
        "goal-out-of-years",
        &[Expect {
            file: CHAPTER,
            at: Some((3, 38)),
            message: "ministermålet `ledighed` gælder ikke i 2021",
            help: Some("tilføj 2021 i `years` i content/ministermaal/ledighed.md"),
        }],
    );
}

#[test]
fn a_duplicate_id() {
    case(
        "duplicate-id",
        &[Expect {
            file: PLAN,
            at: Some((23, 6)),
            message: "id'et `rk-1` er brugt to gange",
            help: Some("sit eget id"),
        }],
    );
}

#[test]
fn a_target_naming_a_missing_local_goal() {
    case(
        "missing-local-goal",
        &[Expect {
            file: PLAN,
            at: Some((14, 8)),
            message: "ukendt lokalt mål `ungr`",
            help: Some("mente du `unge`?"),
        }],
    );
}

#[test]
fn an_initiative_whose_heading_is_missing() {
    case(
        "missing-heading",
        &[Expect {
            file: CHAPTER,
            at: Some((7, 9)),
            message: "indsatsens overskrift `Ungeindsatsen` findes ikke i kapitlet",
            help: Some("mente du `Ungeindsats`?"),
        }],
    );
}

#[test]
fn a_broken_internal_link() {
    case(
        "broken-link",
        &[Expect {
            file: CHAPTER,
            at: Some((14, 21)),
            message: "link til en fil, der ikke findes: `@/kommuner/testrup/2021/02-voksne.md`",
            help: Some("mente du `@/kommuner/testrup/2021/01-unge.md`?"),
        }],
    );
}

#[test]
fn a_broken_anchor() {
    case(
        "broken-anchor",
        &[Expect {
            file: CHAPTER,
            at: Some((14, 21)),
            message: "link til et anker, der ikke findes: `#rk-2` i `@/kommuner/testrup/2021/_index.md`",
            help: Some("mente du `#rk-1`?"),
        }],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    case(
        "not-utf8",
        &[Expect {
            file: "content/om.md",
            at: Some((4, 28)),
            message: "filen er ikke gyldig UTF-8-tekst",
            help: Some("gem filen som UTF-8"),
        }],
    );
    // The label names the byte in the encoding it most likely came from.
    let site = Site::minimal();
    site.overlay("bad/not-utf8");
    let report = site.build();
    let d = report.diagnostics.iter().next().expect("a diagnostic");
    assert!(
        d.label.as_deref().unwrap_or("").contains("0xF8 er `ø`"),
        "{:?}",
        d.label
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_simply_work() {
    let site = Site::minimal();
    site.overlay("bad/bom-crlf");
    let report = site.build_ok();
    assert_eq!(report.initiatives, 1);
    let om = site.read("om/index.html");
    assert!(om.contains("<h1>Om portalen</h1>"), "{om}");
    assert!(om.contains("<em>planer</em>"), "{om}");
    assert!(om.contains(r#"id="kontakt""#), "headings get ids: {om}");
    assert!(
        !om.contains('\u{feff}'),
        "the byte order mark is not published"
    );
    let yaml = site.read("yaml/index.html");
    assert!(yaml.contains("Om YAML"), "{yaml}");
    let chapter = site.read("kommuner/testrup/2021/unge/index.html");
    assert!(chapter.contains("initiative-heading"), "{chapter}");
    assert!(
        chapter.contains(r#"href="/kommuner/testrup/2021/#rk-1""#),
        "{chapter}"
    );
}

#[test]
fn crlf_line_endings_keep_lines_and_columns_right() {
    case(
        "crlf-error",
        &[Expect {
            file: CHAPTER,
            at: Some((3, 19)),
            message: "ukendt ministermål `opkvalifisering`",
            help: Some("mente du `opkvalificering`?"),
        }],
    );
}

#[test]
fn a_script_url_in_front_matter() {
    // `website` and `source` become links; `javascript:` there would run on click.
    case(
        "script-url",
        &[
            Expect {
                file: "content/kommuner/testrup/_index.md",
                at: Some((4, 11)),
                message: "`website` skal være en webadresse eller en sti på sitet",
                help: Some("begynder med https://"),
            },
            Expect {
                file: PLAN,
                at: Some((4, 10)),
                message: "`source` skal være en webadresse eller en sti på sitet",
                help: Some("begynder med https://"),
            },
        ],
    );
}

#[test]
fn an_empty_file() {
    case(
        "empty-file",
        &[Expect {
            file: "content/om.md",
            at: Some((1, 1)),
            message: "filen er tom",
            help: Some("begynd filen med:"),
        }],
    );
}

#[test]
fn a_file_with_no_front_matter() {
    case(
        "no-front-matter",
        &[Expect {
            file: "content/om.md",
            at: Some((1, 1)),
            message: "filen har ingen front matter",
            help: Some("begynd filen med:"),
        }],
    );
}

#[test]
fn unclosed_front_matter() {
    case(
        "unclosed-front-matter",
        &[Expect {
            file: "content/om.md",
            at: Some((1, 1)),
            message: "front matter bliver aldrig lukket",
            help: Some("tilføj en linje med `+++` efter det sidste felt"),
        }],
    );
}

#[test]
fn a_template_syntax_error_names_the_template_and_line() {
    case(
        "template-syntax",
        &[Expect {
            file: "templates/page.html",
            at: Some((4, 19)),
            message: "syntaksfejl i skabelon",
            help: None,
        }],
    );
}

#[test]
fn a_template_using_a_missing_variable_names_the_template_and_line() {
    case(
        "template-missing-variable",
        &[Expect {
            file: "templates/page.html",
            at: Some((4, 13)),
            message: "skabelonen fejlede: Field `titel` is not defined",
            help: None,
        }],
    );
    // It also says which page was being rendered and what the fields are.
    let site = Site::minimal();
    site.overlay("bad/template-missing-variable");
    let run = site.run(&["build"]);
    assert!(run.stderr.contains("Available fields:"), "{}", run.stderr);
    assert!(run.stderr.contains("(fra content/om.md)"), "{}", run.stderr);
}

#[test]
fn a_config_toml_syntax_error() {
    case(
        "config-syntax",
        &[Expect {
            file: "config.toml",
            at: Some((2, 33)),
            message: "ugyldig config.toml: ugyldig tekst",
            help: None,
        }],
    );
}

#[test]
fn an_unknown_config_toml_setting() {
    case(
        "config-unknown-setting",
        &[Expect {
            file: "config.toml",
            at: Some((5, 1)),
            message: "ukendt indstilling `allow_htlm` i config.toml",
            help: Some("mente du `allow_html`?"),
        }],
    );
}

#[test]
fn ten_mistakes_are_reported_at_once() {
    const CH: &str = "content/kommuner/testrup/2021/01-unge.md";
    case(
        "ten-mistakes",
        &[
            Expect {
                file: "content/om.md",
                at: Some((3, 1)),
                message: "ukendt felt `wieght`",
                help: Some("mente du `weight`?"),
            },
            Expect {
                file: "content/ministermaal/ledighed.md",
                at: Some((4, 10)),
                message: "`number` giver et nummer for 2023",
                help: Some("tilføj 2023 i `years`"),
            },
            Expect {
                file: PLAN,
                at: Some((9, 19)),
                message: "ukendt ministermål `opkvalifisering`",
                help: Some("mente du `opkvalificering`?"),
            },
            Expect {
                file: PLAN,
                at: Some((26, 6)),
                message: "id'et `rk-1` er brugt to gange",
                help: None,
            },
            Expect {
                file: PLAN,
                at: Some((27, 8)),
                message: "ukendt lokalt mål `ungr`",
                help: Some("mente du `unge`?"),
            },
            Expect {
                file: CH,
                at: Some((3, 38)),
                message: "ministermålet `ledighed` gælder ikke i 2021",
                help: None,
            },
            Expect {
                file: CH,
                at: Some((5, 18)),
                message: "ukendt målgruppe `ungee`",
                help: Some("mente du `unge`?"),
            },
            Expect {
                file: CH,
                at: Some((11, 9)),
                message: "indsatsens overskrift `Mentorordning` findes ikke i kapitlet",
                help: Some("tilføj overskriften `## Mentorordning`"),
            },
            Expect {
                file: CH,
                at: Some((17, 26)),
                message: "link til en fil, der ikke findes: `@/kommuner/testrup/2021/02-voksne.md`",
                help: Some("mente du `@/kommuner/testrup/2021/02-job.md`?"),
            },
            Expect {
                file: "content/kommuner/testrup/2021/02-job.md",
                at: Some((5, 10)),
                message: "link til et anker, der ikke findes: `#rk-9`",
                help: Some("mente du `#rk-1`?"),
            },
        ],
    );
}

#[test]
fn a_symlink_loop() {
    let site = Site::minimal();
    let before = site.publish();
    std::os::unix::fs::symlink("..", site.root().join("content/kommuner/loop")).unwrap();
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/kommuner/loop",
            at: None,
            message: "kan ikke læse content/kommuner/loop: et symbolsk link peger tilbage på en mappe over det",
            help: Some("fjern linket"),
        }],
    );
}

#[test]
fn a_symlink_to_itself() {
    let site = Site::minimal();
    let before = site.publish();
    std::os::unix::fs::symlink("om.md", site.root().join("content/om.md")).unwrap();
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "kan ikke læse content/om.md: for mange symbolske links i træk",
            help: Some("fjern linket"),
        }],
    );
}

#[test]
fn a_symlink_to_nothing() {
    let site = Site::minimal();
    let before = site.publish();
    std::os::unix::fs::symlink("gone.md", site.root().join("content/om.md")).unwrap();
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "kan ikke læse content/om.md: findes ikke",
            help: Some("fjern linket"),
        }],
    );
}

#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::minimal();
    let before = site.publish();
    site.write("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n");
    let path = site.root().join("content/om.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!(
            "an_unreadable_file: mode 000 does not stop this process (running as root); \
             a_file_that_fails_to_read covers the same path"
        );
        return;
    }
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "kan ikke læse content/om.md: adgang nægtet",
            help: Some("tjek filens rettigheder"),
        }],
    );
}

#[test]
fn a_file_that_fails_to_read() {
    // /proc/self/mem fails to read with EIO even for root; since issue 13 a link out of
    // the portal is not read at all, so the link is what is reported (and nothing of it
    // is read).
    let site = Site::minimal();
    let before = site.publish();
    std::os::unix::fs::symlink("/proc/self/mem", site.root().join("content/om.md")).unwrap();
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "content/om.md er et symbolsk link ud af portalen",
            help: Some("kopiér filen"),
        }],
    );
}

// Issue 13, the second round: each test names the item it covers.

/// Runs `build -o <out>` (and `serve -o <out>` when `serve` is set) from the site root
/// and asserts it fails with `what` in the message, touching nothing in the root.
fn refuses_output(site: &Site, out: &str, what: &str) {
    let before = common::snapshot(site.root());
    let run = std::process::Command::new(common::binary())
        .current_dir(site.root())
        .args(["build", "-o", out])
        .env("NO_COLOR", "1")
        .output()
        .expect("run planportal");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "build -o {out}:\n{stderr}");
    assert!(
        stderr.contains("fejl: kan ikke udgive til") && stderr.contains(what),
        "build -o {out} says `{what}`:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = common::snapshot(site.root());
    assert!(
        after == before,
        "build -o {out} changed the portal ({} files before, {} after)",
        before.len(),
        after.len()
    );
    assert!(site.staging_dirs().is_empty(), "{:?}", site.staging_dirs());
}

#[test]
fn item_01_output_dir_content_is_refused() {
    let site = Site::minimal();
    site.publish();
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    site.write("static/logo.txt", "logo");
    site.write("templates/keep.txt", "keep");
    for (out, what) in [
        ("content", "portalens kildemappe content"),
        ("content/kommuner", "inde i portalens kildemappe content"),
        ("themes", "portalens kildemappe themes"),
        ("templates", "portalens kildemappe templates"),
        ("static", "portalens kildemappe static"),
        (".", "portalens egen mappe"),
        ("./content/..", "portalens egen mappe"),
        ("..", "mappen rummer portalen"),
    ] {
        refuses_output(&site, out, what);
    }
    // A folder of the user's that planportal did not make.
    site.write("noter/vigtigt.txt", "mine noter");
    refuses_output(&site, "noter", "ikke bygget af planportal");
}

#[test]
fn item_01_serve_output_dir_content_is_refused() {
    use std::io::Read;
    let site = Site::minimal();
    let before = common::snapshot(site.root());
    let mut child = std::process::Command::new(common::binary())
        .current_dir(site.root())
        .args(["serve", "-p", "0", "-o", "content"])
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run planportal");
    // serve must stop at once; a server that starts is killed and the test fails.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr);
    assert!(
        status.is_some_and(|s| s.code() == Some(1)),
        "serve -o content exits with 1: {status:?}\n{stderr}"
    );
    assert!(
        stderr.contains("portalens kildemappe content"),
        "serve -o content is refused:\n{stderr}"
    );
    assert!(
        common::snapshot(site.root()) == before,
        "serve touched the portal"
    );
}

#[test]
fn item_01_output_dir_earlier_builds_and_empty_folders_are_replaced() {
    let site = Site::minimal();
    // An empty folder, then the same folder once built (it has the marker).
    std::fs::create_dir_all(site.root().join("ud")).unwrap();
    for _ in 0..2 {
        let run = site.run(&["build", "-o", site.root().join("ud").to_str().unwrap()]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    assert!(site.root().join("ud/.planportal-build").is_file());
    assert!(site.root().join("ud/index.html").is_file());
    // A public/ of an earlier version, without the marker, is still an earlier build.
    site.build_ok();
    std::fs::remove_file(site.public().join(".planportal-build")).unwrap();
    site.build_ok();
    assert!(site.public().join(".planportal-build").is_file());
    // The marker is not a page: the sitemap does not list it.
    assert!(!site.read("sitemap.xml").contains("planportal-build"));
}

#[test]
fn item_02_output_dir_naming_a_file_is_refused() {
    let site = Site::minimal();
    site.write("plan.pdf", "%PDF mine data");
    refuses_output(&site, "plan.pdf", "er en fil, ikke en mappe");
    assert_eq!(
        std::fs::read_to_string(site.root().join("plan.pdf")).unwrap(),
        "%PDF mine data"
    );
}

/// Publishes the minimal site, lets `change` alter it, and expects `expected`.
fn changed(change: impl FnOnce(&Site), expected: &[Expect]) {
    let site = Site::minimal();
    let before = site.publish();
    change(&site);
    assert_fails(&site, &before, expected);
}

#[test]
fn item_03_a_path_segment_with_an_empty_slug_is_an_error() {
    changed(
        |site| {
            site.write(
                "content/om.md",
                "+++\ntitle = \"Om\"\n+++\nDen rigtige side.\n",
            );
            site.write(
                "content/¿¿/om.md",
                "+++\ntitle = \"Falsk\"\n+++\nErstatter.\n",
            );
            site.write(
                "content/!!!.md",
                "+++\ntitle = \"Falsk forside\"\n+++\nErstatter.\n",
            );
        },
        &[
            Expect {
                file: "content/!!!.md",
                at: None,
                message: "`!!!` giver et tomt adressenavn",
                help: Some("omdøb"),
            },
            Expect {
                file: "content/¿¿/om.md",
                at: None,
                message: "`¿¿` giver et tomt adressenavn",
                help: Some("omdøb"),
            },
        ],
    );
}

#[test]
fn item_04_an_asset_over_a_generated_page_is_an_error() {
    changed(
        |site| {
            site.write("content/om.md", "+++\ntitle = \"Om\"\n+++\nTekst.\n");
            site.write("content/om/index.html", "<p>falsk</p>");
            site.write("static/index.html", "<p>falsk forside</p>");
            site.write("content/soeg/indeks/meta.json", "{}");
            site.write("static/sitemap.xml", "<urlset/>");
        },
        &[
            Expect {
                file: "content/om/index.html",
                at: None,
                message: "`content/om/index.html` ville erstatte den genererede fil om/index.html",
                help: Some("omdøb"),
            },
            Expect {
                file: "content/soeg/indeks/meta.json",
                at: None,
                message: "`content/soeg/indeks/meta.json` ville erstatte den genererede fil soeg/indeks/meta.json",
                help: Some("omdøb"),
            },
            Expect {
                file: "static/index.html",
                at: None,
                message: "`static/index.html` ville erstatte den genererede fil index.html",
                help: Some("omdøb"),
            },
            Expect {
                file: "static/sitemap.xml",
                at: None,
                message: "`static/sitemap.xml` ville erstatte den genererede fil sitemap.xml",
                help: Some("omdøb"),
            },
        ],
    );
}

#[test]
fn item_05_symlinks_out_of_the_portal_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hemmelig.txt"), "HEMMELIG").unwrap();
    std::fs::create_dir_all(outside.path().join("mappe")).unwrap();
    std::fs::write(outside.path().join("mappe/a.txt"), "HEMMELIG").unwrap();
    let secret = outside.path().join("hemmelig.txt");
    let folder = outside.path().join("mappe");
    changed(
        |site| {
            use std::os::unix::fs::symlink;
            symlink(&secret, site.root().join("content/host.txt")).unwrap();
            symlink(&folder, site.root().join("content/ud")).unwrap();
            std::fs::create_dir_all(site.root().join("static")).unwrap();
            symlink(&secret, site.root().join("static/host.txt")).unwrap();
            symlink(
                &secret,
                site.root().join("themes/default/templates/ud.html"),
            )
            .unwrap();
            // A link inside the portal is fine.
            symlink("../config.toml", site.root().join("content/config.txt")).unwrap();
        },
        &[
            Expect {
                file: "content/host.txt",
                at: None,
                message: "content/host.txt er et symbolsk link ud af portalen",
                help: Some("kopiér"),
            },
            Expect {
                file: "content/ud",
                at: None,
                message: "content/ud er et symbolsk link ud af portalen",
                help: Some("kopiér"),
            },
            Expect {
                file: "static/host.txt",
                at: None,
                message: "static/host.txt er et symbolsk link ud af portalen",
                help: Some("kopiér"),
            },
            Expect {
                file: "themes/default/templates/ud.html",
                at: None,
                message: "themes/default/templates/ud.html er et symbolsk link ud af portalen",
                help: Some("kopiér"),
            },
        ],
    );
}

#[test]
fn item_19_a_theme_outside_the_portal_is_refused() {
    changed(
        |site| {
            let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
            site.write(
                "config.toml",
                &format!("theme = \"../../default\"\n{config}"),
            );
        },
        &[Expect {
            file: "config.toml",
            at: Some((1, 9)),
            message: "`theme` skal være navnet på en mappe i themes/",
            help: Some("theme = \"default\""),
        }],
    );
}

/// Replaces `from` with `to` in a file of the site, which must contain it.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} lacks {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn item_12_a_base_url_that_is_not_http_or_a_site_path_is_refused() {
    for bad in ["javascript:alert(1)", "//evil.example", "/\\\\evil.example"] {
        changed(
            |site| {
                edit(
                    site,
                    "config.toml",
                    "https://test.example",
                    &bad.replace('\\', "\\\\"),
                );
            },
            &[Expect {
                file: "config.toml",
                at: Some((3, 12)),
                message: "`base_url` ",
                help: Some("https://"),
            }],
        );
    }
    // The same rule for -u, before anything is built.
    let site = Site::minimal();
    for bad in ["javascript:alert(1)", "//evil.example", "data:text/html,x"] {
        let run = site.run(&["build", "-u", bad]);
        assert_eq!(run.code, Some(1), "-u {bad}:\n{}", run.stderr);
        assert!(
            run.stderr.contains("fejl: `-u`/`--base-url` "),
            "-u {bad}:\n{}",
            run.stderr
        );
    }
    assert!(!site.public().exists());
    for good in [
        "https://planer.example/sti",
        "http://localhost:8000",
        "/planer",
    ] {
        let run = site.run(&["build", "-u", good]);
        assert_eq!(run.code, Some(0), "-u {good}:\n{}", run.stderr);
    }
}

#[test]
fn item_13_a_backslash_site_path_in_source_is_refused() {
    changed(
        |site| {
            edit(
                site,
                PLAN,
                "year = 2021\n",
                "year = 2021\nsource = \"/\\\\evil.example/x\"\n",
            )
        },
        &[Expect {
            file: PLAN,
            at: Some((4, 10)),
            message: "`source` skal være en webadresse eller en sti på sitet",
            help: Some("https://"),
        }],
    );
}

#[test]
fn item_13_csv_cells_that_start_a_formula_are_neutralised() {
    let site = Site::minimal();
    edit(
        &site,
        PLAN,
        "text = \"Antallet",
        "indicator = \"@SUM(A1)\"\nnote = \"+1 ekstra\"\ncomparison = \"\\tTAB\"\ntext = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"klik\\\") Antallet",
    );
    edit(
        &site,
        PLAN,
        "label = \"Resultatkrav 1\"",
        "label = \"-Resultatkrav 1\"",
    );
    site.build_ok();
    let csv = site.read("data/targets.csv");
    for cell in [
        "'=HYPERLINK(",
        "'@SUM(A1)",
        "'+1 ekstra",
        "'-Resultatkrav 1",
        "'\tTAB",
    ] {
        assert!(csv.contains(cell), "targets.csv lacks {cell:?}:\n{csv}");
    }
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell starts a formula: {cell:?}"
            );
        }
    }
    // The JSON keeps the plan's words exactly.
    let json = site.read("data/targets.json");
    assert!(json.contains("\"=HYPERLINK("), "{json}");
    assert!(json.contains("\"-Resultatkrav 1\""), "{json}");
}

#[test]
fn item_14_a_value_of_nan_or_inf_is_an_error() {
    for (bad, col) in [("nan", 9), ("inf", 9), ("-inf", 9)] {
        changed(
            |site| edit(site, PLAN, "value = 2\n", &format!("value = {bad}\n")),
            &[Expect {
                file: PLAN,
                at: Some((18, col)),
                message: "ugyldig front matter: `nan` og `inf` er ikke tal; skriv et tal som 82",
                help: None,
            }],
        );
    }
}

#[test]
fn item_15_text_after_a_date_is_an_error() {
    changed(
        |site| {
            edit(
                site,
                PLAN,
                "year = 2021\n",
                "year = 2021\nadopted = \"2020-12-17 eller senere\"\n",
            )
        },
        &[Expect {
            file: PLAN,
            at: Some((4, 11)),
            message: "ugyldig front matter: `2020-12-17 eller senere`: efter datoen står `eller senere`",
            help: None,
        }],
    );
}

#[test]
fn item_17_a_draft_front_page_is_an_error() {
    changed(
        |site| {
            edit(
                site,
                "content/_index.md",
                "title = \"Testportal\"\n",
                "title = \"Testportal\"\ndraft = true\n",
            )
        },
        &[Expect {
            file: "content/_index.md",
            at: Some((3, 1)),
            message: "forsiden er en kladde, så sitet får ingen forside",
            help: Some("--drafts"),
        }],
    );
}

#[test]
fn item_11_script_in_html_and_svg_assets_is_an_error() {
    let script_files = |site: &Site| {
        site.write(
            "content/kommuner/testrup/2021/kort.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>",
        );
        site.write("content/side.html", "<p>Hej</p><script>alert(1)</script>");
        site.write(
            "static/logo.svg",
            "<svg><a href=\"javascript:alert(1)\"><circle r=\"2\"/></a></svg>",
        );
        // Files without script are published as before.
        site.write(
            "static/ren.svg",
            "<svg><circle r=\"2\"/><text>online</text></svg>",
        );
    };
    changed(
        script_files,
        &[
            Expect {
                file: "content/kommuner/testrup/2021/kort.svg",
                at: None,
                message: "content/kommuner/testrup/2021/kort.svg indeholder script: en on…=-attribut",
                help: Some("allow_html = true"),
            },
            Expect {
                file: "content/side.html",
                at: None,
                message: "content/side.html indeholder script: et <script>-element",
                help: Some("allow_html = true"),
            },
            Expect {
                file: "static/logo.svg",
                at: None,
                message: "static/logo.svg indeholder script: et javascript:-link",
                help: Some("allow_html = true"),
            },
        ],
    );
    // A site that opts in publishes them.
    let site = Site::minimal();
    script_files(&site);
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}\n[markdown]\nallow_html = true\n"),
    );
    site.build_ok();
    assert!(site.read("side.html").contains("<script>"));
}

#[test]
fn item_16_cr_only_line_endings_work() {
    let site = Site::minimal();
    site.write(
        "content/om.md",
        "+++\rtitle = \"Om portalen\"\r+++\rFørste linje.\r\r## Kontakt\rSkriv til os.\r",
    );
    site.build_ok();
    let om = site.read("om/index.html");
    assert!(om.contains("<h1>Om portalen</h1>"), "{om}");
    assert!(om.contains(r#"id="kontakt""#), "{om}");
    // And an error in such a file has the right line.
    site.write(
        "content/om.md",
        "+++\rtitle = \"Om\"\rwieght = 1\r+++\rTekst.\r",
    );
    let report = site.build();
    let d = report.diagnostics.iter().next().expect("a diagnostic");
    assert_eq!(d.line_col(), Some((3, 1)), "{}", messages(&report));
}

#[test]
fn item_16_a_utf16_file_is_named_as_utf16() {
    changed(
        |site| {
            let text = "+++\r\ntitle = \"Om\"\r\n+++\r\nTekst.\r\n";
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            std::fs::write(site.root().join("content/om.md"), bytes).unwrap();
        },
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "filen er gemt som UTF-16, ikke UTF-8",
            help: Some("gem filen som UTF-8"),
        }],
    );
}

#[test]
fn item_16_config_and_templates_that_are_not_utf8_get_a_position() {
    changed(
        |site| {
            std::fs::write(
                site.root().join("config.toml"),
                b"title = \"Testportal\"\ndescription = \"K\xf8ge\"\n",
            )
            .unwrap();
        },
        &[Expect {
            file: "config.toml",
            at: Some((2, 17)),
            message: "filen er ikke gyldig UTF-8-tekst",
            help: Some("gem filen som UTF-8"),
        }],
    );
    changed(
        |site| {
            std::fs::create_dir_all(site.root().join("templates")).unwrap();
            std::fs::write(
                site.root().join("templates/page.html"),
                b"{% extends \"base.html\" %}\n{# K\xf8ge #}\n",
            )
            .unwrap();
        },
        &[Expect {
            file: "templates/page.html",
            at: Some((2, 5)),
            message: "filen er ikke gyldig UTF-8-tekst",
            help: Some("gem filen som UTF-8"),
        }],
    );
}

#[test]
fn item_16_english_parser_fragments_are_translated() {
    for (front, message) in [
        (
            "+++\ntitle = \"Om\"\nweight = 99999999999999999999999\n+++\n",
            "tallet `99999999999999999999999` er for stort",
        ),
        (
            "+++\ntitle = \"Om\u{1}\"\n+++\n",
            "ugyldig front matter: ugyldig tekst; forventede synlige tegn",
        ),
        (
            "---\ntitle:\n---\n",
            "ugyldig front matter: feltet har ingen værdi; forventede tekst",
        ),
        (
            "+++\ntitle = \"Om\"\nweight = 1e400\n+++\n",
            "ugyldig front matter: tallet er for stort",
        ),
    ] {
        let site = Site::minimal();
        site.write("content/om.md", front);
        let report = site.build();
        let all = messages(&report);
        assert!(all.contains(message), "{front:?} gives {message:?}:\n{all}");
        for english in ["as i128", "visible characters", "Option<", "overflowed"] {
            assert!(
                !all.contains(english),
                "{english:?} reaches the author:\n{all}"
            );
        }
    }
}

#[test]
fn item_08_a_one_megabyte_word_is_indexed_in_linear_time() {
    // Splitting every tail of it took minutes (34 s for 128k letters); the bound is
    // generous for a debug build on a busy machine, and far below quadratic time.
    let site = Site::minimal();
    let word = "sygedagpengemodtagere".repeat(50_000);
    site.write(
        "content/om.md",
        &format!("+++\ntitle = \"Om\"\n+++\n{word}\n"),
    );
    let start = std::time::Instant::now();
    site.build_ok();
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
}

#[test]
fn item_10_a_diagnostic_on_a_long_line_shows_a_window_of_it() {
    let site = Site::minimal();
    let line = format!("{} [link](@/findes-ikke.md)", "x".repeat(10_000_000));
    site.write(
        "content/om.md",
        &format!("+++\ntitle = \"Om\"\n+++\n{line}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.len() < 4_000,
        "{} bytes of diagnostics:\n{}",
        run.stderr.len(),
        &run.stderr[..run.stderr.len().min(2_000)]
    );
    assert!(
        run.stderr.contains("content/om.md:4:10000002"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("…"), "{}", run.stderr);
    assert!(run.stderr.contains("(@/findes-ikke.md)"), "{}", run.stderr);
}

#[test]
fn item_10_repeated_diagnostics_in_one_file_are_counted() {
    let site = Site::minimal();
    let line: String = (0..2_000)
        .map(|i| format!("[l](@/mangler-{i}.md) "))
        .collect();
    site.write(
        "content/om.md",
        &format!("+++\ntitle = \"Om\"\n+++\n{line}\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("… og 1980 fejl og advarsler mere i content/om.md"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(2_000)..]
    );
    assert!(run.stderr.len() < 40_000, "{} bytes", run.stderr.len());
    // The summary still counts them all.
    assert!(
        run.stderr.contains("2000 fejl"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
}

#[test]
fn item_07_deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = [
        ("citater", "> ".repeat(4_000) + "x\n"),
        (
            "lister",
            (0..3_000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "fremhævning",
            "*".repeat(100_000) + "x" + &"*".repeat(100_000) + "\n",
        ),
        ("div", "<div>".repeat(5_000) + "x\n"),
    ];
    for (what, body) in &deep {
        let site = Site::minimal();
        let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
        site.write(
            "config.toml",
            &format!("minify_html = true\n{config}[markdown]\nallow_html = true\n"),
        );
        let before = site.publish();
        site.write(
            "content/om.md",
            &format!("+++\ntitle = \"Om\"\n+++\n{body}"),
        );
        for command in ["build", "check"] {
            let run = site.run(&[command]);
            assert!(
                !run.stderr.contains("overflow") && run.code.is_some(),
                "{what}: {command} crashed: {:?}\n{}",
                run.code,
                &run.stderr[..run.stderr.len().min(2_000)]
            );
            // Emphasis nests only as deep as comrak pairs it; what is deeper is refused,
            // by `check` as by `build`.
            if *what != "fremhævning" {
                assert_eq!(run.code, Some(1), "{what}: {command} refuses it");
            }
            if run.code == Some(1) {
                assert!(
                    run.stderr.contains("niveauer dybt; højst 100 er tilladt"),
                    "{what}: {command}:\n{}",
                    &run.stderr[..run.stderr.len().min(2_000)]
                );
            }
        }
        if *what != "fremhævning" {
            site.assert_unchanged(&before);
        }
    }
}

#[test]
fn item_09_many_initiatives_in_one_chapter_build_in_linear_time() {
    // 5,000 took 9 s and 20,000 95 s in release: three lookups per initiative scanned
    // every initiative or heading. The bound is generous for a debug build.
    let n = 10_000;
    let site = Site::minimal();
    let mut front = String::from(
        "+++\ntitle = \"Unge\"\nminister_goals = [\"opkvalificering\"]\ngoals = [\"unge\"]\n",
    );
    let mut body = String::from("+++\n");
    for i in 0..n {
        front.push_str(&format!(
            "[[initiatives]]\ntitle = \"Indsats {i}\"\nkind = \"indsats\"\n"
        ));
        body.push_str(&format!("## Indsats {i}\n\nTekst.\n\n"));
    }
    site.write(CHAPTER, &format!("{front}{body}"));
    let start = std::time::Instant::now();
    let report = site.build_ok();
    let took = start.elapsed();
    assert_eq!(report.initiatives, n);
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
}
