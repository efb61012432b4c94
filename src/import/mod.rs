//! `planportal import`: from the plan the council adopted (DOCX, PDF, text or OCR'd
//! text) to a draft plan in `content/kommuner/<slug>/<year>/`, and a Danish report of
//! what was found and what a person must read before publishing.
//!
//! The stages, one module each: reading the file ([`docx`], [`pdf`], or text as is)
//! into Markdown-like text; [`text`] into blocks; [`structure`] into chapters; [`ocr`]
//! repairing the Danish letters of OCR'd text; [`promises`] finding targets, goals and
//! initiatives; [`links`] suggesting minister goals and target groups; [`draft`]
//! putting the files together and [`write`] writing them. This module checks the
//! input, runs the stages and builds the [`Report`]. It may use the crate's
//! diagnostics and slugs; it does not touch the build.

pub mod docx;
pub mod draft;
pub mod links;
pub mod measure;
mod numbers;
pub mod ocr;
pub mod pdf;
pub mod promises;
mod report;
pub mod structure;
pub mod text;
pub mod write;

pub use report::{ChapterReport, InitiativeReport, LinkReport, Report, render};

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, io_text};
use crate::text::slug::slugify;

/// Files above this size are refused before they are read.
pub const MAX_INPUT: u64 = 200 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Options {
    pub file: PathBuf,
    pub kommune: String,
    pub year: i32,
    pub navn: Option<String>,
    pub root: PathBuf,
    pub force: bool,
    /// The hunspell dictionary's base path (without `.aff`/`.dic`).
    pub dictionary: PathBuf,
}

