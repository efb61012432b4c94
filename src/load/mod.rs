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
pub mod markdown;
pub mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::text::slug::{is_slug, slugify};
use front_matter::{
    ChapterFront, MinisterGoalFront, MunicipalityFront, PageFront, PlanFront, Split,
    TargetGroupFront,
};
use markdown::{Highlighter, InitiativeMark, MarkdownOptions, Rendered, UrlMap};

/// Where a file sits in the plan domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// `_index.md` of an ordinary folder (or the front page, or a domain list page).
    Section,
    Page,
    MinisterGoal {
        slug: String,
    },
    TargetGroup {
        slug: String,
    },
    Municipality {
        slug: String,
    },
    Plan {
        municipality: String,
        year: i32,
    },
    Chapter {
        municipality: String,
        year: i32,
        slug: String,
        prefix: Option<i64>,
    },
}

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
}

impl Doc {
    pub fn body(&self) -> &str {
        &self.file.text[self.split.body.clone()]
    }

    pub fn is_draft(&self) -> bool {
        match &self.front {
            Front::Page(p) => p.draft,
            Front::Plan(p) => p.draft,
            Front::Chapter(c) => c.draft,
            Front::Municipality(m) => m.draft,
            _ => false,
        }
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
    let highlighter = Highlighter::default();
    let rendered: Vec<(Rendered, Vec<Diagnostic>)> = docs
        .par_iter()
        .map(|d| {
            let marks = initiative_marks(d);
            markdown::render(
                &d.file,
                d.split.body.clone(),
                &urls,
                &marks,
                opts.markdown,
                &highlighter,
            )
        })
        .collect();
    for (doc, (md, ds)) in docs.iter_mut().zip(rendered) {
        doc.md = md;
        diags.extend(ds);
    }
    Loaded {
        docs,
        broken,
        urls,
        assets,
        highlighter,
    }
}

/// Drops the documents' rendered HTML once the linked site holds it (pages share it;
/// chapters hold their own copy, with initiatives filled in), halving what a large
/// build keeps in memory.
pub fn release_html(docs: &mut [Doc]) {
    for doc in docs {
        doc.md.html = std::sync::Arc::from("");
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
    // A byte order mark is invisible in editors; it must not hide the front matter.
    let text = match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    };
    let file = SourceFile::new(shown, lone_cr_to_lf(text));
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
    })
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

/// Decides what a file is from where it sits.
pub fn place_of(rel: &str) -> Result<Place, Diagnostic> {
    let parts: Vec<&str> = rel.split('/').collect();
    // A name with no letter or digit (`!!!.md`, `¿¿/`) would vanish from the address
    // and land on another page's (`/` or `/om/`).
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = if last {
            part.trim_end_matches(".md")
        } else {
            part
        };
        if name != "_index" && !is_slug(name) && slugify(name).is_empty() {
            let what = if last { "filen" } else { "mappen" };
            return Err(Diagnostic::error(format!("`{name}` giver et tomt adressenavn"))
                .with_note("adressen dannes af fil- og mappenavnene, og dette navn har ingen bogstaver eller cifre")
                .with_help(format!("omdøb {what} `{name}`, så navnet har bogstaver eller cifre")));
        }
    }
    let stem = |name: &str| name.trim_end_matches(".md").to_string();
    let slug_of = |name: &str, what: &str| -> Result<String, Diagnostic> {
        let s = stem(name);
        if is_slug(&s) {
            Ok(s)
        } else {
            Err(Diagnostic::error(format!("`{s}` kan ikke være adressenavn for {what}"))
                .with_note("forventede små bogstaver a-z, cifre og enkelte bindestreger (æ→ae, ø→oe, å→aa)")
                .with_help(format!("omdøb den til `{}`", slugify(&s))))
        }
    };
    match parts.as_slice() {
        [_] if parts[0] == "_index.md" => Ok(Place::Section),
        [domain, "_index.md"] if ["ministermaal", "maalgrupper", "kommuner"].contains(domain) => Ok(Place::Section),
        ["ministermaal", name] => Ok(Place::MinisterGoal {
            slug: slug_of(name, "et ministermål")?,
        }),
        ["maalgrupper", name] => Ok(Place::TargetGroup {
            slug: slug_of(name, "en målgruppe")?,
        }),
        ["ministermaal" | "maalgrupper", ..] => Err(Diagnostic::error(format!(
            "uventet fil `content/{rel}`"
        ))
        .with_note("ministermål og målgrupper er filer direkte i content/ministermaal/ og content/maalgrupper/")),
        ["kommuner", kommune, "_index.md"] => Ok(Place::Municipality {
            slug: slug_of(kommune, "en kommune")?,
        }),
        ["kommuner", kommune, year, name] => {
            let municipality = slug_of(kommune, "en kommune")?;
            let year: i32 = year.parse().ok().filter(|y| (1900..=2100).contains(y) && year.len() == 4).ok_or_else(|| {
                Diagnostic::error(format!("`{year}` er ikke et planår"))
                    .with_note("en kommunes planer er mapper med årstallet som navn: content/kommuner/<kommune>/2022/_index.md")
            })?;
            if *name == "_index.md" {
                return Ok(Place::Plan { municipality, year });
            }
            let s = stem(name);
            let (prefix, rest) = split_number_prefix(&s);
            let slug = slug_of(rest, "et kapitel")?;
            Ok(Place::Chapter {
                municipality,
                year,
                slug,
                prefix,
            })
        }
        ["kommuner", ..] => Err(Diagnostic::error(format!("uventet fil `content/{rel}`")).with_note(
            "forventede content/kommuner/<kommune>/_index.md, …/<år>/_index.md eller …/<år>/<kapitel>.md",
        )),
        [.., "_index.md"] => Ok(Place::Section),
        _ => Ok(Place::Page),
    }
}

