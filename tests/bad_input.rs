//! Bad input: every mistake an author can make gets one clear diagnostic naming the
//! file, line and column, the exit code is 1, nothing panics, and the previous
//! `public/` is left exactly as it was.
//!
//! Each case starts from the small valid portal of `Site::minimal()`, publishes it, lays
//! one fixture from `tests/fixtures/bad/<case>/` over it (see the README there) and
//! builds again, once through the binary (exit code, the text a person reads) and once
//! through the library (the diagnostic's file, line and column).

mod common;

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
            run.stderr.contains(&format!("error: {}", e.message)),
            "stderr lacks `error: {}`:\n{}",
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
            message: "invalid front matter: invalid basic string",
            help: Some("end the text with `\"` on the same line"),
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
            message: "invalid front matter: illegal placement of ':' indicator",
            help: Some("a `[`, `{` or quote may not be closed"),
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
            message: "invalid front matter: tabs disallowed",
            help: Some("replace the tab with spaces"),
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
            message: "invalid front matter: while scanning a plain scalar, found a tab",
            help: Some("replace the tab with spaces"),
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
            message: "invalid front matter: the YAML expands to too much data",
            help: Some("write the values out"),
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
            message: "unknown field `gaols`",
            help: Some("did you mean `goals`?"),
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
            message: "invalid front matter: invalid type: expected a whole number (like 2021), found the text \"2021\"",
            help: Some("write the number without quotes: 2021"),
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
            message: "unknown minister goal `opkvalifisering`",
            help: Some("did you mean `opkvalificering`?"),
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
            message: "minister goal `ledighed` is not in force in 2021",
            help: Some("add 2021 to `years` in content/ministermaal/ledighed.md"),
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
            message: "duplicate id `rk-1`",
            help: Some("its own id"),
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
            message: "unknown local goal `ungr`",
            help: Some("did you mean `unge`?"),
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
            message: "initiative heading `Ungeindsatsen` is not in the chapter",
            help: Some("did you mean `Ungeindsats`?"),
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
            message: "link to a missing file `@/kommuner/testrup/2021/02-voksne.md`",
            help: Some("did you mean `@/kommuner/testrup/2021/01-unge.md`?"),
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
            message: "link to a missing anchor `#rk-2` in `@/kommuner/testrup/2021/_index.md`",
            help: Some("did you mean `#rk-1`?"),
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
            message: "the file is not valid UTF-8 text",
            help: Some("save the file as UTF-8"),
        }],
    );
    // The label names the byte in the encoding it most likely came from.
    let site = Site::minimal();
    site.overlay("bad/not-utf8");
    let report = site.build();
    let d = report.diagnostics.iter().next().expect("a diagnostic");
    assert!(
        d.label.as_deref().unwrap_or("").contains("0xF8 is `ø`"),
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
            message: "unknown minister goal `opkvalifisering`",
            help: Some("did you mean `opkvalificering`?"),
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
                message: "`website` must be a web address or a path on the site",
                help: Some("starting with https://"),
            },
            Expect {
                file: PLAN,
                at: Some((4, 10)),
                message: "`source` must be a web address or a path on the site",
                help: Some("starting with https://"),
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
            message: "the file is empty",
            help: Some("start the file with:"),
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
            message: "the file has no front matter",
            help: Some("start the file with:"),
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
            message: "the front matter is never closed",
            help: Some("add a line `+++` after the last front matter field"),
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
            message: "template syntax error",
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
            message: "template error: Field `titel` is not defined",
            help: None,
        }],
    );
    // It also says which page was being rendered and what the fields are.
    let site = Site::minimal();
    site.overlay("bad/template-missing-variable");
    let run = site.run(&["build"]);
    assert!(run.stderr.contains("Available fields:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("(from content/om.md)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_config_toml_syntax_error() {
    case(
        "config-syntax",
        &[Expect {
            file: "config.toml",
            at: Some((2, 33)),
            message: "config.toml: invalid basic string",
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
            message: "unknown setting `allow_htlm` in config.toml",
            help: Some("did you mean `allow_html`?"),
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
                message: "unknown field `wieght`",
                help: Some("did you mean `weight`?"),
            },
            Expect {
                file: "content/ministermaal/ledighed.md",
                at: Some((4, 10)),
                message: "`number` gives a place for 2023",
                help: Some("add 2023 to `years`"),
            },
            Expect {
                file: PLAN,
                at: Some((9, 19)),
                message: "unknown minister goal `opkvalifisering`",
                help: Some("did you mean `opkvalificering`?"),
            },
            Expect {
                file: PLAN,
                at: Some((26, 6)),
                message: "duplicate id `rk-1`",
                help: None,
            },
            Expect {
                file: PLAN,
                at: Some((27, 8)),
                message: "unknown local goal `ungr`",
                help: Some("did you mean `unge`?"),
            },
            Expect {
                file: CH,
                at: Some((3, 38)),
                message: "minister goal `ledighed` is not in force in 2021",
                help: None,
            },
            Expect {
                file: CH,
                at: Some((5, 18)),
                message: "unknown target group `ungee`",
                help: Some("did you mean `unge`?"),
            },
            Expect {
                file: CH,
                at: Some((11, 9)),
                message: "initiative heading `Mentorordning` is not in the chapter",
                help: Some("add a heading `## Mentorordning`"),
            },
            Expect {
                file: CH,
                at: Some((17, 26)),
                message: "link to a missing file `@/kommuner/testrup/2021/02-voksne.md`",
                help: Some("did you mean `@/kommuner/testrup/2021/02-job.md`?"),
            },
            Expect {
                file: "content/kommuner/testrup/2021/02-job.md",
                at: Some((5, 10)),
                message: "link to a missing anchor `#rk-9`",
                help: Some("did you mean `#rk-1`?"),
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
            message: "cannot read content/kommuner/loop: a symbolic link loops back to a folder above it",
            help: Some("remove the link"),
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
            message: "cannot read content/om.md: Too many levels of symbolic links",
            help: Some("remove the link"),
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
            message: "cannot read content/om.md: No such file or directory",
            help: Some("remove the link"),
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
            message: "cannot read content/om.md: Permission denied",
            help: Some("check the file's permissions"),
        }],
    );
}

#[test]
fn a_file_that_fails_to_read() {
    // Unreadable even for root: reading /proc/self/mem from its start fails with EIO.
    let site = Site::minimal();
    let before = site.publish();
    std::os::unix::fs::symlink("/proc/self/mem", site.root().join("content/om.md")).unwrap();
    assert_fails(
        &site,
        &before,
        &[Expect {
            file: "content/om.md",
            at: None,
            message: "cannot read content/om.md: Input/output error",
            help: Some("check that the file opens in an editor"),
        }],
    );
}
