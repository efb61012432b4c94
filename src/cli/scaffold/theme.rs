//! `planportal theme`: the built-in theme's files, and which of them the portal changes;
//! `planportal theme FIL…` copies built-in files into `themes/default/` to be changed
//! there. A portal holds only the files it changes (see `planportal::theme`), so this is
//! how a file is taken out to change it. Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use planportal::diagnostics::{Diagnostic, did_you_mean, io_text};
use planportal::theme;

use super::write_new;

/// How a portal stands to one built-in file.
#[derive(Debug, PartialEq, Eq)]
pub enum Standing {
    /// The portal has no file of that name: the built-in one is used.
    BuiltIn,
    /// The portal's file is the same as the built-in one (often left by an older `init`).
    Same(PathBuf),
    /// The portal's own file is used instead.
    Changed(PathBuf),
}

/// Every built-in file (relative to the theme folder, e.g. `templates/base.html`) and how
/// the portal stands to it. The portal's `templates/` and `static/` come before its
/// theme folder, as in the build.
pub fn list(root: &Path, name: &str) -> Vec<(String, Standing)> {
    theme::built_in_files()
        .into_iter()
        .map(|(rel, bytes)| {
            let candidates = [root.join(&rel), root.join("themes").join(name).join(&rel)];
            let standing =
                candidates
                    .into_iter()
                    .find(|p| p.is_file())
                    .map_or(Standing::BuiltIn, |p| match std::fs::read(&p) {
                        Ok(b) if b == bytes => Standing::Same(relative(root, &p)),
                        _ => Standing::Changed(relative(root, &p)),
                    });
            (rel, standing)
        })
        .collect()
}

fn relative(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// Copies the named built-in files into `themes/<name>/` of the portal. Returns the files
/// written, relative to the portal. Refuses, writing nothing, a name that is not a
/// built-in file or a file the portal has already.
pub fn copy_out(root: &Path, name: &str, wanted: &[String]) -> Result<Vec<PathBuf>, Diagnostic> {
    let files = theme::built_in_files();
    let mut chosen = Vec::new();
    for want in wanted {
        let want = want.trim_start_matches("./");
        let want = want
            .strip_prefix(&format!("themes/{name}/"))
            .unwrap_or(want);
        let Some((rel, bytes)) = files.iter().find(|(rel, _)| rel == want) else {
            let d = Diagnostic::error(format!("`{want}` er ikke en fil i standardtemaet"))
                .with_note("`planportal theme` uden navne viser temaets filer");
            return Err(
                match did_you_mean(want, files.iter().map(|(r, _)| r.as_str())) {
                    Some(best) => d.with_help(format!("mente du `{best}`?")),
                    None => d.with_help("skriv stien som i listen, fx templates/base.html"),
                },
            );
        };
        let target = PathBuf::from("themes").join(name).join(rel);
        if root.join(&target).exists() {
            return Err(Diagnostic::error(format!(
                "{} findes allerede; den overskrives ikke",
                target.display()
            ))
            .with_help("omdøb eller slet din fil først, hvis du vil have den indbyggede igen"));
        }
        chosen.push((target, *bytes));
    }
    let mut written = Vec::new();
    for (target, bytes) in chosen {
        write_new(&root.join(&target), bytes).map_err(|e| {
            Diagnostic::error(format!(
                "kan ikke skrive {}: {}",
                target.display(),
                io_text(&e)
            ))
        })?;
        written.push(target);
    }
    Ok(written)
}
