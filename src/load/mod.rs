//! Loading: walk `content/`, read every file, split and parse its front matter into the
//! type its place in the tree asks for, and render its Markdown.
//!
//! Where a file sits decides what it is (see `docs/content-model.md`): `ministermaal/x.md`
//! is a minister goal, `kommuner/k/2021/_index.md` a plan, and so on. The URL of every
//! file follows from its path alone, so all URLs are known before any Markdown is
//! rendered, and rendering runs in parallel.

pub mod active;
mod author_hints;
pub mod front_matter;
pub mod images;
pub mod markdown;
pub mod shortcodes;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::url_path;
pub use crate::content::{Place, place_of};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::text::packed::Packed;
use front_matter::{
    ChapterFront, MinisterGoalFront, MunicipalityFront, PageFront, PlanFront, Split,
    TargetGroupFront,
};
use markdown::{Highlighter, InitiativeMark, MarkdownOptions, Rendered, UrlMap};

#[derive(Debug)]
pub enum Front {
    Page(PageFront),
    MinisterGoal(MinisterGoalFront),
    TargetGroup(TargetGroupFront),
    Municipality(MunicipalityFront),
    Plan(PlanFront),
    Chapter(ChapterFront),
}

/// One content file, loaded.
#[derive(Debug)]
pub struct Doc {
    pub file: SourceFile,
    /// Path relative to `content/`, with `/` separators: `kommuner/x/2021/_index.md`.
    pub rel: String,
    pub place: Place,
    pub split: Split,
    pub front: Front,
    /// The site path, `/kommuner/x/2021/`, without the base URL's path prefix.
    pub path: String,
    pub md: Rendered,
    /// Where the file was read from and how long its text was, once [`load`] has let
    /// its Markdown body go (see [`Doc::whole_file`]); `None` while `file` is whole.
    released: Option<Released>,
}

/// What finds a document's whole text again after its body was let go.
#[derive(Debug)]
struct Released {
    path: PathBuf,
    len: usize,
}

impl Doc {
    pub fn is_draft(&self) -> bool {
        match &self.front {
            Front::Page(p) => p.draft,
            Front::Plan(p) => p.draft,
            Front::Chapter(c) => c.draft,
            Front::Municipality(m) => m.draft,
            _ => false,
        }
    }

    /// The file whole, as it was loaded: what a diagnostic about the Markdown body
    /// points into (a heading, a link). Once loading has let the body go, the file is
    /// read again for this, which only a problem in the body needs. Should the file
    /// have changed on disk since, the text as far as the front matter is all there is.
    pub fn whole_file(&self) -> SourceFile {
        let Some(released) = &self.released else {
            return self.file.clone();
        };
        let again = std::fs::read(&released.path)
            .ok()
            .and_then(|bytes| crate::diagnostics::decode(&self.file.path, bytes).ok())
            .map(as_loaded);
        match again {
            Some(text) if text.len() == released.len && text.starts_with(&*self.file.text) => {
                SourceFile::new(self.file.path.clone(), text)
            }
            _ => self.file.clone(),
        }
    }

    /// Keeps of the text only the front matter, once the body is rendered: the bodies
    /// are most of a portal's text (112 of 130 MB at 20,000 pages), held through
    /// linking only for the rare diagnostic that points into one. A document with a
    /// placeholder keeps its text whole: the placeholder check reads it all.
    fn release_body(&mut self, path: &Path) {
        let end = self.split.body.start;
        let text = &self.file.text;
        if end >= text.len() || text.contains(crate::content::PLACEHOLDER) {
            return;
        }
        self.released = Some(Released {
            path: path.to_path_buf(),
            len: text.len(),
        });
        self.file.text = std::sync::Arc::from(&text[..end]);
        self.split.body = end..end;
    }
}

/// A file in `content/` that is not Markdown: copied to the output next to its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub rel: String,
}

