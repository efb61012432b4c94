//! Builds a site, then edits the text of one chapter a few times and prints how long
//! each step of `serve`'s rebuild took (what an editor waits for after saving, less the
//! file watcher's wait). The chapter is put back as it was at the end.
//!
//! ```sh
//! cargo run --release --example rebuild-timings -- /dev/shm/corpus /dev/shm/out
//! ```

use std::path::PathBuf;

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
    // The first chapter of the first plan, in sorted order.
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
    let rel = chapter
        .strip_prefix(&root)
        .expect("under the root")
        .to_string_lossy()
        .replace('\\', "/");
    let original = std::fs::read_to_string(&chapter).expect("read the chapter");
    for i in 0..10 {
        // A new first paragraph; front matter and headings stay, as in most edits.
        let text = original.replacen("\n+++\n", &format!("\n+++\nRettelse {i}.\n\n"), 1);
        std::fs::write(&chapter, text).expect("write the chapter");
        match planportal::rebuild::rebuild(&mut built, std::slice::from_ref(&rel)) {
            Some(r) => {
                let steps: Vec<String> = r
                    .timings
                    .iter()
                    .map(|(s, t)| format!("{s} {:.1}", t.as_secs_f64() * 1000.0))
                    .collect();
                println!(
                    "{:6.1} ms  ({})",
                    r.elapsed.as_secs_f64() * 1000.0,
                    steps.join(", ")
                );
            }
            None => println!("not a fast rebuild: a full build would follow"),
        }
    }
    std::fs::write(&chapter, original).expect("put the chapter back");
}
