//! `planportal import`: real plans in, drafts out. The OCR'd Hedensted and Allerød
//! texts and the clean Helsingør and Hjørring texts in `../shared/seeds/` are imported
//! into a copy of the demo portal without their published plan; each draft must pass
//! `planportal check --drafts`, and is measured against the published plan with floors
//! that fail if the import gets worse. `.docx` and `.pdf` files are made here from the
//! clean texts (with `zip` and `lopdf`) and imported the same way. Hostile files get a
//! Danish error, no panic, and nothing written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{binary, copy_dir, repo};
use planportal::import::{Options, analyse, measure::measure};

fn seeds() -> PathBuf {
    // CI puts `shared/` beside the clone; here it may sit further up.
    repo()
        .ancestors()
        .map(|a| a.join("shared/seeds"))
        .find(|p| p.is_dir())
        .expect("../shared/seeds is always beside the repository")
}

/// A copy of the demo portal without `content/kommuner/<slug>/<year>/`.
fn portal_without(slug: &str, year: i32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo().join("config.toml"), dir.path().join("config.toml")).expect("config");
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    let plan = dir.path().join(format!("content/kommuner/{slug}/{year}"));
    if plan.exists() {
        std::fs::remove_dir_all(plan).expect("remove plan");
    }
    dir
}