/// `03-unge` → (Some(3), "unge"); `unge` → (None, "unge").
fn split_number_prefix(stem: &str) -> (Option<i64>, &str) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < stem.len() && stem.as_bytes()[digits] == b'-' {
        (stem[..digits].parse().ok(), &stem[digits + 1..])
    } else {
        (None, stem)
    }
}

/// The site path of a file: folders become path segments, `_index.md` is the folder's
/// page, and every page is a folder with an `index.html` (`/om/`).
fn url_path(rel: &str, place: &Place) -> String {
    match place {
        Place::Chapter {
            municipality,
            year,
            slug,
            ..
        } => format!("/kommuner/{municipality}/{year}/{slug}/"),
        _ => {
            let without = rel.trim_end_matches(".md");
            let without = without.strip_suffix("_index").unwrap_or(without);
            let segments: Vec<String> = without
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if is_slug(s) {
                        s.to_string()
                    } else {
                        slugify(s)
                    }
                })
                .collect();
            if segments.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", segments.join("/"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_tree() {
        assert_eq!(place_of("_index.md").unwrap(), Place::Section);
        assert_eq!(place_of("kommuner/_index.md").unwrap(), Place::Section);
        assert_eq!(
            place_of("ministermaal/opkvalificering.md").unwrap(),
            Place::MinisterGoal {
                slug: "opkvalificering".into()
            }
        );
        assert_eq!(
            place_of("kommuner/helsingoer/2021/_index.md").unwrap(),
            Place::Plan {
                municipality: "helsingoer".into(),
                year: 2021
            }
        );
        assert_eq!(
            place_of("kommuner/helsingoer/2021/03-unge.md").unwrap(),
            Place::Chapter {
                municipality: "helsingoer".into(),
                year: 2021,
                slug: "unge".into(),
                prefix: Some(3)
            }
        );
        assert_eq!(place_of("om.md").unwrap(), Place::Page);
        assert_eq!(place_of("hjaelp/_index.md").unwrap(), Place::Section);
    }

    #[test]
    fn misplaced_files_are_explained() {
        let d = place_of("kommuner/helsingør/_index.md").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("omdøb den til `helsingoer`"));
        let d = place_of("kommuner/helsingoer/plan/_index.md").unwrap_err();
        assert!(d.message.contains("ikke et planår"));
        assert!(place_of("kommuner/helsingoer/noter.md").is_err());
    }

    #[test]
    fn urls_follow_paths() {
        let url = |rel: &str| url_path(rel, &place_of(rel).unwrap());
        assert_eq!(url("_index.md"), "/");
        assert_eq!(url("om.md"), "/om/");
        assert_eq!(url("ministermaal/_index.md"), "/ministermaal/");
        assert_eq!(url("kommuner/a/2021/_index.md"), "/kommuner/a/2021/");
        assert_eq!(url("kommuner/a/2021/03-unge.md"), "/kommuner/a/2021/unge/");
        assert_eq!(url("Hjælp/Søg.md"), "/hjaelp/soeg/");
    }

    #[test]
    fn number_prefixes() {
        assert_eq!(split_number_prefix("03-unge"), (Some(3), "unge"));
        assert_eq!(split_number_prefix("unge"), (None, "unge"));
        assert_eq!(split_number_prefix("2021"), (None, "2021"));
        assert_eq!(split_number_prefix("10-"), (Some(10), ""));
    }
}
