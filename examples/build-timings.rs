//! Builds a site and prints how long each stage took, for profiling.
//!
//! ```sh
//! cargo run --release --example build-timings -- /dev/shm/corpus /dev/shm/out
//! ```

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: build-timings ROOT OUTPUT");
        std::process::exit(2);
    };
    let opts = planportal::BuildOptions {
        output: Some(out.into()),
        ..planportal::BuildOptions::new(root)
    };
    let report = planportal::build(&opts);
    for (stage, t) in &report.timings {
        println!("{stage:>16} {:8.1} ms", t.as_secs_f64() * 1000.0);
    }
    println!(
        "{:>16} {:8.1} ms  ({} pages, ok: {})",
        "total",
        report.elapsed.as_secs_f64() * 1000.0,
        report.pages,
        report.ok()
    );
}
