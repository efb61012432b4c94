//! Writing: minify HTML and publish the output atomically.
//!
//! A build writes into a staging folder beside the output (`.public.staging-<pid>`),
//! and only a build without errors swaps it into place. On Linux the swap is one
//! `renameat2(RENAME_EXCHANGE)` call, so a reader (or `serve`) sees either the old site
//! or the new one, never a mix; elsewhere it is two renames. A failed, interrupted or
//! killed build leaves the previous output untouched. A failed build's staging folder
//! is removed when its [`Staging`] is dropped, an interrupted one's by
//! [`remove_unfinished`] (the binary calls it on Ctrl-C), and a killed one's (SIGKILL:
//! no code runs) by the next build.
//!
//! Publishing replaces a whole folder, so [`check_output`] decides first which folder
//! may be replaced: one that is empty, new, or made by an earlier build (every build
//! writes the marker file [`MARKER`]), and never the portal's root, a folder holding
//! it, or its sources. This module may use only `diagnostics` for that one error.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashSet;

use crate::diagnostics::Diagnostic;

/// The marker file every build writes at the top of its output: a folder that has it
/// was made by planportal, and the next build may replace it. Its text never changes,
/// so the output stays byte-identical; it is no page, so no sitemap lists it.
pub const MARKER: &str = ".planportal-build";

const MARKER_TEXT: &str = "Denne mappe er bygget af planportal og erstattes helt ved næste bygning.\n\
Læg ikke egne filer her: skriv dem i portalens content/ eller static/.\n";

/// The folders of a portal a build reads from, which no output may be or lie in.
const SOURCES: [&str; 4] = crate::content::SOURCE_FOLDERS;

/// Refuses an output folder that publishing must not replace, before anything is
/// touched: see the module doc for the rule.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let shown = output.display();
    let refuse = |why: &str, help: &str| {
        Err(Diagnostic::error(format!("kan ikke udgive til {shown}: {why}")).with_help(help))
    };
    let elsewhere = "vælg en anden mappe til sitet, fx `-o public`; intet er rørt";
    if output.exists() && !output.is_dir() {
        return refuse(
            "det er en fil, ikke en mappe",
            "vælg en mappe til sitet, fx `-o public`; filen er ikke rørt",
        );
    }
    let root = lenient_canonical(root);
    let out = lenient_canonical(output);
    if out == root {
        return refuse("det er portalens egen mappe", elsewhere);
    }
    if root.starts_with(&out) {
        return refuse("mappen rummer portalen", elsewhere);
    }
    for source in SOURCES {
        let dir = lenient_canonical(&root.join(source));
        if out == dir {
            return refuse(&format!("det er portalens kildemappe {source}/"), elsewhere);
        }
        if out.starts_with(&dir) {
            return refuse(
                &format!("mappen ligger inde i portalens kildemappe {source}/"),
                elsewhere,
            );
        }
    }
    if output.is_dir() && !is_replaceable(output) {
        return refuse(
            "mappen er ikke tom og er ikke bygget af planportal",
            &format!(
                "vælg en tom eller ny mappe, eller tøm {shown} selv; planportal erstatter kun en \
                 mappe, der er tom eller bygget af planportal (den har filen {MARKER})"
            ),
        );
    }
    Ok(())
}

pub use crate::content::RESERVED;

/// The site-wide files every build writes besides its pages.
pub const SITE_FILES: [&str; 6] = [
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "highlight.css",
    MARKER,
];

/// Files copied as they are (`static/`, the theme's static files, content assets) may
/// not land on a file the build makes, nor on each other: either would silently replace
/// a page, the search index or the other file. `pages` are the pages' output paths;
/// `copies` are (source as shown, output path), the theme's static files already
/// overridden by the site's.
pub fn check_copies(
    pages: &std::collections::HashSet<&str>,
    copies: &[(String, String)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for (source, rel) in copies {
        let generated = pages.contains(rel.as_str())
            || SITE_FILES.contains(&rel.as_str())
            || RESERVED.iter().any(|r| rel.starts_with(r));
        if generated {
            out.push(
                Diagnostic::error(format!(
                    "`{source}` ville erstatte den genererede fil {rel}"
                ))
                .with_note(format!(
                    "portalen laver selv sine sider, {} og alt i {}",
                    SITE_FILES[..4].join(", "),
                    RESERVED.join(" og ")
                ))
                .with_help("omdøb filen eller flyt den til en anden mappe"),
            );
        } else if let Some(first) = seen.insert(rel, source) {
            out.push(
                Diagnostic::error(format!("`{first}` og `{source}` udgives begge til {rel}"))
                    .with_help("omdøb den ene af dem"),
            );
        }
    }
    out
}

/// Whether a folder is empty or an earlier build. Builds before the marker existed are
/// known by what only planportal writes: the feed's `<generator>planportal</generator>`
/// or the search index's `soeg/indeks/meta.json`.
fn is_replaceable(dir: &Path) -> bool {
    let empty = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none());
    empty
        || dir.join(MARKER).is_file()
        || dir.join("soeg/indeks/meta.json").is_file()
        || fs::read_to_string(dir.join("feed.xml"))
            .is_ok_and(|feed| feed.contains("<generator>planportal</generator>"))
}

