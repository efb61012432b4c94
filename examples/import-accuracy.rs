//! Measures the importer against the demo's published plans: imports each seed text
//! in `../shared/seeds/` (without writing) and compares the draft with the plan in
//! `content/kommuner/<slug>/<year>/`. Prints one table row per plan; the figures go
//! into `docs/import.md`.
//!
//! `cargo run --release --example import-accuracy [SEEDS-DIR]`; with
//! `PLANPORTAL_WORD_DIFF=1` it also prints, per plan, where the draft's words differ
//! from the published ones (stderr).

use std::path::PathBuf;
use std::time::Instant;

use planportal::import::{Options, analyse, measure::measure};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seeds = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| {
            // `shared/` sits beside the clone in CI, and beside the worktrees' parent here.
            root.ancestors()
                .map(|a| a.join("shared/seeds"))
                .find(|p| p.is_dir())
        })
        .unwrap_or_else(|| root.join("../shared/seeds"));
    println!(
        "| plan | ord rigtige (OCR-tekst) | ord ordbogen ikke kender før → efter | kapitler fundet / udgivet (matcher) | resultatmål fundet / udgivet (matcher, tal præcise) | ministermål rigtige / forkerte / manglende | tid |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (file, slug, year) in [
        ("hedensted-2020.txt", "hedensted", 2020),
        ("alleroed-2022.txt", "alleroed", 2022),
        ("helsingoer-2021.txt", "helsingoer", 2021),
        ("hjoerring-2022.txt", "hjoerring", 2022),
    ] {
        let path = seeds.join(file);
        let Ok(input) = std::fs::read_to_string(&path) else {
            eprintln!("{} mangler", path.display());
            continue;
        };
        let opts = Options::new(&path, slug, year, &root);
        let t = Instant::now();
        let report = match analyse(&opts) {
            Ok(r) => r,
            Err(d) => {
                eprintln!("{}", d.render_plain());
                continue;
            }
        };
        let took = t.elapsed();
        if std::env::var_os("PLANPORTAL_WORD_DIFF").is_some() {
            eprintln!("== {file}");
        }
        let m = measure(
            &report,
            &root.join(format!("content/kommuner/{slug}/{year}")),
            &input,
        );
        if std::env::var_os("PLANPORTAL_WORD_DIFF").is_some() {
            eprintln!(
                "== {file}: {} of {} published words",
                m.words_matched, m.words_published
            );
        }
        println!(
            "| {file} | {:.1} % ({:.1} %) | {} → {} | {} / {} ({}) | {} / {} ({}, {}) | {} / {} / {} | {:.2} s |",
            m.word_accuracy * 100.0,
            m.baseline_accuracy * 100.0,
            m.flagged_before,
            m.flagged_after,
            m.chapters_found,
            m.chapters_published,
            m.chapters_matched,
            m.targets_found,
            m.targets_published,
            m.targets_matched,
            m.targets_numbers_exact,
            m.links_right,
            m.links_wrong,
            m.links_missed,
            took.as_secs_f64()
        );
    }
    // The timing: all four texts as one OCR'd document of about 180 kB (some 50 pages),
    // dictionary loading included.
    let mut all = String::new();
    for f in [
        "alleroed-2022.txt",
        "hedensted-2020.txt",
        "helsingoer-2021.txt",
        "hjoerring-2022.txt",
    ] {
        // The clean texts folded as the OCR folded the others, so all of it is repaired.
        let t = std::fs::read_to_string(seeds.join(f)).unwrap_or_default();
        let t = t
            .replace('æ', "ae")
            .replace('ø', "g")
            .replace('å', "a")
            .replace('Ø', "@");
        all.push_str(&t);
        all.push_str("\n\n\n");
    }
    let dir = std::env::temp_dir().join("planportal-import-bench");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("samlet.txt");
    if std::fs::write(&file, &all).is_ok() {
        let t = Instant::now();
        let r = analyse(&Options::new(&file, "hedensted", 2020, &root));
        println!(
            "\nTid for alle fire tekster som ét dokument ({} kB, {} linjer): {:.2} s ({})",
            all.len() / 1024,
            all.lines().count(),
            t.elapsed().as_secs_f64(),
            if r.is_ok() { "ok" } else { "fejl" }
        );
    }
}
