//! Watching the sources: which changed paths a build reads from, and the builder
//! thread's loop that rebuilds once per batch of changes (in part when the edit allows
//! it, the search index right after the pages; whole otherwise).

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::DebounceEventResult;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};

use planportal::BuildOptions;

use crate::ui::Verbosity;

use super::Shared;
use super::status::{Notify, after_build};

/// The folders and file a site is made from; a change in any of them rebuilds.
pub(super) const WATCHED: [&str; 5] = {
    let s = planportal::content::SOURCE_FOLDERS;
    [s[0], s[1], s[2], s[3], "config.toml"]
};

/// Waits for changes and rebuilds, until the server stops.
pub(super) fn rebuild_loop(
    changes: &mpsc::Receiver<DebounceEventResult>,
    root: &Path,
    opts: &BuildOptions,
    mut built: Option<planportal::Built>,
    shared: &Shared,
    verbosity: Verbosity,
    debouncer: &mut notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
) {
    while !shared.stopping.load(Ordering::SeqCst) {
        let batch = match changes.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut changed = relevant_paths(root, batch);
        // Everything that arrived meanwhile belongs to the same rebuild.
        while let Ok(more) = changes.try_recv() {
            changed.extend(relevant_paths(root, more));
        }
        if changed.is_empty() {
            continue;
        }
        changed.sort();
        changed.dedup();
        // A watched folder created after the start (say templates/) is watched from now.
        for name in WATCHED {
            let path = root.join(name);
            if path.is_dir() && changed.iter().any(|c| c == name) {
                let _ = debouncer.watch(&path, RecursiveMode::Recursive);
            }
        }
        if verbosity == Verbosity::Verbose {
            eprintln!("Ændret: {}", changed.join(", "));
        } else if verbosity > Verbosity::Quiet {
            let more = if changed.len() > 1 {
                format!(" og {} andre", changed.len() - 1)
            } else {
                String::new()
            };
            eprintln!("Ændret: {}{more} – bygger igen", changed[0]);
        }
        // Only what the edit affects, when that is enough; otherwise everything. While
        // the site has errors, every edit gets a full build, which reports them all.
        let fast = if shared.status().overlay.is_none() {
            built
                .as_mut()
                .and_then(|b| planportal::rebuild::rebuild(b, &changed))
        } else {
            None
        };
        if let Some(report) = fast {
            after_build(shared, &report, verbosity, Notify::Always);
            // The pages are shown; the search index follows, in part.
            let start = Instant::now();
            if let Some(records) = built.as_mut().and_then(planportal::rebuild::search_index) {
                if verbosity == Verbosity::Verbose {
                    let ms = start.elapsed().as_millis();
                    eprintln!("Søgeindekset er opdateret ({records} poster) på {ms} ms");
                }
                continue;
            }
        }
        let (report, fresh) = planportal::build_keeping(opts);
        after_build(shared, &report, verbosity, Notify::Always);
        if fresh.is_some() {
            built = fresh;
        }
    }
}

/// The changed paths (relative to the root) of one batch that a build reads from.
fn relevant_paths(root: &Path, batch: DebounceEventResult) -> Vec<String> {
    let Ok(events) = batch else {
        // The watcher lost track (too many changes at once): rebuild to be safe.
        return vec!["(flere filer)".to_string()];
    };
    let mut out = Vec::new();
    for event in events {
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            continue;
        }
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let top = rel.split('/').next().unwrap_or("");
            if !WATCHED.contains(&top) || is_editor_noise(&rel) {
                continue;
            }
            out.push(rel);
        }
    }
    out
}

/// Backup, swap and lock files editors write next to the file being edited.
fn is_editor_noise(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || (name.starts_with('.') && name != ".well-known")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_do_not_rebuild() {
        assert!(is_editor_noise("content/.a.md.swp"));
        assert!(is_editor_noise("content/a.md~"));
        assert!(is_editor_noise("content/4913"));
        assert!(is_editor_noise("content/.#a.md"));
        assert!(!is_editor_noise("content/a.md"));
    }
}