impl Options {
    pub fn new(
        file: impl Into<PathBuf>,
        kommune: &str,
        year: i32,
        root: impl Into<PathBuf>,
    ) -> Self {
        Options {
            file: file.into(),
            kommune: kommune.to_string(),
            year,
            navn: None,
            root: root.into(),
            force: false,
            dictionary: PathBuf::from(ocr::DICTIONARY),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
    Text,
}

fn err(file: &Path, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::error(format!("{}: {}", file.display(), msg.into())).with_note("intet er skrevet")
}

/// Reads the file and turns it into Markdown-like text, checking that it is what its
/// name says.
pub fn read_input(file: &Path) -> Result<(Format, String, bool), Diagnostic> {
    let meta = std::fs::metadata(file).map_err(|e| {
        err(file, format!("filen kan ikke åbnes: {}", io_text(&e))).with_help(
            "tjek stien; skriv fx `planportal import plan.docx --kommune helsingoer --year 2025`",
        )
    })?;
    if meta.is_dir() {
        return Err(err(file, "er en mappe, ikke en fil")
            .with_help("angiv selve plan-filen (.docx, .pdf, .txt eller .md)"));
    }
    if meta.len() > MAX_INPUT {
        return Err(err(
            file,
            format!(
                "filen fylder {} MB; import læser højst {} MB",
                meta.len() / 1024 / 1024,
                MAX_INPUT / 1024 / 1024
            ),
        )
        .with_help("en beskæftigelsesplan fylder sjældent over 20 MB; gem den uden store billeder (i Word: Filer → Komprimér billeder), eller som PDF med mindre billeder"));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| err(file, format!("filen kan ikke læses: {}", io_text(&e))))?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_pdf = bytes.starts_with(b"%PDF-");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    fn what(b: bool, name: &'static str) -> Option<&'static str> {
        b.then_some(name)
    }
    let actually = what(is_zip, "en zip-fil (fx et Word-dokument)")
        .or(what(is_pdf, "en PDF"))
        .or(what(is_ole, "et gammelt eller krypteret Office-dokument"));
    match ext.as_str() {
        "docx" => {
            if !is_zip && !is_ole {
                return Err(err(file, format!("filen hedder .docx, men er {}", actually.unwrap_or("ikke et Word-dokument")))
                    .with_help("åbn den i Word og gem den som Word-dokument (.docx), eller giv den det rigtige filnavn"));
            }
            let t = docx::read(&bytes).map_err(|m| err(file, m))?;
            Ok((Format::Docx, t, false))
        }
        "pdf" => {
            if !is_pdf {
                return Err(err(file, format!("filen hedder .pdf, men er {}", actually.unwrap_or("ikke en PDF")))
                    .with_help("eksportér planen som PDF igen, eller giv filen det rigtige filnavn"));
            }
            match pdf::read(&bytes, file).map_err(|m| err(file, m))? {
                pdf::Pdf::Text(t) => Ok((Format::Pdf, t, false)),
                pdf::Pdf::Ocr(t) => Ok((Format::Pdf, t, true)),
            }
        }
        "txt" | "md" | "markdown" | "text" => {
            if let Some(a) = actually {
                return Err(err(file, format!("filen hedder .{ext}, men er {a}"))
                    .with_help("giv filen det rigtige filnavn (.docx eller .pdf), så den læses rigtigt"));
            }
            if bytes.contains(&0) {
                return Err(err(file, format!("filen hedder .{ext}, men er ikke tekst (den indeholder binære data)"))
                    .with_help("gem planen som ren tekst (UTF-8), eller importér Word- eller PDF-filen direkte"));
            }
            let t = match String::from_utf8(bytes) {
                Ok(t) => t,
                // Windows-1252/Latin-1 text from an old export: every byte is a character.
                Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
            };
            Ok((Format::Text, t.trim_start_matches('\u{feff}').to_string(), false))
        }
        _ => Err(err(file, format!("import kender ikke filtypen `.{ext}`"))
            .with_help("importér planen som .docx (Word), .pdf med tekst, eller .txt/.md (også tekst fra OCR)")),
    }
}

/// The municipality's name: `--navn`, the portal's own, or the one the document uses
/// most ("Allerød Kommune"). `None` when none is found.
fn municipality_name(opts: &Options, slug: &str, doc_text: &str) -> (Option<String>, bool) {
    let index = opts
        .root
        .join("content/kommuner")
        .join(slug)
        .join("_index.md");
    if let Ok(t) = std::fs::read_to_string(&index)
        && let Some(title) = t.lines().find_map(|l| l.strip_prefix("title = "))
        && let Ok(toml::Value::String(s)) = title.parse::<toml::Value>()
    {
        return (Some(s), false);
    }
    if let Some(n) = &opts.navn {
        return (Some(n.clone()), true);
    }
    // "<Name> Kommune" in the document whose name makes the slug asked for.
    let words: Vec<&str> = doc_text.split_whitespace().collect();
    for w in words.windows(2) {
        if w[1].trim_end_matches(['.', ',', 's']) == "Kommune" || w[1].starts_with("Kommune") {
            let name = w[0].trim_matches(|c: char| !c.is_alphabetic());
            if !name.is_empty() && slugify(name) == slug {
                return (Some(format!("{name} Kommune")), true);
            }
        }
    }
    (None, true)
}

/// The names the portal knows (municipalities, regions), for the OCR repair.
fn portal_names(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir(root.join("content/kommuner")) else {
        return out;
    };
    for e in dir.flatten() {
        if let Ok(t) = std::fs::read_to_string(e.path().join("_index.md")) {
            for key in ["title = ", "region = ", "jobcenter = "] {
                if let Some(v) = t.lines().find_map(|l| l.strip_prefix(key)) {
                    out.push(v.trim_matches('"').to_string());
                }
            }
        }
    }
    out
}

/// Clean Danish from the portal's published pages, except the plan being replaced.
fn corpus(root: &Path, skip: &Path) -> ocr::Corpus {
    let mut c = ocr::Corpus::default();
    for e in walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = e.path();
        if p.starts_with(skip) || p.extension().is_none_or(|x| x != "md") {
            continue;
        }
        if let Ok(t) = std::fs::read_to_string(p) {
            c.add_text(&t);
        }
    }
    c
}

/// Words the dictionary does not know.
fn flagged(speller: &ocr::Speller, text: &str) -> usize {
    if !speller.has_dictionary() {
        return 0;
    }
    let mut known: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    ocr::tokenize(text)
        .into_iter()
        .filter(|t| t.is_word && t.text.chars().all(|c| c.is_alphabetic()))
        .filter(|t| {
            !*known
                .entry(t.text.clone())
                .or_insert_with(|| speller.knows(&t.text))
        })
        .count()
}

/// Reads and analyses the file without writing anything.
pub fn analyse(opts: &Options) -> Result<Report, Diagnostic> {
    let slug = slugify(&opts.kommune);
    if slug.is_empty() {
        return Err(
            Diagnostic::error(format!("`{}` er ikke et kommunenavn", opts.kommune))
                .with_help("skriv kommunens mappenavn eller navn, fx --kommune helsingoer"),
        );
    }
    if !(1900..=2100).contains(&opts.year) {
        return Err(
            Diagnostic::error(format!("{} er ikke et planår", opts.year))
                .with_help("skriv året, fx --year 2025"),
        );
    }
    if !opts.root.join("config.toml").is_file() {
        return Err(Diagnostic::error(format!(
            "{} er ikke en portal: config.toml mangler",
            opts.root.display()
        ))
        .with_help("kør import i portalens mappe, eller angiv den med --root"));
    }
    let (format, raw, tesseract) = read_input(&opts.file)?;
    let (name, created) = municipality_name(opts, &slug, &raw);
    let Some(name) = name else {
        let mut d = Diagnostic::error(format!(
            "kommunen `{slug}` findes ikke i portalen, og dokumentet nævner ingen kommune med det navn"
        ))
        .with_help(format!(
            "angiv navnet, fx --navn \"{} Kommune\", så oprettes kommunen",
            title_case(&opts.kommune)
        ));
        let known: Vec<String> = std::fs::read_dir(opts.root.join("content/kommuner"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        if !known.is_empty() {
            d = d.suggest(&slug, known.iter().map(String::as_str));
        }
        return Err(d);
    };
    // Danish letters folded or misread (ø as g, å as a …), as OCR without Danish data
    // leaves them: repaired with the dictionary. Tesseract with its Danish data keeps
    // them, so its words are not second-guessed.
    let folded = ocr::danish_letter_share(&raw) < 0.004 && raw.len() > 200;
    // Text from OCR: lines broken at the page's width, words hyphenated across lines.
    let ocr_mode = tesseract || folded;
    let mut speller = ocr::Speller::load(&opts.dictionary);
    speller.learn_name(&name);
    for n in portal_names(&opts.root) {
        speller.learn_name(&n);
    }
    // Names the document spells with Danish letters somewhere ("Østjylland") teach the
    // repair of the places where OCR lost them.
    for w in raw.split(|c: char| !c.is_alphabetic()) {
        if w.starts_with(char::is_uppercase)
            && w.chars().any(|c| "æøåÆØÅ".contains(c))
            && w.chars().count() > 2
        {
            speller.learn_name(w);
        }
    }
    let flagged_before = flagged(&speller, &raw);
    let blocks = text::blocks(&raw, ocr_mode);
    let mut doc = structure::chapters(blocks);
    let plan_dir = opts
        .root
        .join("content/kommuner")
        .join(&slug)
        .join(opts.year.to_string());
    let mut log = ocr::RepairLog::default();
    if folded && speller.has_dictionary() {
        let corpus = corpus(&opts.root, &plan_dir);
        let mut rep = ocr::Repairer::new(&speller).with_corpus(&corpus);
        let mut texts: Vec<&str> = Vec::new();
        for ch in &doc.chapters {
            texts.push(&ch.title);
            texts.push(&ch.source_title);
            for b in &ch.body {
                texts.push(&b.text);
                if let text::Kind::Table(rows) = &b.kind {
                    texts.extend(rows.iter().flatten().map(String::as_str));
                }
            }
        }
        let tokens: Vec<ocr::Token> = texts.iter().flat_map(|t| ocr::tokenize(t)).collect();
        rep.prepare(tokens.iter().filter(|t| t.is_word).map(|t| t.text.as_str()));
        for ch in doc.chapters.iter_mut() {
            ch.title = ocr::repair_text(&ch.title, ch.line, &mut rep, &corpus, &mut log);
            ch.source_title =
                ocr::repair_text(&ch.source_title, ch.line, &mut rep, &corpus, &mut log);
            for b in ch.body.iter_mut() {
                b.text = ocr::repair_text(&b.text, b.line, &mut rep, &corpus, &mut log);
                if let text::Kind::Table(rows) = &mut b.kind {
                    for c in rows.iter_mut().flatten() {
                        *c = ocr::repair_text(c, b.line, &mut rep, &corpus, &mut log);
                    }
                }
            }
        }
    }
    let targets = promises::targets(&doc.chapters, opts.year);
    let goals = promises::goals(&doc.chapters);
    let initiatives = promises::initiatives(&doc.chapters);
    let mgoals = links::minister_goals(&opts.root, opts.year);
    let groups = links::target_groups(&opts.root);
    let draft = draft::make(
        &doc,
        &targets,
        &goals,
        &initiatives,
        &mgoals,
        &groups,
        opts,
        &opts.file,
    );
    let after_text: String = draft
        .files
        .iter()
        .map(|f| f.1.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let flagged_after = flagged(&speller, &draft::prose_of(&after_text));
    let mut checklist = vec![
        "Læs hvert kapitel igennem i `planportal serve --drafts` mod den vedtagne plan: overskrifter, lister og tabeller.".to_string(),
        "Skriv et resumé (summary) af planen på 3–5 sætninger; import skriver ikke resuméer.".to_string(),
        "Kontrollér hvert resultatmål: tal, enhed, retning, udgangspunkt og frist mod planens egen sætning (linjenummeret står ved målet).".to_string(),
        "Bekræft eller fjern hvert foreslået ministermål og hver målgruppe (linjer med `# forslag`); et gæt må ikke udgives ukontrolleret.".to_string(),
    ];
    if ocr_mode {
        checklist.push(format!(
            "Teksten er fra OCR: {} ord er rettet; læs de {} usikre ord nedenfor, og søg efter tegn som @, & og | i teksten.",
            log.repaired + log.decided.len(),
            log.uncertain.len()
        ));
    }
    if folded && !speller.has_dictionary() {
        checklist.push(format!(
            "Den danske ordbog ({}.dic) mangler, så æ, ø og å er IKKE rettet: installér den med `sudo apt install hunspell-da` og importér igen.",
            opts.dictionary.display()
        ));
    }
    if targets.iter().any(|t| t.deadline_assumed) {
        checklist.push("Nogle resultatmål har planens år som frist, fordi sætningen ikke nævner nogen (markeret `# antaget`).".into());
    }
    if created {
        checklist.push(format!("Kommunen {name} er ny: udfyld region, hjemmeside og jobcenter i content/kommuner/{slug}/_index.md."));
    }
    checklist.push("Fjern `draft = true` i planens _index.md, når alt er læst, og byg sitet (`planportal build`).".into());
    let chapter_files: Vec<String> = draft.chapter_files.clone();
    let report = Report {
        file: opts.file.display().to_string(),
        format,
        ocr: ocr_mode,
        tesseract,
        dictionary: speller.has_dictionary(),
        kommune: slug.clone(),
        kommune_name: name,
        kommune_created: created,
        year: opts.year,
        folder: format!("content/kommuner/{slug}/{}", opts.year),
        chapters_found_by: doc.method.to_string(),
        chapters: doc
            .chapters
            .iter()
            .zip(&chapter_files)
            .map(|(c, f)| ChapterReport {
                file: f.clone(),
                title: c.title.clone(),
                line: c.line,
                headings: c
                    .body
                    .iter()
                    .filter(|b| matches!(b.kind, text::Kind::Heading(_)))
                    .count(),
            })
            .collect(),
        targets,
        goals,
        initiatives: draft
            .initiatives
            .iter()
            .map(|i| InitiativeReport {
                title: i.title.clone(),
                chapter: i.chapter_file.clone(),
                line: i.line,
                kind: i.kind.to_string(),
            })
            .collect(),
        links: draft.links.clone(),
        repair: log,
        flagged_before,
        flagged_after,
        checklist,
        written: Vec::new(),
        draft,
    };
    Ok(report)
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Runs the import: analyses, then writes the draft.
pub fn run(opts: &Options) -> Result<Report, Diagnostic> {
    let mut report = analyse(opts)?;
    let files = write::Files {
        files: report.draft.files.clone(),
    };
    let municipality = report
        .kommune_created
        .then(|| write::municipality_file(&report.kommune_name));
    let written = write::write_plan(
        &opts.root,
        &report.kommune,
        opts.year,
        &files,
        municipality.as_deref(),
        opts.force,
    )?;
    report.written = written
        .iter()
        .map(|p| {
            p.strip_prefix(&opts.root)
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    Ok(report)
}