/// The canonical form of a path that may not exist yet: its deepest existing ancestor
/// canonicalized (symlinks resolved), with the rest appended as written.
fn lenient_canonical(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The largest page, in bytes, that is minified (see [`Staging::write_html`]).
pub const MINIFY_LIMIT: usize = 4 * 1024 * 1024;

/// A folder being filled with the next version of the site. Dropped unpublished (a
/// build that failed, returned early or panicked), it removes itself.
pub struct Staging {
    dir: PathBuf,
    minify: bool,
    cfg: minify_html::Cfg,
    /// Set once the folder is published or thrown away: nothing left to clean up.
    done: bool,
    /// The folders made so far: each is made once, not asked for again with every file
    /// written into it (the search index writes thousands of files into one folder;
    /// each ask was a failed `mkdir` and a `stat`).
    made: Mutex<FxHashSet<PathBuf>>,
}

/// The staging folders of this process's builds still running: what
/// [`remove_unfinished`] removes when the build is interrupted (Ctrl-C).
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Set by [`remove_unfinished`]: from then on no file is written into a staging folder,
/// so the folder can be removed while the build's threads are still running.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// How often, and how far apart, [`remove_unfinished`] tries to remove a folder: a
/// write already under way when the interrupt came may still add a file.
const REMOVE_ATTEMPTS: u32 = 20;
const REMOVE_PAUSE: std::time::Duration = std::time::Duration::from_millis(25);

/// Removes the staging folders of builds still running in this process, for a
/// Ctrl-C or termination handler: the interrupted build leaves the previous output as
/// it was and nothing beside it. Holding the list's lock keeps a new build from
/// starting meanwhile; a file the build writes while the folder is removed can make the
/// first attempt fail, so it tries again. A build killed outright (SIGKILL, power loss)
/// runs no handler: its folder is removed by the next build.
pub fn remove_unfinished() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let Ok(mut dirs) = UNFINISHED.lock() else {
        return;
    };
    for dir in dirs.drain(..) {
        for _ in 0..REMOVE_ATTEMPTS {
            if fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                break;
            }
            std::thread::sleep(REMOVE_PAUSE);
        }
    }
    // The lock stays held until the process exits right after: no publish now.
    std::mem::forget(dirs);
}

fn unfinished(dir: &Path, running: bool) {
    if let Ok(mut dirs) = UNFINISHED.lock() {
        dirs.retain(|d| d != dir);
        if running {
            dirs.push(dir.to_path_buf());
        }
    }
}

impl Staging {
    /// Creates an empty staging folder next to `output`.
    pub fn new(output: &Path, minify: bool) -> io::Result<Staging> {
        let parent = parent_of(output);
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        unfinished(&dir, true);
        let staging = Staging {
            dir,
            minify,
            cfg: minify_config(),
            done: false,
            made: Mutex::default(),
        };
        fs::create_dir_all(&staging.dir)?;
        fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        // Output paths are made by the engine, never taken raw from content; this
        // guard keeps a bug from ever writing outside the staging folder.
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "afbrudt"));
        }
        if rel.split('/').any(|s| s == "..") || rel.starts_with('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {rel}"),
            ));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }

    /// Creates a file to stream into.
    pub fn create(&self, rel: &str) -> io::Result<fs::File> {
        fs::File::create(self.target(rel)?)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.target(rel)?, bytes)
    }

    /// Writes an HTML page, minified when the site asks for it.
    ///
    /// Pages larger than [`MINIFY_LIMIT`] are written as they are: minify-html builds a
    /// tree of the whole page that takes about thirty times the page's size, so one
    /// huge page (a 20 MB plan pasted into one file) would need gigabytes, for a gain
    /// of a few percent.
    pub fn write_html(&self, rel: &str, html: &[u8]) -> io::Result<()> {
        if self.minify && can_minify(html) {
            self.write(rel, &minify_html::minify(html, &self.cfg))
        } else {
            self.write(rel, html)
        }
    }

    pub fn copy(&self, from: &Path, rel: &str) -> io::Result<()> {
        fs::copy(from, self.target(rel)?).map(|_| ())
    }

    /// Swaps the staging folder into `output`'s place and removes the old output.
    pub fn publish(mut self, output: &Path) -> io::Result<()> {
        // An interrupt that came first holds this lock until the process exits, having
        // taken the folder off the list; one that comes now waits for the swap, which
        // leaves the new site whole. Nothing is half published either way.
        let dirs = UNFINISHED.lock();
        if dirs.as_ref().map_or(true, |d| !d.contains(&self.dir)) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "afbrudt"));
        }
        if output.exists() {
            exchange(&self.dir, output)?;
            // `self.dir` now holds the previous site; it goes when `self` is dropped.
        } else {
            fs::rename(&self.dir, output)?;
            self.done = true;
        }
        drop(dirs);
        Ok(())
    }

    /// Throws the staging folder away (a build with errors).
    pub fn abandon(self) {}
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            remove_on_every_core(&self.dir);
        }
        unfinished(&self.dir, false);
    }
}

