//! Builds a site, then edits one plan a few times and prints how long each step of
//! `serve`'s rebuild took (what an editor waits for after saving, less the file
//! watcher's wait): first the text of its first chapter (a body edit), then a target's
//! text in its `_index.md` (a front matter edit, which links the plan again and renders
//! every page that shows it). After each, the search index is brought up to date in
//! part, as `serve` does once the pages are shown, and its time and the total are
//! printed too. The files are put back as they were at the end.
//!
//! ```sh
//! cargo run --release --example rebuild-timings -- /dev/shm/corpus /dev/shm/out
//! ```

use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: rebuild-timings ROOT OUTPUT");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let opts = planportal::BuildOptions {
        output: Some(out.into()),
        ..planportal::BuildOptions::new(&root)
    };
    let (report, built) = planportal::build_keeping(&opts);
    let Some(mut built) = built else {
        report.diagnostics.print();
        std::process::exit(1);
    };
    // The first chapter of the first plan, in sorted order, and its plan.
    let Some(chapter) = walkdir::WalkDir::new(root.join("content/kommuner"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
    else {
        eprintln!("no chapter in {}", root.display());
        std::process::exit(1);
    };
    let plan = chapter.with_file_name("_index.md");

    println!("A chapter's text:");
    edit(&mut built, &root, &chapter, |text, i| {
        // A new last paragraph; front matter, headings and first paragraph stay.
        format!("{text}\nRettelse {i}.\n")
    });
    println!("A target's text in the plan's front matter:");
    edit(&mut built, &root, &plan, |text, i| {
        text.replacen("text = \"", &format!("text = \"Rettelse {i}: "), 1)
    });
}

/// Edits `file` ten times with `change` and rebuilds after each, printing the times;
/// then puts the file back.
fn edit(
    built: &mut planportal::Built,
    root: &Path,
    file: &Path,
    change: impl Fn(&str, usize) -> String,
) {
    let rel = file
        .strip_prefix(root)
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/");
    let original = std::fs::read_to_string(file).expect("read the file");
    for i in 0..10 {
        std::fs::write(file, change(&original, i)).expect("write the file");
        match planportal::rebuild::rebuild(built, std::slice::from_ref(&rel)) {
            Some(r) => {
                let start = std::time::Instant::now();
                let index = planportal::rebuild::search_index(built);
                let index_ms = start.elapsed().as_secs_f64() * 1000.0;
                let pages_ms = r.elapsed.as_secs_f64() * 1000.0;
                let steps: Vec<String> = r
                    .timings
                    .iter()
                    .map(|(s, t)| format!("{s} {:.1}", t.as_secs_f64() * 1000.0))
                    .collect();
                let index = match index {
                    Some(_) => format!("search index {index_ms:.1} ms"),
                    None => "search index: a full build would follow".to_string(),
                };
                println!(
                    "{:6.1} ms in all: pages {pages_ms:.1} ms, {} pages ({}); {index}",
                    pages_ms + index_ms,
                    r.pages,
                    steps.join(", ")
                );
            }
            None => println!("not a fast rebuild: a full build would follow"),
        }
    }
    std::fs::write(file, original).expect("put the file back");
}