pub struct Loaded {
    pub docs: Vec<Doc>,
    /// Markdown files that could not be loaded (their errors are reported). Later
    /// stages treat them as present, so one broken file does not cascade into errors
    /// about links to it or chapters without their plan.
    pub broken: std::collections::BTreeSet<String>,
    /// Where `@/` links go: every document's URL.
    pub urls: UrlMap,
    pub assets: Vec<Asset>,
    /// The assets as pictures and chart data are looked up in them.
    pub files: images::Files,
    pub highlighter: Highlighter,
}

/// Everything the loader needs to know about the site.
pub struct LoadOptions<'a> {
    pub root: &'a Path,
    pub markdown: MarkdownOptions,
    pub drafts: bool,
    /// The base URL's path (`""` or `/planportal`), put in front of every link.
    pub prefix: &'a str,
}

pub fn load(opts: &LoadOptions, diags: &mut Diagnostics) -> Loaded {
    let content = opts.root.join("content");
    let (md_files, assets) = walk(&content, opts.root, diags);

    // Read and parse front matter in parallel; results keep the sorted walk order.
    let results: Vec<Result<Doc, Vec<Diagnostic>>> = md_files
        .par_iter()
        .map(|(abs, rel)| read_doc(abs, rel))
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut broken = std::collections::BTreeSet::new();
    for (r, (_, rel)) in results.into_iter().zip(&md_files) {
        match r {
            Ok(doc) => docs.push(doc),
            Err(ds) => {
                broken.insert(rel.clone());
                diags.extend(ds);
            }
        }
    }

    // Drafts (and the chapters of a draft plan, the plans of a draft municipality) are
    // left out unless asked for.
    if !opts.drafts {
        // Without its front page a site has no index.html: a host shows an error or a
        // folder listing at its address.
        if let Some(front) = docs.iter().find(|d| d.rel == "_index.md" && d.is_draft()) {
            let within = &front.file.text[front.split.front.clone()];
            let at = within.find("draft").map_or(0..0, |i| {
                front.split.front.start + i..front.split.front.start + i + 5
            });
            diags.push(
                Diagnostic::error("forsiden er en kladde, så sitet får ingen forside (index.html)")
                    .in_file(&front.file)
                    .at(at)
                    .with_help("fjern `draft = true`, når forsiden skal udgives; byg med --drafts for at se kladder"),
            );
        }
        let draft_plans: Vec<String> = docs
            .iter()
            .filter(|d| {
                d.is_draft() && matches!(d.place, Place::Plan { .. } | Place::Municipality { .. })
            })
            .map(|d| d.rel.trim_end_matches("_index.md").to_string())
            .collect();
        docs.retain(|d| {
            !d.is_draft() && !draft_plans.iter().any(|p| d.rel.starts_with(p.as_str()))
        });
    }

    let mut urls: UrlMap = docs
        .iter()
        .map(|d| (d.rel.clone(), format!("{}{}", opts.prefix, d.path)))
        .collect();
    for rel in &broken {
        if let Ok(place) = place_of(rel) {
            urls.insert(
                rel.clone(),
                format!("{}{}", opts.prefix, url_path(rel, &place)),
            );
        }
    }
    let files = images::Files::new(&assets, opts.prefix);
    let highlighter = Highlighter::default();
    let sources: std::collections::HashMap<&str, &Path> = md_files
        .iter()
        .map(|(abs, rel)| (rel.as_str(), abs.as_path()))
        .collect();
    // Each body is let go on the thread that rendered it, so its room is free for the
    // next document that thread reads.
    let problems: Vec<Vec<Diagnostic>> = docs
        .par_iter_mut()
        .map(|d| {
            let marks = initiative_marks(d);
            let (mut md, ds) = markdown::render_with_files(
                &d.file,
                d.split.body.clone(),
                &urls,
                &files,
                &marks,
                opts.markdown,
                &highlighter,
            );
            if matches!(d.place, Place::Chapter { .. }) {
                let mut packed = Packed::plain(std::mem::take(&mut md.html));
                packed.pack();
                md.packed = Some(packed);
            }
            d.md = md;
            if let Some(path) = sources.get(d.rel.as_str()) {
                d.release_body(path);
            }
            ds
        })
        .collect();
    diags.extend(problems.into_iter().flatten());
    Loaded {
        docs,
        broken,
        urls,
        assets,
        files,
        highlighter,
    }
}

