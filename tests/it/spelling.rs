//! Spelling of the published demo portal: every word a citizen reads on a content page
//! (titles, chapter text, targets, summaries) is in Debian's Danish hunspell dictionary
//! or in the reviewed allowlist `tests/spelling/allowlist.txt`, and no OCR artefact of
//! the scanned plans ("Allergd", "pa" for "på") is left.
//!
//! The text is read from the built HTML, not from the Markdown, so front matter keys,
//! slugs and URLs are never checked, and text the templates add around content is.

use crate::demo;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use demo::{Demo, main_text};

/// The URL path a citizen sees for a page: `kommuner/x/index.html` → `/kommuner/x/`.
fn url(rel: &str) -> String {
    format!("/{}", rel.strip_suffix("index.html").unwrap_or(rel))
}

/// Pages made from `content/`. The search page, the open-data page, the overview
/// matrices and the 404 page hold only the theme's interface text and titles that
/// the content pages already show.
fn is_content_page(rel: &str) -> bool {
    !(rel.starts_with("data/")
        || rel.starts_with("soeg/")
        || rel.starts_with("overblik/")
        || rel == "404.html")
}

/// The published prose of every content page, keyed by its URL path.
fn site_prose(demo: &Demo) -> BTreeMap<String, String> {
    demo.pages()
        .into_iter()
        .filter(|(rel, _)| is_content_page(rel))
        .map(|(rel, html)| (url(&rel), main_text(&html)))
        .collect()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’')
}

/// Splits text into the words hunspell should see: runs of letters, digits, hyphens,
/// full stops and apostrophes (so `bl.a.`, `IGU-forløb` and `CV'er` stay whole), with
/// leading punctuation removed. Numbers and web addresses are left out.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !is_word_char(c))
        .map(|w| w.trim_start_matches(['-', '.', '\'', '’']))
        .map(|w| w.trim_end_matches(['\'', '’']))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !is_web_address(w))
        .map(str::to_string)
        .collect()
}

fn is_web_address(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w.starts_with("www.")
        || [".dk", ".com", ".org", ".net", ".eu"]
            .iter()
            .any(|tld| w.len() > tld.len() && w.to_ascii_lowercase().ends_with(tld))
}

const INSTALL: &str = "install Debian's hunspell and its Danish dictionary: \
                       `sudo apt-get install hunspell hunspell-da` (.ci/run does this)";

/// The words hunspell's Danish dictionary does not accept. They go in one per line, and
/// `hunspell -L` prints back the lines that hold a misspelling, so every answer names
/// its word exactly (and `-L` computes no suggestions, which `-a` would, slowly).
fn rejected_by_hunspell(words: &BTreeSet<String>) -> BTreeSet<String> {
    if words.is_empty() {
        return BTreeSet::new();
    }
    let mut child = Command::new("hunspell")
        .args(["-d", "da_DK", "-i", "utf-8", "-L"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run hunspell ({e}): {INSTALL}"));
    let mut input = String::new();
    for w in words {
        input.push_str(w);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("hunspell stdin");
    // Write from a thread: hunspell answers while it reads, and both pipes can fill up.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("wait for hunspell");
    writer
        .join()
        .expect("writer thread")
        .expect("write to hunspell");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("Can't open"),
        "hunspell could not check Danish ({}): {INSTALL}",
        stderr.trim()
    );
    let stdout = String::from_utf8(out.stdout).expect("hunspell writes UTF-8");
    let rejected: BTreeSet<String> = stdout.lines().map(str::to_string).collect();
    let strays: Vec<&String> = rejected.iter().filter(|l| !words.contains(*l)).collect();
    assert!(
        strays.is_empty(),
        "hunspell answered lines it was not given: {strays:?}"
    );
    rejected
}

struct Allowlist {
    words: BTreeSet<String>,
}

impl Allowlist {
    fn load() -> Allowlist {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/spelling/allowlist.txt");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
        let words = text
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        Allowlist { words }
    }

    /// The allowlist entry that covers `word`, if any: the word itself, without a
    /// trailing full stop, with a lower-case first letter, or without a genitive -s.
    fn entry_for(&self, word: &str) -> Option<&String> {
        let mut forms = vec![word.to_string()];
        let bare = word.trim_end_matches('.');
        forms.push(bare.to_string());
        let mut chars = bare.chars();
        if let Some(first) = chars.next() {
            forms.push(first.to_lowercase().chain(chars).collect());
        }
        for f in forms.clone() {
            if let Some(stem) = f.strip_suffix('s') {
                forms.push(stem.to_string());
            }
        }
        forms.iter().find_map(|f| self.words.get(f))
    }
}

/// The parts of a hyphenated or apostrophed word that carry letters.
fn parts(word: &str) -> Vec<String> {
    word.split(['-', '\'', '’'])
        .map(|p| p.trim_matches('.'))
        .filter(|p| p.chars().any(char::is_alphabetic))
        .map(str::to_string)
        .collect()
}

/// The misspelled words of `prose` (page → text), each with the pages it is on, and the
/// allowlist entries that were needed.
fn check(
    prose: &BTreeMap<String, String>,
    allow: &Allowlist,
) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>) {
    let mut pages_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (page, text) in prose {
        for w in words(text) {
            pages_of.entry(w).or_default().insert(page.clone());
        }
    }
    let all: BTreeSet<String> = pages_of.keys().cloned().collect();
    let mut used = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    let mut compounds = Vec::new();
    for w in rejected_by_hunspell(&all) {
        if let Some(entry) = allow.entry_for(&w) {
            used.insert(entry.clone());
        } else if w.contains(['-', '\'', '’']) {
            compounds.push(w);
        } else {
            unknown.insert(w);
        }
    }
    // A hyphenated word is right when each of its parts is (IGU-forløb, 30-64-årige).
    let all_parts: BTreeSet<String> = compounds.iter().flat_map(|w| parts(w)).collect();
    let rejected_parts = rejected_by_hunspell(&all_parts);
    for w in compounds {
        let mut ok = true;
        for p in parts(&w).iter().filter(|p| rejected_parts.contains(*p)) {
            match allow.entry_for(p) {
                Some(entry) => {
                    used.insert(entry.clone());
                }
                None => ok = false,
            }
        }
        if !ok {
            unknown.insert(w);
        }
    }
    // Reported without a sentence's full stop, with the pages of every form.
    let mut misspelled: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for w in unknown {
        let pages = pages_of.get(&w).cloned().unwrap_or_default();
        misspelled
            .entry(w.trim_end_matches('.').to_string())
            .or_default()
            .extend(pages);
    }
    (misspelled, used)
}

fn report(misspelled: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut out = format!(
        "{} word(s) on the published pages are neither in the Danish dictionary \
         (hunspell -d da_DK) nor in tests/spelling/allowlist.txt:\n",
        misspelled.len()
    );
    for (w, pages) in misspelled {
        let list: Vec<&str> = pages.iter().map(String::as_str).collect();
        out.push_str(&format!("  {w:<28} on {}\n", list.join(", ")));
    }
    out.push_str(
        "Fix the spelling in content/ (repair OCR damage; see ../shared/seeds/README.md), \
         or, for a name or abbreviation checked against the plan, add it to the allowlist.\n",
    );
    out
}

#[test]
fn the_demo_portal_is_spelled_right() {
    let demo = Demo::build();
    let prose = site_prose(&demo);
    assert!(
        prose.len() > 50,
        "expected the demo's content pages, found {}",
        prose.len()
    );
    assert!(
        prose.contains_key("/kommuner/alleroed/2022/sygedagpenge/"),
        "chapter pages are checked"
    );
    let allow = Allowlist::load();
    let (misspelled, used) = check(&prose, &allow);
    assert!(misspelled.is_empty(), "{}", report(&misspelled));
    let unused: Vec<&String> = allow.words.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "tests/spelling/allowlist.txt has entries no page needs any more; remove them: {unused:?}"
    );
}

