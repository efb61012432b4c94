//! The `planportal` command line: build, check, serve, init and new, on top of the
//! library's stages. Serving lives in `serve.rs`, new portals and plans in `scaffold/`,
//! and what is printed (summary, spinner, `--quiet`) in `ui.rs`.

// As in the library: diagnostics are the error type, built only on the error path.
#![allow(clippy::result_large_err)]

mod scaffold;
mod serve;
mod ui;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use planportal::BuildOptions;
use planportal::diagnostics::{Diagnostic, Diagnostics};
use ui::Verbosity;

#[derive(Parser)]
#[command(name = "planportal", version, about = "A static site generator for public plan portals", long_about = None)]
struct Cli {
    /// The portal's folder (the one with config.toml and content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print only errors
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: where the site is built, which files changed
    #[arg(long, short = 'v', global = true, action = ArgAction::SetTrue)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output-dir)
    Build {
        /// Where to write the site [default: <root>/public]
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        /// Override config.toml's base_url
        #[arg(long, short = 'u')]
        base_url: Option<String>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
    },
    /// Check the content and templates: everything a build checks, writing nothing
    Check {
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// How to print the diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build, serve on 127.0.0.1:1111, rebuild and reload the browser on every change
    Serve {
        /// The port to listen on (0: any free port)
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback shows the site to the network
        #[arg(long, short = 'i', default_value = "127.0.0.1")]
        interface: IpAddr,
        /// Where to build the site [default: a temporary folder, removed on exit]
        #[arg(long, short = 'o')]
        output_dir: Option<PathBuf>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new portal: config, default theme, minister goals and an example plan
    Init {
        /// The folder to create it in [default: --root]
        dir: Option<PathBuf>,
        /// Add the files to a folder that is not empty (existing files are kept)
        #[arg(long)]
        force: bool,
    },
    /// Create a new plan or municipality from a skeleton
    New {
        #[command(subcommand)]
        what: New,
    },
}

#[derive(Subcommand)]
enum New {
    /// A plan skeleton with that year's minister goals as a checklist
    Plan {
        /// The municipality (its folder name or its name, e.g. helsingoer or Helsingør)
        kommune: String,
        /// The plan's year
        year: i32,
    },
    /// A municipality, in a folder named after it (Helsingør → helsingoer)
    Kommune {
        /// The municipality's name, e.g. "Helsingør"
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        } => {
            let opts = BuildOptions {
                output: output_dir,
                base_url,
                drafts,
                ..BuildOptions::new(&cli.root)
            };
            if verbosity == Verbosity::Verbose {
                eprintln!(
                    "Bygger {} til {}",
                    opts.root.display(),
                    opts.output_dir().display()
                );
            }
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
        Command::Check { drafts, format } => {
            let opts = BuildOptions {
                drafts,
                check_only: true,
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
        } => serve::run(serve::ServeOptions {
            root: cli.root,
            interface,
            port,
            output: output_dir,
            drafts,
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
                            "Oprettede en ny portal i {shown} ({} filer) med standardtemaet, ministerens mål og en eksempelplan.\n\
                             Se den med: {cd}planportal serve",
                            written.len()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
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
    }
}

fn fail(d: Diagnostic) -> ExitCode {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags.print();
    ExitCode::FAILURE
}
