//! The editor's only way to the file system: a path from a request is checked here
//! before anything is read or written, and writes are atomic.
//!
//! A path is relative to `content/`, made of plain segments (no `.`, `..`, backslash,
//! NUL, colon or empty segment), ends in `.md`, and once canonicalised lies inside the
//! canonical `content/`; a symlink is refused even when it points inside. Writes go to a
//! temporary file in the same folder (its name starts with `.`, which `serve`'s watcher
//! ignores) and are renamed over the target in one step.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A checked path of a Markdown file inside `content/`.
#[derive(Clone, Debug)]
pub struct ContentFile {
    /// Relative to `content/`, with `/` separators: `kommuner/x/2021/_index.md`.
    pub rel: String,
    pub abs: PathBuf,
}

/// Why a path was refused (shown to the author; never echoes the file system).
pub const REFUSED: &str = "stien er ikke en fil i content/";

/// Checks `rel` (from a request) and returns the file it names inside `content/`.
/// `must_exist`: the file is read or rewritten (else it is created, and its folder must
/// exist or be creatable inside `content/`).
pub fn checked(root: &Path, rel: &str, must_exist: bool) -> Result<ContentFile, &'static str> {
    let rel = rel.trim();
    if rel.is_empty() || rel.starts_with('/') || !rel.ends_with(".md") || rel.len() > 400 {
        return Err(REFUSED);
    }
    for seg in rel.split('/') {
        if seg.is_empty()
            || seg == "."
            || seg == ".."
            || seg.starts_with('.')
            || seg.contains(['\\', '\0', ':'])
            || seg.chars().any(char::is_control)
        {
            return Err(REFUSED);
        }
    }
    let content = root.join("content");
    let Ok(content_real) = content.canonicalize() else {
        return Err(REFUSED);
    };
    let abs = content.join(rel);
    // Every existing step of the way must be a real folder inside content/, not a link.
    let mut at = content.clone();
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        at.push(seg);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(REFUSED),
            Ok(m) if i + 1 < segments.len() && !m.is_dir() => return Err(REFUSED),
            Ok(m) if i + 1 == segments.len() && !m.is_file() => return Err(REFUSED),
            Ok(_) => {}
            Err(_) if must_exist => return Err(REFUSED),
            Err(_) => break,
        }
    }
    if must_exist {
        match abs.canonicalize() {
            Ok(real) if real.starts_with(&content_real) => {}
            _ => return Err(REFUSED),
        }
    }
    Ok(ContentFile {
        rel: rel.to_string(),
        abs,
    })
}

/// A short hash of a file's bytes: the form carries it, and a save is refused when the
/// file on disk no longer has it.
pub fn hash(bytes: &[u8]) -> String {
    crate::text::content_hash(bytes)
}

/// Writes `text` to `file` atomically: a temporary file beside it, renamed over it.
/// `create`: the file must not exist yet (never overwrites someone's file).
pub fn write_atomic(file: &ContentFile, text: &str, create: bool) -> io::Result<()> {
    let dir = file
        .abs
        .parent()
        .ok_or_else(|| io::Error::other("ingen mappe"))?;
    if create {
        std::fs::create_dir_all(dir)?;
        if std::fs::symlink_metadata(&file.abs).is_ok() {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".planportal-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if create {
        tmp.persist_noclobber(&file.abs).map_err(|e| e.error)?;
    } else {
        tmp.persist(&file.abs).map_err(|e| e.error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_content() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/kommuner/a/2021")).expect("mkdir");
        std::fs::write(root.join("content/kommuner/a/2021/_index.md"), "+++\n+++\n").expect("w");
        std::fs::write(root.join("config.toml"), "x").expect("w");
        assert!(checked(root, "kommuner/a/2021/_index.md", true).is_ok());
        for bad in [
            "../config.toml",
            "kommuner/../../config.toml",
            "/etc/passwd",
            "kommuner/a/2021/_index.txt",
            "kommuner\\a.md",
            "kommuner/a/./2021/_index.md",
            "kommuner//a.md",
            "kommuner/a/2021/nope.md",
            "c:/x.md",
            "kommuner/.skjult.md",
        ] {
            assert!(checked(root, bad, true).is_err(), "{bad}");
        }
        assert!(checked(root, "kommuner/a/2022/_index.md", false).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).expect("mkdir");
        std::fs::write(root.join("secret.md"), "s").expect("w");
        std::os::unix::fs::symlink(root.join("secret.md"), root.join("content/s.md")).expect("ln");
        std::os::unix::fs::symlink(root, root.join("content/ud")).expect("ln");
        assert!(checked(root, "s.md", true).is_err());
        assert!(checked(root, "ud/secret.md", true).is_err());
        assert!(checked(root, "ud/new.md", false).is_err());
    }
}