/// Removes a folder and all below it, the folders two levels down each on a core of
/// its own: the previous site, swapped out by a build, is ten thousand files at
/// 5,000 pages, and removing them on one core was the last tenth of a second of the
/// build, with the other core idle.
fn remove_on_every_core(dir: &Path) {
    use rayon::prelude::*;
    // Each entry with whether it is a folder, by its own type: a symbolic link is
    // removed as a link, never followed (as `remove_dir_all` does).
    let below = |dir: &Path| -> Vec<(PathBuf, bool)> {
        fs::read_dir(dir)
            .map(|entries| {
                (entries.flatten())
                    .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (folders, files): (Vec<_>, Vec<_>) = below(dir).into_iter().partition(|(_, d)| *d);
    let mut parts: Vec<(PathBuf, bool)> = folders.iter().flat_map(|(f, _)| below(f)).collect();
    parts.extend(files);
    parts.into_par_iter().for_each(|(p, is_dir)| {
        let _ = if is_dir {
            fs::remove_dir_all(&p)
        } else {
            fs::remove_file(&p)
        };
    });
    // What is left (the emptied folders, or all of it if a part could not be read).
    let _ = fs::remove_dir_all(dir);
}

/// Copies files as they are (static files, content assets) into the staging folder:
/// (source, output path). A file that cannot be read or written is an error naming it
/// as it is shown to people (relative to `root`), and the others are still copied.
pub fn copy_all(
    staging: &Staging,
    root: &Path,
    copies: impl IntoIterator<Item = (PathBuf, String)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (source, rel) in copies {
        if let Err(e) = staging.copy(&source, &rel) {
            let shown = source.strip_prefix(root).map_or_else(
                |_| source.display().to_string(),
                |r| r.display().to_string(),
            );
            out.push(
                Diagnostic::error(format!(
                    "kan ikke kopiere {shown} til sitet: {}",
                    crate::diagnostics::io_text(&e)
                ))
                .with_help("tjek filens rettigheder, og at den kan åbnes"),
            );
        }
    }
    out
}

/// minify-html recurses once per element level; a page nested deeper than this is
/// written as it is, whatever its source (loading already refuses text nested deeper
/// than `load::markdown::MAX_NESTING`).
const MINIFY_DEPTH: usize = 400;

/// Whether a page is small and shallow enough to minify (see [`Staging::write_html`]).
fn can_minify(html: &[u8]) -> bool {
    html.len() <= MINIFY_LIMIT && crate::text::html::html_depth(html) <= MINIFY_DEPTH
}

fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    cfg
}

/// Replaces one page of a published site in place: written beside it and renamed over
/// it, so a reader gets the old file or the new one, never half of one. For rebuilds
/// after an edit, which touch a few pages of a site that is already published.
pub fn replace_html(output: &Path, rel: &str, html: &[u8], minify: bool) -> io::Result<()> {
    if minify && can_minify(html) {
        replace_file(output, rel, &minify_html::minify(html, &minify_config()))
    } else {
        replace_file(output, rel, html)
    }
}

/// Replaces one file of a published site in place, as [`replace_html`] does.
pub fn replace_file(output: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let (path, tmp) = beside(output, rel)?;
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Files of a published site written anew by a writer that creates them one by one
/// (the open data): each is written beside its old copy, and [`Replacing::finish`]
/// renames them all over their old copies once every one is written.
pub struct Replacing {
    output: PathBuf,
    written: Mutex<Vec<(PathBuf, PathBuf)>>,
}

impl Replacing {
    pub fn new(output: &Path) -> Self {
        Replacing {
            output: output.to_path_buf(),
            written: Mutex::new(Vec::new()),
        }
    }

    pub fn create(&self, rel: &str) -> io::Result<fs::File> {
        let (path, tmp) = beside(&self.output, rel)?;
        let file = fs::File::create(&tmp)?;
        self.lock().push((tmp, path));
        Ok(file)
    }

    /// Puts every file written in its place; on an error removes what is left.
    pub fn finish(self) -> io::Result<()> {
        let written = std::mem::take(&mut *self.lock());
        let mut result = Ok(());
        for (tmp, path) in written {
            if result.is_ok() {
                result = fs::rename(&tmp, &path);
            }
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(PathBuf, PathBuf)>> {
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Replacing {
    /// Files of a replacement that was given up are not left beside the site.
    fn drop(&mut self) {
        for (tmp, _) in self.lock().drain(..) {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Where file `rel` of a published site is, and where its replacement is written first
/// (beside it, so the rename stays on one file system). Refuses a path out of `output`.
fn beside(output: &Path, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
    if rel.split('/').any(|s| s == "..") || rel.starts_with('/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write {rel}"),
        ));
    }
    let path = output.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut tmp = path.clone().into_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    Ok((path, PathBuf::from(tmp)))
}

fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes staging folders left by builds that were killed, unless their process lives.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.staging-");
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename().
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // Filesystems without RENAME_EXCHANGE: fall back to two renames.
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return exchange_by_renames(a, b);
    }
    Err(err)
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(new: &Path, output: &Path) -> io::Result<()> {
    let old = new.with_extension("old");
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(new, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::rename(&old, new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_swaps_and_abandon_keeps_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out, false).unwrap();
        s.write("index.html", b"one").unwrap();
        s.publish(&out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::new(&out, false).unwrap();
        s.write("index.html", b"two").unwrap();
        s.abandon();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::new(&out, false).unwrap();
        s.write("a/b/index.html", b"three").unwrap();
        s.publish(&out).unwrap();
        assert_eq!(fs::read(out.join("a/b/index.html")).unwrap(), b"three");
        assert!(!out.join("index.html").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn the_previous_site_is_removed_whole_at_every_depth() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out, false).unwrap();
        for rel in [
            "index.html",
            "a/index.html",
            "a/b/c/index.html",
            "s/i/r/0.json.gz",
        ] {
            s.write(rel, rel.as_bytes()).unwrap();
        }
        fs::create_dir_all(s.dir().join("empty/below")).unwrap();
        // A link to a folder outside the site: removed as a link, never followed.
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep.txt"), b"keep").unwrap();
        #[cfg(unix)]
        for link in ["linked", "a/linked"] {
            std::os::unix::fs::symlink(&outside, s.dir().join(link)).unwrap();
        }
        s.publish(&out).unwrap();

        let s = Staging::new(&out, false).unwrap();
        s.write("new.html", b"new").unwrap();
        s.publish(&out).unwrap();
        let mut left: Vec<String> = walkdir::WalkDir::new(tmp.path())
            .into_iter()
            .flatten()
            .map(|e| {
                e.path()
                    .strip_prefix(tmp.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "",
                "outside",
                "outside/keep.txt",
                "public",
                "public/.planportal-build",
                "public/new.html"
            ],
            "only the new site is left, and what a link in the old one pointed to"
        );
    }

    #[test]
    fn refuses_paths_outside_the_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public"), false).unwrap();
        assert!(s.write("../x", b"").is_err());
        assert!(s.write("/etc/x", b"").is_err());
    }

    #[test]
    fn item_16_a_file_that_cannot_be_copied_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public"), false).unwrap();
        fs::create_dir_all(tmp.path().join("static")).unwrap();
        fs::write(tmp.path().join("static/ok.css"), "a").unwrap();
        let ds = copy_all(
            &s,
            tmp.path(),
            [
                (tmp.path().join("static/gone.css"), "gone.css".to_string()),
                (tmp.path().join("static/ok.css"), "ok.css".to_string()),
            ],
        );
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(
            ds[0].message,
            "kan ikke kopiere static/gone.css til sitet: findes ikke"
        );
        assert!(s.dir().join("ok.css").is_file());
        s.abandon();
    }

    #[test]
    fn stale_staging_folders_of_dead_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let stale = tmp.path().join(".public.staging-999999999");
        fs::create_dir_all(&stale).unwrap();
        let s = Staging::new(&tmp.path().join("public"), false).unwrap();
        assert!(!stale.exists());
        s.abandon();
    }
}
