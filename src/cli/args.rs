//! The command line's shape: every command, option and its Danish help text, as clap
//! reads them. What the commands do is in `main.rs`; clap's own words in Danish are in
//! `clap_text.rs`.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{ArgAction, CommandFactory, Parser, Subcommand, ValueEnum};

use planportal::load::front_matter::Period;

use crate::clap_text;

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
pub(crate) struct Cli {
    /// Portalens mappe (den med config.toml og content/)
    #[arg(long, global = true, default_value = ".", value_name = "MAPPE")]
    pub(crate) root: PathBuf,
    /// Vis kun fejl
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Vis mere: hvor sitet bygges, og hvilke filer der er ændret
    #[arg(long, short = 'v', global = true, action = ArgAction::SetTrue)]
    pub(crate) verbose: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Opret en ny portal: konfiguration, ministerens mål og en eksempelplan
    Init {
        /// Mappen portalen skal oprettes i [standard: --root]
        #[arg(value_name = "MAPPE")]
        dir: Option<PathBuf>,
        /// Tilføj filerne til en mappe, der ikke er tom (eksisterende filer bevares)
        #[arg(long)]
        force: bool,
    },
    /// Vis standardtemaets filer, og hvilke portalen ændrer; kopiér filer ud for at ændre dem
    Theme {
        /// Filer der skal kopieres til themes/<tema>/, fx templates/base.html
        #[arg(value_name = "FIL")]
        files: Vec<String>,
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
pub(crate) enum New {
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
pub(crate) enum Format {
    Human,
    Json,
}

/// `--date`: a day or a month, as results are dated.
pub(crate) fn parse_date(s: &str) -> Result<Period, String> {
    Period::parse(s)
}

/// [`Cli`]'s command, in Danish through and through (see `clap_text.rs`).
pub(crate) fn command_line() -> clap::Command {
    clap_text::danish(Cli::command())
}