/// Once the site is linked, lets each document's HTML go: the site holds the HTML its
/// pages show. (The Markdown bodies went as soon as they were rendered: see
/// [`Doc::whole_file`].)
pub fn release_html(docs: &mut [Doc]) {
    for doc in docs {
        doc.md.html = std::sync::Arc::from("");
        doc.md.packed = None;
    }
}

pub(crate) fn initiative_marks(doc: &Doc) -> Vec<InitiativeMark> {
    let Front::Chapter(ch) = &doc.front else {
        return Vec::new();
    };
    let heading_of =
        |i: &front_matter::InitiativeFront| i.heading.as_ref().unwrap_or(&i.title).value.clone();
    // How many initiatives point at each heading, counted once (counting per
    // initiative made a chapter of 20,000 initiatives take minutes).
    let keys: Vec<String> = ch
        .initiatives
        .iter()
        .map(|i| markdown::heading_key(&heading_of(i)))
        .collect();
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in &keys {
        *counts.entry(k.as_str()).or_default() += 1;
    }
    ch.initiatives
        .iter()
        .zip(&keys)
        .map(|(i, k)| {
            let heading = heading_of(i);
            let sharing = counts.get(k.as_str()).copied().unwrap_or(1);
            // A heading several initiatives point at keeps its own id and a plural label.
            InitiativeMark {
                id: if sharing == 1 {
                    i.id.as_ref().map(|id| id.value.clone())
                } else {
                    None
                },
                kind: if sharing == 1 {
                    i.kind.danish()
                } else {
                    "Indsatser"
                },
                heading,
            }
        })
        .collect()
}

/// Lists `.md` files and assets under `content/`, sorted, skipping hidden and editor
/// files. Unreadable folders and symlink loops become diagnostics.
fn walk(
    content: &Path,
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<(PathBuf, String)>, Vec<Asset>) {
    let mut md = Vec::new();
    let mut assets = Vec::new();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(format!(
                "der er ingen content-mappe i {}",
                content.display()
            ))
            .with_help(crate::diagnostics::RUN_IN_A_PORTAL),
        );
        return (md, assets);
    }
    let inside = walk::Inside::new(root);
    let walker = walkdir::WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            (e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()))
                && inside.allows(e)
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(content, p))
                    .unwrap_or_else(|| "content".into());
                let what = if e.loop_ancestor().is_some() {
                    "et symbolsk link peger tilbage på en mappe over det".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), crate::diagnostics::io_text)
                };
                diags.push(
                    Diagnostic::error(format!("kan ikke læse {path}: {what}"))
                        .with_help("fjern linket, eller ret filens rettigheder"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(content) {
            Ok(r) => r.to_string_lossy().replace('\\', "/"),
            Err(_) => continue,
        };
        if rel.ends_with(".md") {
            md.push((entry.path().to_path_buf(), rel));
        } else {
            assets.push(Asset {
                source: entry.path().to_path_buf(),
                rel,
            });
        }
    }
    diags.extend(inside.diagnostics());
    (md, assets)
}

fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn display_path(content: &Path, p: &Path) -> String {
    match p.strip_prefix(content) {
        Ok(r) => format!("content/{}", r.to_string_lossy().replace('\\', "/")),
        Err(_) => p.display().to_string(),
    }
}

/// Reads one Markdown file and parses its front matter.
pub(crate) fn read_doc(abs: &Path, rel: &str) -> Result<Doc, Vec<Diagnostic>> {
    let shown = format!("content/{rel}");
    let bytes = std::fs::read(abs).map_err(|e| {
        let help = if e.kind() == std::io::ErrorKind::PermissionDenied {
            "tjek filens rettigheder"
        } else {
            "tjek, at filen kan åbnes i en editor, og at netværksdrevet er forbundet, hvis den ligger på et"
        };
        vec![Diagnostic::error(format!("kan ikke læse {shown}: {}", crate::diagnostics::io_text(&e))).with_help(help)]
    })?;
    let text = crate::diagnostics::decode(&shown, bytes).map_err(|d| vec![d])?;
    doc_from_text(rel, text)
}