/// The checker itself catches what it is for: OCR-damaged words are reported with
/// their page, names on the allowlist and hyphenated compounds of known parts are not.
#[test]
fn the_checker_reports_ocr_damage_with_its_page() {
    let mut prose = BTreeMap::new();
    prose.insert(
        "/kommuner/x/2022/".to_string(),
        "Jobcenter Allergd arbejder med beskeeftigelse, KLAPjob og IGU-forløb for de \
         30-64-årige, bl.a. i 2022."
            .to_string(),
    );
    prose.insert(
        "/kommuner/y/2022/".to_string(),
        "Samarbejde med KLAPjobs partnere og selvforsgrgelse.".to_string(),
    );
    let allow = Allowlist {
        words: ["KLAPjob", "IGU"].iter().map(|s| s.to_string()).collect(),
    };
    let (misspelled, used) = check(&prose, &allow);
    let found: Vec<&str> = misspelled.keys().map(String::as_str).collect();
    assert_eq!(found, ["Allergd", "beskeeftigelse", "selvforsgrgelse"]);
    assert_eq!(
        misspelled["selvforsgrgelse"].iter().collect::<Vec<_>>(),
        ["/kommuner/y/2022/"]
    );
    assert!(used.contains("KLAPjob") && used.contains("IGU"));
    assert!(report(&misspelled).contains("Allergd"));
}

/// OCR damage that happens to spell another Danish word ("pa", "mal", "ar", "far") or
/// is not a word at all ("|" for "I", "¢" and "«" for bullets) passes hunspell, so it is
/// looked for by name. None of these words occurs in the four plans' correct text.
#[test]
fn no_ocr_artefacts_are_left() {
    const FOLDED: &[&str] = &[
        "pa",
        "Pa",
        "mal",
        "Mal",
        "malet",
        "Malet",
        "malene",
        "Malene",
        "ar",
        "ars",
        "arig",
        "arige",
        "far",
        "fa",
        "sa",
        "Sa",
        "nar",
        "Nar",
        "ogsa",
        "bade",
        "Bade",
        "Allergd",
        "Allerpd",
        "Hgrsholm",
        "stjylland",
    ];
    const MARKS: &[char] = &['|', '¢', '«', '»', '@', '©'];
    let demo = Demo::build();
    let mut found = Vec::new();
    for (page, text) in site_prose(&demo) {
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if FOLDED.contains(&w) {
                found.push(format!("{page}: \"{w}\""));
            }
        }
        for c in text.chars().filter(|c| MARKS.contains(c)) {
            found.push(format!("{page}: '{c}'"));
        }
    }
    assert!(
        found.is_empty(),
        "OCR artefacts on the published pages (ø, æ, å, I and bullets to repair):\n{}",
        found.join("\n")
    );
}
