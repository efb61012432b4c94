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

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use planportal::BuildOptions;
use planportal::diagnostics::{Diagnostic, Diagnostics};
use ui::Verbosity;

/// The command line. Its words are Danish, clap's own ones too (headings, `-h`, `-V`,
/// `[standard: …]`): [`command_line`] puts them on; parse with it, not `Cli::parse`.
#[derive(Parser)]
#[command(
    name = "planportal",
    version,
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
    },
    /// Tjek indhold og skabeloner: alt hvad en bygning tjekker, uden at skrive noget
    Check {
        /// Tag kladder med (sider med `draft = true`)
        #[arg(long)]
        drafts: bool,
        /// Hvordan fejl og advarsler skrives
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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

/// [`Cli`]'s command with clap's own words in Danish as well: the headings ("Brug:",
/// "Kommandoer:", "Argumenter:", "Valg:"), `-h`/`--help` and `-V`/`--version`, the
/// `[OPTIONS]` and `<COMMAND>` of the usage line, and `[standard: …]` and
/// `[mulige værdier: …]` after an option's help. clap's parse errors stay English.
fn command_line() -> clap::Command {
    let mut cmd = Cli::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help("Vis hjælp"),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Vis versionen"),
        )
        // The options every command has come after a command's own, not between them.
        .mut_args(|arg| {
            let order = arg.get_display_order();
            arg.display_order(order + 100)
        });
    // Built first: then the global options are in every subcommand, and each option knows
    // whether it takes a value (which is what decides if clap shows its default).
    cmd.build();
    let usage = *cmd.get_styles().get_usage();
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}Brug:{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage.render(),
        usage.render_reset()
    );
    let usage_title = format!("{}Usage:{} ", usage.render(), usage.render_reset());
    danish_command(cmd, &template, &usage_title)
}

fn danish_command(mut cmd: clap::Command, template: &str, usage_title: &str) -> clap::Command {
    cmd = cmd.subcommand_value_name("KOMMANDO");
    // clap's usage line, as clap writes it, with `[OPTIONS]` in Danish.
    let usage = cmd.render_usage().ansi().to_string();
    let usage = usage
        .strip_prefix(usage_title)
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[VALG]");
    cmd.override_usage(usage)
        .help_template(template.to_string())
        .subcommand_help_heading("Kommandoer")
        .mut_args(danish_arg)
        .mut_subcommands(|sub| danish_command(sub, template, usage_title))
}

fn danish_arg(mut arg: Arg) -> Arg {
    let mut shown = Vec::new();
    let defaults = arg.get_default_values();
    if arg.get_action().takes_values() && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        let defaults: Vec<_> = defaults.iter().map(|d| d.to_string_lossy()).collect();
        shown.push(format!("[standard: {}]", defaults.join(" ")));
        arg = arg.hide_default_value(true);
    }
    let possible = arg.get_possible_values();
    if !arg.is_hide_possible_values_set() && !possible.is_empty() {
        let names: Vec<_> = possible
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name())
            .collect();
        shown.push(format!("[mulige værdier: {}]", names.join(", ")));
        arg = arg.hide_possible_values(true);
    }
    if !shown.is_empty() {
        let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        arg = arg.help(
            format!("{help} {}", shown.join(" "))
                .trim_start()
                .to_string(),
        );
    }
    let heading = if arg.is_positional() {
        "Argumenter"
    } else {
        "Valg"
    };
    arg.help_heading(heading)
}

/// `planportal help [KOMMANDO…]`: the help of the command named, as `--help` prints it.
fn help(names: &[String]) -> ExitCode {
    let mut cmd = command_line();
    let mut shown = &mut cmd;
    for name in names {
        if shown.find_subcommand(name).is_none() {
            eprintln!(
                "Der er ingen kommando `{name}` i `{}`; se `planportal --help`.",
                shown.get_bin_name().unwrap_or("planportal")
            );
            return ExitCode::from(2);
        }
        shown = shown.find_subcommand_mut(name).expect("found above");
    }
    match shown.print_help() {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn main() -> ExitCode {
    let mut cmd = command_line();
    let matches = cmd.get_matches_mut();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut cmd).exit());
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
        Command::Help { command } => help(&command),
    }
}

fn fail(d: Diagnostic) -> ExitCode {
    let mut diags = Diagnostics::default();
    diags.push(d);
    diags.print();
    ExitCode::FAILURE
}