/// One Markdown file's document from its text: as read from disk, or as the editor
/// holds it before saving (its live check).
pub(crate) fn doc_from_text(rel: &str, text: String) -> Result<Doc, Vec<Diagnostic>> {
    let shown = format!("content/{rel}");
    let file = SourceFile::new(shown, as_loaded(text));
    let place = place_of(rel).map_err(|d| vec![d.in_file(&file)])?;
    let split = front_matter::split(&file.text, &file).map_err(|d| vec![d])?;
    let front = parse_front(&file, &split, &place).map_err(|d| vec![d])?;
    let path = url_path(rel, &place);
    Ok(Doc {
        file,
        rel: rel.to_string(),
        place,
        split,
        front,
        path,
        md: Rendered::default(),
        released: None,
    })
}

/// A file's text as documents hold it: without a byte order mark (invisible in
/// editors, it must not hide the front matter), and with a lone CR as a line break.
fn as_loaded(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    lone_cr_to_lf(text)
}

/// Line breaks of a lone CR (old Mac files, some exports) become LF, byte for byte, so
/// the front matter is found and every line and column stays where it was.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only an ASCII byte was replaced by another: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

fn parse_front(file: &SourceFile, split: &Split, place: &Place) -> Result<Front, Diagnostic> {
    use front_matter::parse;
    Ok(match place {
        Place::Section | Place::Page => Front::Page(parse(file, split)?),
        Place::MinisterGoal { .. } => Front::MinisterGoal(parse(file, split)?),
        Place::TargetGroup { .. } => Front::TargetGroup(parse(file, split)?),
        Place::Municipality { .. } => Front::Municipality(parse(file, split)?),
        Place::Plan { .. } => Front::Plan(parse(file, split)?),
        Place::Chapter { .. } => Front::Chapter(parse(file, split)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_from(root: &Path) -> Loaded {
        let options = LoadOptions {
            root,
            markdown: MarkdownOptions {
                allow_html: false,
                highlight_code: false,
            },
            drafts: false,
            prefix: "",
        };
        load(&options, &mut Diagnostics::default())
    }

    #[test]
    fn a_body_is_let_go_once_rendered_and_read_again_for_a_diagnostic() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("content")).unwrap();
        let path = root.path().join("content/om.md");
        // A byte order mark and a lone CR: read again, the text is as it was loaded.
        std::fs::write(&path, "\u{feff}+++\ntitle = \"Om\"\n+++\n## Mål\rTekst.\n").unwrap();
        let loaded = load_from(root.path());
        let doc = &loaded.docs[0];
        assert_eq!(&*doc.file.text, "+++\ntitle = \"Om\"\n+++\n");
        assert_eq!(doc.md.headings[0].text, "Mål");
        let whole = doc.whole_file();
        assert_eq!(&*whole.text, "+++\ntitle = \"Om\"\n+++\n## Mål\nTekst.\n");
        assert_eq!(whole.path, "content/om.md");

        // Changed since it was loaded: the text loaded is all there is.
        std::fs::write(&path, "+++\ntitle = \"Om\"\n+++\n## Andet\n").unwrap();
        assert_eq!(&*doc.whole_file().text, "+++\ntitle = \"Om\"\n+++\n");
    }

    #[test]
    fn a_document_with_a_placeholder_keeps_its_text_for_the_check() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("content")).unwrap();
        let text = "+++\ntitle = \"Om\"\n+++\nUDFYLD: en tekst.\n";
        std::fs::write(root.path().join("content/om.md"), text).unwrap();
        let loaded = load_from(root.path());
        assert_eq!(&*loaded.docs[0].file.text, text);
    }
}
