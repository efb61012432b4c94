//! Build script.
//!
//! - Rebuilds the binary when a file `planportal init` embeds changes: `include_dir!`
//!   sees edits to files it already knows, but not files added to or removed from its
//!   folders.
//! - Names the commit for `--version` in `PLANPORTAL_COMMIT`: `git rev-parse --short
//!   HEAD` when built from a git checkout with git installed, else the environment
//!   variable of that name if set (a packager's tarball), else `ukendt`. Nothing else
//!   about the build depends on git, and a missing git never fails it.

use std::path::Path;
use std::process::Command;

fn main() {
    for dir in [
        "themes/default",
        "content/ministermaal",
        "content/maalgrupper",
        "src/cli/scaffold/starter",
    ] {
        println!("cargo:rerun-if-changed={dir}");
    }
    println!("cargo:rerun-if-env-changed=PLANPORTAL_COMMIT");

    let commit = git(&["rev-parse", "--short", "HEAD"])
        .or_else(|| {
            std::env::var("PLANPORTAL_COMMIT")
                .ok()
                .filter(|c| !c.is_empty())
        })
        .unwrap_or_else(|| "ukendt".to_owned());
    println!("cargo:rustc-env=PLANPORTAL_COMMIT={commit}");

    // Run again when HEAD moves: a commit on the branch changes its ref (a loose file,
    // or packed-refs after `git gc`); a checkout changes HEAD itself. In a worktree
    // these live in different folders, which `--git-path` knows.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            let path = Path::new(&path);
            // Relative paths from git are relative to the package folder, where this runs.
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}

/// A git command's trimmed output, or `None` if git is missing, fails or prints nothing.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
