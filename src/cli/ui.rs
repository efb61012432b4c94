//! What the command line prints: diagnostics filtered by `--quiet`, the one-line build
//! summary (in Danish), and a progress bar for builds that take more than a moment.
//!
//! Everything goes to stderr, so `check --format json` can own stdout. The bar is drawn
//! only when stderr is a terminal; in CI logs and pipes nothing but the summary appears.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use planportal::diagnostics::Diagnostics;
use planportal::{BuildOptions, BuildReport, Progress};

/// How much to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    Normal,
    /// Also what is being built where, and (in serve) which files changed.
    Verbose,
}

/// Prints the diagnostics of a run: everything, or only the errors with `--quiet`.
pub fn print_diagnostics(diags: &Diagnostics, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        let mut errors = Diagnostics::default();
        errors.extend(diags.iter().filter(|d| d.is_error()).cloned());
        errors.print();
    } else {
        diags.print();
    }
}

/// `Byggede 66 sider: 4 planer, 53 resultatmål, 123 indsatser på 210 ms`.
pub fn summary(report: &BuildReport) -> String {
    let mut line = format!(
        "Byggede {}: {}, {} resultatmål, {} på {} ms",
        plural(report.pages, "side", "sider"),
        plural(report.plans, "plan", "planer"),
        report.targets,
        plural(report.initiatives, "indsats", "indsatser"),
        report.elapsed.as_millis()
    );
    let warnings = report.diagnostics.warning_count();
    if warnings > 0 {
        line.push_str(&format!(" ({})", advarsler(warnings)));
    }
    line
}

/// With `--verbose`: where the time went, stage by stage, so a slow build can be traced
/// (`Tid: indlæsning 270 ms, sammenkædning 180 ms, …`).
pub fn stage_times(report: &BuildReport) -> String {
    let stages: Vec<String> = report
        .timings
        .iter()
        .map(|(stage, took)| {
            let name = match *stage {
                "load" => "indlæsning",
                "link" => "sammenkædning",
                "templates" => "skabeloner",
                "contexts" => "sidernes data",
                "render" => "sider, søgeindeks og åbne data",
                "data and feeds" => "feed og sitemap",
                "write" => "udgivelse",
                other => other,
            };
            format!("{name} {} ms", took.as_millis())
        })
        .collect();
    format!("Tid: {}", stages.join(", "))
}

/// `1 plan`, `2 planer`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The line after a failed build.
pub fn failure(report: &BuildReport, output: &Path) -> String {
    let kept = if output.is_dir() {
        format!("Den tidligere udgave af {} er urørt.", output.display())
    } else {
        format!("Intet er skrevet til {}.", output.display())
    };
    format!(
        "Bygningen fejlede: {}, {}. {kept}",
        fejl(report.diagnostics.error_count()),
        advarsler(report.diagnostics.warning_count()),
    )
}

pub fn fejl(n: usize) -> String {
    format!("{n} fejl")
}

pub fn advarsler(n: usize) -> String {
    plural(n, "advarsel", "advarsler")
}

/// Runs a build; if it takes longer than a moment and stderr is a terminal, a progress
/// bar shows how many pages are written, and disappears when the build is done.
pub fn build_with_progress(opts: &BuildOptions, verbosity: Verbosity) -> BuildReport {
    with_progress(opts, verbosity, planportal::build)
}

/// Runs `build` on `opts` with the progress bar of [`build_with_progress`]: a spinner
/// while the content is read and linked, then a bar of the pages written.
pub fn with_progress<T: Default + Send>(
    opts: &BuildOptions,
    verbosity: Verbosity,
    build: impl FnOnce(&BuildOptions) -> T + Send,
) -> T {
    if verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return build(opts);
    }
    let progress = Arc::new(Progress::default());
    let opts = BuildOptions {
        progress: Some(progress.clone()),
        ..opts.clone()
    };
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        let opts = &opts;
        scope.spawn(move || {
            let _ = tx.send(build(opts));
        });
        // Most builds finish before a bar would even be seen: wait a moment first.
        if let Ok(report) = rx.recv_timeout(Duration::from_millis(400)) {
            return report;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(if opts.check_only {
            "Tjekker indholdet …"
        } else {
            "Læser indholdet …"
        });
        bar.enable_steady_tick(Duration::from_millis(100));
        let report = loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(report) => break report,
                Err(mpsc::RecvTimeoutError::Disconnected) => break T::default(),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            let pages = progress.pages.load(Ordering::Relaxed);
            if pages == 0 {
                continue;
            }
            // A spinner has no length; the first count turns it into a bar.
            if bar.length().is_none() {
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg} [{bar:30}] {pos}/{len} sider {elapsed}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar.set_length(pages as u64);
                bar.set_message(if opts.check_only { "Tjekker" } else { "Bygger" });
            }
            bar.set_position(progress.written.load(Ordering::Relaxed) as u64);
        };
        bar.finish_and_clear();
        report
    })
}
