//! Walking the portal's folders (`content/`, `static/`, the theme) without leaving it:
//! a symbolic link is followed only when it points inside the portal's root, so no
//! file from elsewhere on the machine (`/etc/hostname`, a home folder) is read or
//! published through a link. One rule for every folder; a link out is an error naming
//! the link, and its target is not read.
//!
//! Uses only `walkdir` and `diagnostics`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Decides, entry by entry, whether a walk may follow a symbolic link, and remembers
/// the links it refused.
pub struct Inside {
    /// The root as given, to show paths relative to it.
    given: PathBuf,
    /// The root with links resolved, to compare targets with.
    root: PathBuf,
    refused: RefCell<Vec<PathBuf>>,
}

impl Inside {
    pub fn new(root: &Path) -> Inside {
        Inside {
            given: root.to_path_buf(),
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            refused: RefCell::new(Vec::new()),
        }
    }

    /// For `WalkDir::filter_entry`: false for a link whose target lies outside the root.
    /// A link that cannot be resolved (dangling, a loop) is let through, so the walk
    /// reports it as it reports any unreadable path.
    pub fn allows(&self, entry: &walkdir::DirEntry) -> bool {
        self.allows_path(entry.path(), entry.path_is_symlink())
    }

    /// The same for a path known to be or not to be a link.
    pub fn allows_path(&self, path: &Path, is_link: bool) -> bool {
        if !is_link {
            return true;
        }
        match path.canonicalize() {
            Ok(target) if !target.starts_with(&self.root) => {
                self.refused.borrow_mut().push(path.to_path_buf());
                false
            }
            _ => true,
        }
    }

    /// One error per refused link, its path shown relative to the root.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.refused
            .borrow()
            .iter()
            .map(|path| {
                let shown = path
                    .strip_prefix(&self.given)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| path.display().to_string());
                let target = std::fs::read_link(path)
                    .map(|t| format!(" (til {})", t.display()))
                    .unwrap_or_default();
                Diagnostic::error(format!(
                    "{shown} er et symbolsk link ud af portalen{target}"
                ))
                .with_note("planportal læser intet uden for portalens mappe gennem et link, så intet andet fra maskinen kan blive udgivet")
                .with_help("kopiér filen eller mappen ind i portalen i stedet for at linke til den")
            })
            .collect()
    }
}
