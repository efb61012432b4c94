//! The `planportal` command line: build, check, serve, init, new and import, on top of
//! the library. This file runs the commands; their options are in `args.rs` (with
//! clap's own words in Danish in `clap_text.rs`), serving in `serve/`, new portals and
//! plans in `scaffold/`, and what is printed (summary, spinner, `--quiet`) in `ui.rs`.

// As in the library: diagnostics are the error type, built only on the error path.
#![allow(clippy::result_large_err)]

mod allocator;
mod args;
mod clap_text;
mod scaffold;
mod serve;
mod ui;

use std::process::ExitCode;

use clap::FromArgMatches;

use args::{Cli, Command, Format, New, command_line};
use planportal::BuildOptions;
use planportal::diagnostics::{Diagnostic, Diagnostics};
use ui::Verbosity;

fn main() -> ExitCode {
    allocator::configure();
    let mut cmd = command_line();
    let cli = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .unwrap_or_else(|e| clap_text::exit(&e, &cmd));
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    match cli.command {
        Command::Build {
            output_dir,
            base_url,
            drafts,
            date,
        } => {
            let opts = BuildOptions {
                output: output_dir,
                base_url,
                drafts,
                today: date,
                exit_after: true,
                ..BuildOptions::new(&cli.root)
            };
            if verbosity == Verbosity::Verbose {
                eprintln!(
                    "Bygger {} til {}",
                    opts.root.display(),
                    opts.output_dir().display()
                );
            }
            clean_up_on_interrupt();
            let report = ui::build_with_progress(&opts, verbosity);
            ui::print_diagnostics(&report.diagnostics, verbosity);
            if report.ok() {
                if verbosity > Verbosity::Quiet {
                    eprintln!("{} → {}", ui::summary(&report), opts.output_dir().display());
                }
                if verbosity == Verbosity::Verbose {
                    eprintln!("{}", ui::stage_times(&report));
                }
                ExitCode::SUCCESS
            } else {
                eprintln!("{}", ui::failure(&report, &opts.output_dir()));
                ExitCode::FAILURE
            }
        }
        Command::Check {
            drafts,
            format,
            date,
        } => {
            let opts = BuildOptions {
                drafts,
                today: date,
                check_only: true,
                exit_after: true,
                ..BuildOptions::new(&cli.root)
            };
            let report = match format {
                Format::Json => planportal::build(&opts),
                Format::Human => ui::build_with_progress(&opts, verbosity),
            };
            match format {
                Format::Json => println!("{}", report.diagnostics.to_json()),
                Format::Human => {
                    ui::print_diagnostics(&report.diagnostics, verbosity);
                    if verbosity > Verbosity::Quiet || !report.ok() {
                        eprintln!(
                            "{}, {} ({}, {} resultatmål, {})",
                            ui::fejl(report.diagnostics.error_count()),
                            ui::advarsler(report.diagnostics.warning_count()),
                            ui::plural(report.plans, "plan", "planer"),
                            report.targets,
                            ui::plural(report.initiatives, "indsats", "indsatser"),
                        );
                    }
                }
            }
            if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve {
            port,
            interface,
            output_dir,
            drafts,
            date,
        } => serve::run(serve::ServeOptions {
            root: cli.root,
            interface,
            port,
            output: output_dir,
            drafts,
            today: date,
            verbosity,
        }),
        Command::Init { dir, force } => {
            let dir = dir.unwrap_or(cli.root);
            match scaffold::init(&dir, force) {
                Ok(written) => {
                    if verbosity == Verbosity::Verbose {
                        for f in &written {
                            eprintln!("  {}", f.display());
                        }
                    }
                    if verbosity > Verbosity::Quiet {
                        let shown = dir.display().to_string();
                        let cd = if dir == std::path::Path::new(".") {
                            String::new()
                        } else {
                            format!("cd {shown} && ")
                        };
                        eprintln!(
                            "Oprettede en ny portal i {shown} ({} filer) med ministerens mål og en eksempelplan.\n\
                             Se den med: {cd}planportal serve",
                            written.len()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        Command::Theme { files } => theme_command(&cli.root, &files, verbosity),
        Command::New { what } => {
            let result = match what {
                New::Plan { kommune, year } => scaffold::new_plan(&cli.root, &kommune, year),
                New::Kommune { name } => {
                    scaffold::new_municipality(&cli.root, &name).map(|f| vec![f])
                }
            };
            match result {
                Ok(written) => {
                    if verbosity > Verbosity::Quiet {
                        for f in &written {
                            eprintln!("Oprettede {}", f.display());
                        }
                        eprintln!(
                            "Udfyld felterne markeret {}; `planportal serve` viser resultatet, mens du skriver.",
                            scaffold::PLACEHOLDER
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        Command::Import {
            file,
            kommune,
            year,
            navn,
            force,
            format,
        } => {
            let opts = planportal::import::Options {
                navn,
                force,
                ..planportal::import::Options::new(file, &kommune, year, &cli.root)
            };
            match planportal::import::run(&opts) {
                Ok(report) => {
                    match format {
                        Format::Json => match serde_json::to_string_pretty(&report) {
                            Ok(j) => println!("{j}"),
                            Err(e) => eprintln!("rapporten kunne ikke skrives som JSON: {e}"),
                        },
                        Format::Human if verbosity > Verbosity::Quiet => {
                            print!("{}", planportal::import::render(&report))
                        }
                        Format::Human => {}
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        Command::Help { command } => clap_text::help(cmd, &command),
    }
}

/// `planportal theme [FIL…]`: lists the built-in theme's files and how the portal
/// stands to each, or copies the named ones out to be changed.
fn theme_command(root: &std::path::Path, files: &[String], verbosity: Verbosity) -> ExitCode {
    use scaffold::theme::{self, Standing};
    if let Err(d) = scaffold::require_portal(root) {
        return fail(d);
    }
    let config = match planportal::config::Config::load(root) {
        Ok(c) => c,
        Err(d) => return fail(d),
    };
    if files.is_empty() {
        let listed = theme::list(root, &config.theme);
        for (rel, standing) in &listed {
            match standing {
                Standing::BuiltIn => println!("  {rel}"),
                Standing::Same(p) => println!(
                    "  {rel}  (portalen har en kopi i {}, magen til den indbyggede; den kan slettes)",
                    p.display()
                ),
                Standing::Changed(p) => println!("* {rel}  (ændret i portalen: {})", p.display()),
            }
        }
        if verbosity > Verbosity::Quiet {
            let changed = listed
                .iter()
                .filter(|(_, s)| matches!(s, Standing::Changed(_)))
                .count();
            eprintln!(
                "Standardtemaet er bygget ind i planportal; portalen ændrer {changed} af dets {} filer.\n\
                 Kopiér en fil ud for at ændre den: planportal theme templates/base.html",
                listed.len()
            );
        }
        return ExitCode::SUCCESS;
    }
    match theme::copy_out(root, &config.theme, files) {
        Ok(written) => {
            if verbosity > Verbosity::Quiet {
                for f in &written {
                    eprintln!(
                        "Kopierede {}; dine ændringer i den bruges i stedet for den indbyggede.",
                        f.display()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(d) => fail(d),
    }
}

fn fail(d: Diagnostic) -> ExitCode {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags.print();
    ExitCode::FAILURE
}

/// Ctrl-C (or a polite kill) during `build`: the half-written staging folder is removed
/// and the previous output stays as it was. Exit status 130, as shells report Ctrl-C.
fn clean_up_on_interrupt() {
    // Without a handler (the signal could not be claimed) an interrupted build leaves
    // its staging folder to the next build, which removes it.
    let _ = ctrlc::set_handler(|| {
        planportal::write::remove_unfinished();
        eprintln!("\nAfbrudt: intet er udgivet, og det forrige site er uændret.");
        std::process::exit(130);
    });
}
