//! The `planportal` command line: build, check, serve, init and new, on top of the
//! library's stages. Serving lives in `serve.rs`, new portals and plans in `scaffold/`,
//! and what is printed (summary, spinner, `--quiet`) in `ui.rs`.

// As in the library: diagnostics are the error type, built only on the error path.
#![allow(clippy::result_large_err)]

mod cli_text;
mod scaffold;
mod serve;
mod ui;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use planportal::BuildOptions;
use planportal::diagnostics::{Diagnostic, Diagnostics};
use planportal::load::front_matter::Period;
use ui::Verbosity;

/// The command line. Its words are Danish, clap's own ones too (headings, `-h`, `-V`,
/// `[standard: …]`): [`command_line`] puts them on; parse with it, not `Cli::parse`.
#[derive(Parser)]
#[command(
    name = "planportal",
    // The commit comes from build.rs (`ukendt` when built without git).
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("PLANPORTAL_COMMIT"), ")"),
    about = "En statisk sitegenerator til offentlige planportaler",
    long_about = None
)]
struct Cli {
    /// Portalens mappe (den med config.toml og content/)
    #[arg(long, global = true, default_value = ".", value_name = "MAPPE")]
    root: PathBuf,
    /// Vis kun fejl
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Vis mere: hvor sitet bygges, og hvilke filer der er ændret
    #[arg(long, short = 'v', global = true, action = ArgAction::SetTrue)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Byg sitet i public/ (eller --output-dir)
    Build {
        /// Hvor sitet skal skrives [standard: <root>/public]
        #[arg(long, short = 'o', value_name = "MAPPE")]
        output_dir: Option<PathBuf>,
        /// Brug en anden base_url end den i config.toml
        #[arg(long, short = 'u', value_name = "ADRESSE")]
        base_url: Option<String>,
        /// Tag kladder med (sider med `draft = true`)
        #[arg(long)]
        drafts: bool,
        /// "I dag" for resultatmålenes status, fx 2023-06-30 [standard: datoen for det nyeste resultat]
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        date: Option<Period>,
    },
    /// Tjek indhold og skabeloner: alt hvad en bygning tjekker, uden at skrive noget
    Check {
        /// Tag kladder med (sider med `draft = true`)
        #[arg(long)]
        drafts: bool,
        /// Hvordan fejl og advarsler skrives
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// "I dag" for resultatmålenes status, fx 2023-06-30 [standard: datoen for det nyeste resultat]
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        date: Option<Period>,
    },
    /// Byg og vis sitet på 127.0.0.1:1111; byg igen og genindlæs browseren ved hver ændring
    Serve {
        /// Porten der lyttes på (0: en vilkårlig ledig port)
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Adressen der lyttes på; alt andet end loopback gør sitet synligt på netværket
        #[arg(long, short = 'i', default_value = "127.0.0.1", value_name = "ADRESSE")]
        interface: IpAddr,
        /// Hvor sitet skal bygges [standard: en midlertidig mappe, der slettes igen]
        #[arg(long, short = 'o', value_name = "MAPPE")]
        output_dir: Option<PathBuf>,
        /// Tag kladder med (sider med `draft = true`)
        #[arg(long)]
        drafts: bool,
        /// "I dag" for resultatmålenes status, fx 2023-06-30 [standard: datoen for det nyeste resultat]
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        date: Option<Period>,
    },
    /// Opret en ny portal: konfiguration, standardtema, ministerens mål og en eksempelplan
    Init {
        /// Mappen portalen skal oprettes i [standard: --root]
        #[arg(value_name = "MAPPE")]
        dir: Option<PathBuf>,
        /// Tilføj filerne til en mappe, der ikke er tom (eksisterende filer bevares)
        #[arg(long)]
        force: bool,
    },
    /// Lav en kladde til en plan ud fra den vedtagne plan (.docx, .pdf, .txt eller .md)
    Import {
        /// Planen som Word-dokument, PDF eller tekst (også tekst fra OCR)
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Kommunens mappenavn, fx helsingoer
        #[arg(long, value_name = "KOMMUNE")]
        kommune: String,
        /// Planens år
        #[arg(long, value_name = "ÅR")]
        year: i32,
        /// Kommunens navn, hvis den ikke findes i portalen endnu, fx "Helsingør Kommune"
        #[arg(long, value_name = "NAVN")]
        navn: Option<String>,
        /// Erstat en eksisterende plan for kommunen og året
        #[arg(long)]
        force: bool,
        /// Hvordan rapporten skrives
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Opret en ny plan eller kommune, klar til at blive udfyldt
    New {
        #[command(subcommand)]
        what: New,
    },
    // Takes the place of clap's own `help` subcommand, whose text is English.
    /// Vis hjælpen til planportal eller til en kommando
    Help {
        /// Kommandoen, fx build eller new plan
        #[arg(value_name = "KOMMANDO")]
        command: Vec<String>,
    },
}

#[derive(Subcommand)]
enum New {
    /// En ny plan med årets ministermål som tjekliste
    Plan {
        /// Kommunen (mappenavn eller navn, fx helsingoer eller Helsingør)
        kommune: String,
        /// Planens år
        #[arg(value_name = "ÅR")]
        year: i32,
    },
    /// En ny kommune, i en mappe opkaldt efter den (Helsingør → helsingoer)
    Kommune {
        /// Kommunens navn, fx "Helsingør"
        #[arg(value_name = "NAVN")]
        name: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// `--date`: a day or a month, as results are dated.
fn parse_date(s: &str) -> Result<Period, String> {
    Period::parse(s)
}

/// [`Cli`]'s command, in Danish through and through (see `cli_text.rs`).
fn command_line() -> clap::Command {
    cli_text::danish(Cli::command())
}

fn main() -> ExitCode {
    let mut cmd = command_line();
    let cli = cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches))
        .unwrap_or_else(|e| cli_text::exit(&e, &cmd));
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
        Command::Check {
            drafts,
            format,
            date,
        } => {
            let opts = BuildOptions {
                drafts,
                today: date,
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
        Command::Help { command } => cli_text::help(cmd, &command),
    }
}

fn fail(d: Diagnostic) -> ExitCode {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags.print();
    ExitCode::FAILURE
}
