//! The theme: the templates and static files a site is drawn with.
//!
//! planportal carries its default theme inside the binary, and that is always the base.
//! A portal changes it file by file: `themes/<theme>/templates/` and `static/` replace
//! the built-in files of the same name, and the portal's own `templates/` and `static/`
//! replace those again. So a portal holds only the files it changes, and every other
//! file follows planportal when it is upgraded: a new page type brings its template
//! with it, and the search page's script always matches the index the build writes.
//! (Portals made by `init` before this held a whole copy of the theme; see
//! [`SEARCH_SCRIPT_FORMAT`] for the one file such a copy can break.)

use std::path::PathBuf;

use include_dir::{Dir, include_dir};

/// The name of the built-in theme, and of the folder a portal overrides it in.
pub const DEFAULT: &str = "default";

static BUILT_IN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file in the portal.
    Portal(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl Source {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Portal(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            Source::BuiltIn(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}

/// How a built-in file is named in messages: not a path in the portal, so nobody looks
/// for it there.
pub fn built_in_shown(rel: &str) -> String {
    format!("(indbygget i planportal) themes/{DEFAULT}/{rel}")
}

/// The built-in theme's files under `sub` (`templates` or `static`): path relative to
/// `sub` → bytes, sorted.
pub fn built_in(sub: &str) -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = BUILT_IN.get_dir(sub) {
        collect(dir, sub, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every file of the built-in theme, relative to the theme's folder (for `planportal
/// theme`, which copies files out to be changed).
pub fn built_in_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    for sub in ["templates", "static"] {
        out.extend(
            built_in(sub)
                .into_iter()
                .map(|(rel, bytes)| (format!("{sub}/{rel}"), bytes)),
        );
    }
    out
}

fn collect(dir: &'static Dir<'static>, sub: &str, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        if let Ok(rel) = file.path().strip_prefix(sub) {
            out.push((rel.to_string_lossy().replace('\\', "/"), file.contents()));
        }
    }
    for d in dir.dirs() {
        collect(d, sub, out);
    }
}

/// The line by which `search.js` says which index format it reads. The build writes the
/// index in this format; a portal's own `search.js` without this line was written for
/// another one (typically a copy of an older default theme) and would quote the wrong
/// sentences, so the build refuses it and says how to go back to the built-in script.
/// Change the number with the index format (`index::format`) and the built-in script.
pub const SEARCH_SCRIPT_FORMAT: &str = "const INDEX_FORMAT = 2;";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_templates_and_static_files() {
        let templates: Vec<String> = built_in("templates").into_iter().map(|f| f.0).collect();
        assert!(templates.contains(&"base.html".to_string()));
        assert!(templates.contains(&"minister_goal_year.html".to_string()));
        let statics: Vec<String> = built_in("static").into_iter().map(|f| f.0).collect();
        assert!(statics.contains(&"style.css".to_string()));
        assert!(built_in_files().iter().any(|f| f.0 == "static/search.js"));
    }

    #[test]
    fn the_built_in_search_script_reads_the_index_the_build_writes() {
        let (_, script) = built_in("static")
            .into_iter()
            .find(|f| f.0 == "search.js")
            .expect("search.js");
        let script = std::str::from_utf8(script).expect("utf-8");
        assert!(script.contains(SEARCH_SCRIPT_FORMAT));
    }
}
