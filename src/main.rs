//! The `planportal` command line: build, check (and, in their own modules, serve, init
//! and new) on top of the library's stages.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use planportal::{BuildOptions, build};

#[derive(Parser)]
#[command(name = "planportal", version, about = "A static site generator for public plan portals", long_about = None)]
struct Cli {
    /// The portal's folder (the one with config.toml and content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
            let report = build(&opts);
            report.diagnostics.print();
            if report.ok() {
                eprintln!(
                    "Byggede {} sider: {} planer, {} resultatmål, {} indsatser på {} ms → {}",
                    report.pages,
                    report.plans,
                    report.targets,
                    report.initiatives,
                    report.elapsed.as_millis(),
                    opts.output_dir().display()
                );
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "Bygningen fejlede: {} fejl, {} advarsler. Den tidligere udgave af {} er urørt.",
                    report.diagnostics.error_count(),
                    report.diagnostics.warning_count(),
                    opts.output_dir().display()
                );
                ExitCode::FAILURE
            }
        }
        Command::Check { drafts, format } => {
            let opts = BuildOptions {
                drafts,
                check_only: true,
                ..BuildOptions::new(&cli.root)
            };
            let report = build(&opts);
            match format {
                Format::Json => println!("{}", report.diagnostics.to_json()),
                Format::Human => {
                    report.diagnostics.print();
                    eprintln!(
                        "{} fejl, {} advarsler ({} planer, {} resultatmål, {} indsatser)",
                        report.diagnostics.error_count(),
                        report.diagnostics.warning_count(),
                        report.plans,
                        report.targets,
                        report.initiatives
                    );
                }
            }
            if report.ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