struct Out {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(root: &Path, args: &[&str]) -> Out {
    let o = Command::new(binary())
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run planportal");
    Out {
        ok: o.status.success(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn import(root: &Path, file: &Path, slug: &str, year: i32, extra: &[&str]) -> Out {
    let year_s = year.to_string();
    let mut args = vec![
        "import",
        file.to_str().expect("utf-8 path"),
        "--kommune",
        slug,
        "--year",
        &year_s,
    ];
    args.extend_from_slice(extra);
    run(root, &args)
}

/// The draft passes `check --drafts` with warnings only.
fn assert_checks(root: &Path) {
    let c = run(root, &["check", "--drafts"]);
    assert!(c.ok, "check --drafts failed:\n{}", c.stderr);
    assert!(c.stderr.contains("0 fejl"), "{}", c.stderr);
}

/// Imports a seed with the binary, checks it, and measures the same import made by
/// the library against the published plan.
fn import_seed(file: &str, slug: &str, year: i32) -> planportal::import::measure::Measures {
    let path = seeds().join(file);
    let dir = portal_without(slug, year);
    let out = import(dir.path(), &path, slug, year, &[]);
    assert!(out.ok, "import failed:\n{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Kapitler"), "{}", out.stdout);
    let index = std::fs::read_to_string(
        dir.path()
            .join(format!("content/kommuner/{slug}/{year}/_index.md")),
    )
    .expect("plan");
    assert!(index.contains("draft = true"), "{index}");
    assert!(
        index.contains("# fra linje"),
        "targets keep their source line"
    );
    assert_checks(dir.path());
    let input = std::fs::read_to_string(&path).expect("seed");
    let report = analyse(&Options::new(&path, slug, year, repo())).expect("analyse");
    let m = measure(
        &report,
        &repo().join(format!("content/kommuner/{slug}/{year}")),
        &input,
    );
    eprintln!("{file}: {m:?}");
    m
}

#[test]
fn hedensted_ocr_text_is_repaired_and_structured() {
    let m = import_seed("hedensted-2020.txt", "hedensted", 2020);
    assert!(
        m.word_accuracy >= 0.99,
        "word accuracy {:.3}",
        m.word_accuracy
    );
    assert!(
        m.baseline_accuracy < 0.88,
        "the OCR text itself is worse: {:.3}",
        m.baseline_accuracy
    );
    assert!(
        m.flagged_after * 7 < m.flagged_before,
        "{} → {}",
        m.flagged_before,
        m.flagged_after
    );
    assert_eq!((m.chapters_found, m.chapters_matched), (4, 4));
    assert!(
        m.targets_matched >= 11 && m.targets_numbers_exact >= 9,
        "{m:?}"
    );
}

#[test]
fn alleroed_ocr_text_is_repaired_and_structured() {
    let m = import_seed("alleroed-2022.txt", "alleroed", 2022);
    assert!(
        m.word_accuracy >= 0.985,
        "word accuracy {:.3}",
        m.word_accuracy
    );
    assert!(
        m.flagged_after * 7 < m.flagged_before,
        "{} → {}",
        m.flagged_before,
        m.flagged_after
    );
    assert_eq!(m.chapters_found, 8);
    assert!(m.chapters_matched >= 7, "{m:?}");
    assert!(
        m.targets_matched >= 10 && m.targets_numbers_exact >= 8,
        "{m:?}"
    );
}

#[test]
fn clean_texts_keep_their_words_and_chapters() {
    let m = import_seed("helsingoer-2021.txt", "helsingoer", 2021);
    assert!(m.word_accuracy >= 0.995, "{m:?}");
    assert_eq!((m.chapters_found, m.chapters_matched), (6, 6));
    assert!(m.targets_matched >= 14, "{m:?}");
    let m = import_seed("hjoerring-2022.txt", "hjoerring", 2022);
    assert!(m.word_accuracy >= 0.995, "{m:?}");
    assert_eq!((m.chapters_found, m.chapters_matched), (11, 11));
}

/// Published chapter titles of a plan, to give the generated documents real headings.
fn chapter_titles(slug: &str, year: i32) -> Vec<String> {
    let mut files: Vec<_> =
        std::fs::read_dir(repo().join(format!("content/kommuner/{slug}/{year}")))
            .expect("plan")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
            .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let t = std::fs::read_to_string(p).expect("chapter");
            let line = t
                .lines()
                .find(|l| l.starts_with("title = "))
                .expect("title");
            line["title = ".len()..].trim_matches('"').to_string()
        })
        .collect()
}

fn is_chapter_line(line: &str, titles: &[String]) -> bool {
    let l = planportal::import::structure::clean_title(line);
    titles.contains(&l)
}

/// Paragraphs of a hard-wrapped text: lines joined until a blank line, a bullet or a
/// chapter line.
fn paragraphs(text: &str, titles: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for l in text.lines() {
        let t = l.trim();
        if t.is_empty() || t.starts_with("- ") || is_chapter_line(t, titles) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !t.is_empty() {
                out.push(t.to_string());
            }
            continue;
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(t);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A Word document of the text: chapter lines in style Heading1, "- " lines as list
/// paragraphs, everything else as plain paragraphs.
fn make_docx(text: &str, titles: &[String]) -> Vec<u8> {
    let mut body = String::new();
    let mut used = std::collections::BTreeSet::new();
    for p in paragraphs(text, titles) {
        // Only a title's first line heads its chapter ("6. Den værdige sagsbehandling"
        // is also a section of an earlier one).
        let first = is_chapter_line(&p, titles)
            && used.insert(planportal::import::structure::clean_title(&p));
        let (style, numbered, t) = if first {
            ("<w:pStyle w:val=\"Heading1\"/>", "", p.as_str())
        } else if let Some(rest) = p.strip_prefix("- ") {
            (
                "",
                "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
                rest,
            )
        } else {
            ("", "", p.as_str())
        };
        body.push_str(&format!(
            "<w:p><w:pPr>{style}{numbered}</w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(t)
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style></w:styles>";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", o).expect("zip");
        z.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>").expect("zip");
        z.start_file("word/document.xml", o).expect("zip");
        z.write_all(document.as_bytes()).expect("zip");
        z.start_file("word/styles.xml", o).expect("zip");
        z.write_all(styles.as_bytes()).expect("zip");
        z.finish().expect("zip");
    }
    buf.into_inner()
}

#[test]
fn docx_made_from_the_helsingoer_text_imports_with_its_chapters() {
    let text = std::fs::read_to_string(seeds().join("helsingoer-2021.txt")).expect("seed");
    let titles = chapter_titles("helsingoer", 2021);
    let dir = portal_without("helsingoer", 2021);
    let file = dir.path().join("helsingoer-2021.docx");
    std::fs::write(&file, make_docx(&text, &titles)).expect("docx");
    let out = import(dir.path(), &file, "helsingoer", 2021, &["--format", "json"]);
    assert!(out.ok, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json report");
    assert_eq!(json["format"], "docx");
    assert_eq!(json["chapters_found_by"], "dokumentets overskrifter");
    assert_checks(dir.path());
    let report = analyse(&Options::new(&file, "helsingoer", 2021, repo())).expect("analyse");
    let m = measure(
        &report,
        &repo().join("content/kommuner/helsingoer/2021"),
        &text,
    );
    eprintln!("docx: {m:?}");
    assert_eq!((m.chapters_found, m.chapters_matched), (6, 6), "{m:?}");
    assert!(m.word_accuracy >= 0.995, "{m:?}");
    assert!(m.targets_matched >= 12, "{m:?}");
}

/// WinAnsi bytes for the text of a PDF string (Helvetica's standard encoding).
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .filter_map(|c| match c {
            '–' => Some(0x96),
            '—' => Some(0x97),
            '“' => Some(0x93),
            '”' => Some(0x94),
            '’' => Some(0x92),
            '•' => Some(0x95),
            c if (c as u32) < 256 => Some(c as u8),
            _ => None,
        })
        .collect()
}

/// A PDF of the text with a text layer: chapter lines in 18 pt, the rest in 10 pt,
/// 48 lines a page, and a running header and a page number on every page.
fn make_pdf(text: &str, titles: &[String]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    // Lines: (size, text), paragraphs wrapped at 95 characters, a blank line between.
    let mut lines: Vec<(f32, String)> = Vec::new();
    for p in paragraphs(text, titles) {
        if is_chapter_line(&p, titles) {
            lines.push((18.0, p));
        } else {
            let mut cur = String::new();
            for w in p.split_whitespace() {
                if cur.chars().count() + w.chars().count() > 95 {
                    lines.push((10.0, std::mem::take(&mut cur)));
                }
                if !cur.is_empty() {
                    cur.push(' ');
                }
                cur.push_str(w);
            }
            lines.push((10.0, cur));
        }
        lines.push((0.0, String::new()));
    }
    let mut kids = Vec::new();
    for (n, chunk) in lines.chunks(48).enumerate() {
        let mut ops = vec![Operation::new("BT", vec![])];
        let mut y = 800.0f32;
        let show = |size: f32, x: f32, y: f32, t: &str, ops: &mut Vec<Operation>| {
            ops.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
            ops.push(Operation::new(
                "Tm",
                vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()],
            ));
            ops.push(Operation::new(
                "Tj",
                vec![Object::string_literal(win_ansi(t))],
            ));
        };
        show(
            8.0,
            50.0,
            820.0,
            "Hjørring Kommune – Beskæftigelsesplan 2022",
            &mut ops,
        );
        for (size, t) in chunk {
            if *size == 0.0 {
                y -= 8.0;
                continue;
            }
            y -= if *size > 12.0 { 26.0 } else { 13.0 };
            show(*size, 50.0, y, t, &mut ops);
        }
        show(8.0, 290.0, 20.0, &format!("Side {}", n + 1), &mut ops);
        ops.push(Operation::new("ET", vec![]));
        let content = Content { operations: ops };
        let stream = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content"),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => stream, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save pdf");
    out
}

#[test]
fn pdf_made_from_the_hjoerring_text_imports_with_its_chapters_and_without_page_furniture() {
    let text = std::fs::read_to_string(seeds().join("hjoerring-2022.txt")).expect("seed");
    // The table of contents is not in the PDF: its chapters come from the font sizes.
    let titles = chapter_titles("hjoerring", 2022);
    let dir = portal_without("hjoerring", 2022);
    let file = dir.path().join("hjoerring-2022.pdf");
    std::fs::write(&file, make_pdf(&text, &titles)).expect("pdf");
    let out = import(dir.path(), &file, "hjoerring", 2022, &[]);
    assert!(out.ok, "{}{}", out.stdout, out.stderr);
    assert_checks(dir.path());
    let all: String = std::fs::read_dir(dir.path().join("content/kommuner/hjoerring/2022"))
        .expect("draft")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(!all.contains("Side 3"), "page numbers are page furniture");
    assert!(
        !all.contains("Kommune – Beskæftigelsesplan 2022"),
        "the running header is page furniture"
    );
    let report = analyse(&Options::new(&file, "hjoerring", 2022, repo())).expect("analyse");
    let m = measure(
        &report,
        &repo().join("content/kommuner/hjoerring/2022"),
        &text,
    );
    eprintln!("pdf: {m:?}");
    assert_eq!(report.chapters_found_by, "dokumentets overskrifter");
    assert!(m.chapters_matched >= 10, "{m:?}");
    assert!(m.word_accuracy >= 0.995, "{m:?}");
}

/// Each hostile file: exit code 1, a Danish message, no panic, nothing written.
fn assert_refused(name: &str, bytes: &[u8], expect: &str) {
    let dir = portal_without("testby", 2024);
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).expect("write");
    let out = import(
        dir.path(),
        &file,
        "testby",
        2024,
        &["--navn", "Testby Kommune"],
    );
    assert!(!out.ok, "{name} was accepted:\n{}", out.stdout);
    assert!(!out.stderr.contains("panicked"), "{name}: {}", out.stderr);
    assert!(
        out.stderr.contains(expect),
        "{name}: expected «{expect}» in:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("intet er skrevet"),
        "{name}: {}",
        out.stderr
    );
    assert!(
        !dir.path().join("content/kommuner/testby").exists(),
        "{name}: something was written"
    );
}

#[test]
fn broken_and_hostile_files_get_a_danish_error_and_nothing_is_written() {
    let docx = make_docx(
        "Indledning\n\nTekst om planen.\n",
        &["Indledning".to_string()],
    );
    assert_refused(
        "afkortet.docx",
        &docx[..docx.len() / 2],
        "ødelagt eller afkortet",
    );
    assert_refused(
        "tekst.docx",
        b"Dette er ikke et Word-dokument",
        "hedder .docx",
    );
    assert_refused("zip.pdf", &docx, "hedder .pdf, men er en zip-fil");
    assert_refused(
        "pdf.txt",
        b"%PDF-1.4\n1 0 obj\n",
        "hedder .txt, men er en PDF",
    );
    assert_refused(
        "ødelagt.pdf",
        b"%PDF-1.4\nthis is not a pdf at all",
        "PDF-filen er ødelagt",
    );
    assert_refused("binær.txt", b"abc\0\0\0def", "ikke tekst");
    assert_refused("plan.odt", b"noget", "kender ikke filtypen");
    assert_refused(
        "gammel.docx",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        "krypteret",
    );
    // A zip bomb: 60 MB of XML that compresses to a few kilobytes.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip");
        let chunk = vec![b' '; 1024 * 1024];
        for _ in 0..60 {
            z.write_all(&chunk).expect("zip");
        }
        z.finish().expect("zip");
    }
    let bomb = buf.into_inner();
    assert!(
        bomb.len() < 1024 * 1024,
        "the bomb is small: {}",
        bomb.len()
    );
    assert_refused("bombe.docx", &bomb, "zip-bombe");
    // An encrypted PDF: its trailer names an /Encrypt dictionary it cannot open.
    let mut enc = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Filter /Standard /V 2 /R 3 /Length 128 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef) /P -4 >>\nendobj\n".to_vec();
    let xref_at = enc.len();
    enc.extend_from_slice(format!("xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [(abc) (abc)] >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    assert_refused("krypteret.pdf", &enc, "PDF-filen");
}

#[test]
fn a_file_over_200_mb_is_refused_before_it_is_read() {
    let dir = portal_without("testby", 2024);
    let file = dir.path().join("stor.txt");
    let f = std::fs::File::create(&file).expect("create");
    f.set_len(201 * 1024 * 1024).expect("sparse file");
    let out = import(
        dir.path(),
        &file,
        "testby",
        2024,
        &["--navn", "Testby Kommune"],
    );
    assert!(!out.ok);
    assert!(
        out.stderr.contains("import læser højst 200 MB"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("content/kommuner/testby").exists());
}

#[test]
fn an_existing_plan_is_replaced_only_with_force_and_a_new_municipality_needs_a_name() {
    let path = seeds().join("helsingoer-2021.txt");
    let dir = portal_without("helsingoer", 2021);
    assert!(import(dir.path(), &path, "helsingoer", 2021, &[]).ok);
    let index = dir
        .path()
        .join("content/kommuner/helsingoer/2021/_index.md");
    std::fs::write(
        &index,
        "+++\ntitle = \"Min rettede plan\"\nyear = 2021\n+++\n",
    )
    .expect("edit");
    let again = import(dir.path(), &path, "helsingoer", 2021, &[]);
    assert!(
        !again.ok && again.stderr.contains("planen findes allerede"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert!(
        std::fs::read_to_string(&index)
            .expect("plan")
            .contains("Min rettede plan"),
        "nothing overwritten"
    );
    let forced = import(dir.path(), &path, "helsingoer", 2021, &["--force"]);
    assert!(forced.ok, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(&index)
            .expect("plan")
            .contains("draft = true")
    );

    // A municipality the portal doesn't have and the document doesn't name.
    let none = import(dir.path(), &path, "nyby", 2021, &[]);
    assert!(
        !none.ok && none.stderr.contains("--navn"),
        "{}",
        none.stderr
    );
    assert!(!dir.path().join("content/kommuner/nyby").exists());
    let named = import(dir.path(), &path, "nyby", 2021, &["--navn", "Nyby Kommune"]);
    assert!(named.ok, "{}", named.stderr);
    let k = std::fs::read_to_string(dir.path().join("content/kommuner/nyby/_index.md"))
        .expect("municipality");
    assert!(k.contains("title = \"Nyby Kommune\""), "{k}");
    assert_checks(dir.path());
}

/// Whether Tesseract with its Danish data and Poppler's `pdftoppm` are installed, as
/// `scripts/setup-tests` installs them.
fn tesseract_installed() -> bool {
    let langs = Command::new("tesseract").arg("--list-langs").output();
    langs.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l.trim() == "dan")
    }) && Command::new("pdftoppm").arg("-v").output().is_ok()
}

/// A scanned PDF (a picture of a page of Helsingør's plan, no text layer:
/// `tests/fixtures/import/scan.pdf`, made by `scripts/make-scan-fixture`) is read with
/// Tesseract's Danish data when it is installed: æ, ø and å come through and are not
/// second-guessed. Without Tesseract, import says what to install and writes nothing.
#[test]
fn a_scanned_pdf_is_read_with_tesseract_or_says_how_to_install_it() {
    let dir = portal_without("helsingoer", 2021);
    let scan = repo().join("tests/fixtures/import/scan.pdf");
    let out = import(dir.path(), &scan, "helsingoer", 2021, &[]);
    if !tesseract_installed() {
        assert!(!out.ok, "{}", out.stdout);
        assert!(out.stderr.contains("intet tekstlag"), "{}", out.stderr);
        assert!(out.stderr.contains("tesseract-ocr-dan"), "{}", out.stderr);
        assert!(!dir.path().join("content/kommuner/helsingoer/2021").exists());
        return;
    }
    assert!(out.ok, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("scannet PDF, læst med Tesseract"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("0 usikre"), "{}", out.stdout);
    let plan = dir.path().join("content/kommuner/helsingoer/2021");
    let mut text = String::new();
    for entry in std::fs::read_dir(&plan).expect("the draft's folder") {
        text.push_str(&std::fs::read_to_string(entry.expect("an entry").path()).expect("a file"));
    }
    // Words of the page, with their Danish letters, as Tesseract read them.
    for word in ["Helsingør", "beskæftigelsesplanen", "særlig"] {
        assert!(
            text.to_lowercase().contains(&word.to_lowercase()),
            "«{word}» is not in the draft:\n{text}"
        );
    }
    assert!(text.contains("draft = true"), "{text}");
}
