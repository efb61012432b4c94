//! Rebuilding after an edit: only the edited pages change, and they come out exactly as
//! a full build would make them.

use crate::common;

use common::{Site, snapshot};
use planportal::{build_keeping, rebuild::rebuild};

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

    site.write(
        CHAPTER,
        &chapter("Indledning med **ny tekst**.\n\n## Ungeindsatsen\n\nVi hjælper unge. Se [resultatkravet](@/kommuner/testrup/2021/_index.md#rk-1).\n"),
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
}

#[test]
fn edits_other_pages_depend_on_need_a_full_build() {
    let site = Site::minimal();
    let (_, built) = build_keeping(&site.options());
    let mut built = built.expect("published");

    // A changed heading changes the initiative's anchor.
    site.write(CHAPTER, &chapter("## Ungeindsatsen for alle\n\nTekst.\n"));
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());

    // Front matter feeds the plan page and the minister goal pages.
    site.write(
        CHAPTER,
        &chapter("## Ungeindsatsen\n\nTekst.\n")
            .replace("title = \"Unge\"", "title = \"Unge mennesker\""),
    );
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());

    // A link to an anchor that does not exist must be reported by a full build.
    site.write(
        CHAPTER,
        &chapter("## Ungeindsatsen\n\n[x](@/kommuner/testrup/2021/_index.md#rk-9)\n"),
    );
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_none());

    // Plans, templates and new files are not rebuilt piecemeal.
    assert!(
        rebuild(
            &mut built,
            &["content/kommuner/testrup/2021/_index.md".to_string()]
        )
        .is_none()
    );
    assert!(
        rebuild(
            &mut built,
            &["themes/default/templates/page.html".to_string()]
        )
        .is_none()
    );
    site.write("content/ny.md", "+++\ntitle = \"Ny\"\n+++\nTekst.\n");
    assert!(rebuild(&mut built, &["content/ny.md".to_string()]).is_none());

    // A body edit still works after all of that.
    site.write(CHAPTER, &chapter("Ændret.\n\n## Ungeindsatsen\n\nTekst.\n"));
    assert!(rebuild(&mut built, &[CHAPTER.to_string()]).is_some());
    assert!(site.read(CHAPTER_PAGE).contains("Ændret."));
}
