//! clap's own words in Danish: the help's headings and usage line, `help`, and the
//! errors for a mistyped command line. The commands and options themselves are
//! described in `main.rs`; clap has no setting for its language, so this module puts
//! the Danish on a built command and renders its parse errors itself.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The command with clap's own words in Danish as well: the headings ("Brug:",
/// "Kommandoer:", "Argumenter:", "Valg:"), `-h`/`--help` and `-V`/`--version`, the
/// `[OPTIONS]` and `<COMMAND>` of the usage line, and `[standard: …]` and
/// `[mulige værdier: …]` after an option's help.
pub fn danish(cmd: Command) -> Command {
    let mut cmd = cmd
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

fn danish_command(mut cmd: Command, template: &str, usage_title: &str) -> Command {
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
pub fn help(mut cmd: Command, names: &[String]) -> ExitCode {
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

/// Prints a command-line error in Danish, as clap would have in English, and exits with
/// clap's code for it (2 for a mistake, 0 for `--help` and `--version`).
pub fn exit(e: &clap::Error, cmd: &Command) -> ! {
    let Some(message) = danish_error(e) else {
        // Help, version, and the rare mistakes without a Danish text: clap's own words.
        e.exit()
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => usage.to_string(),
        _ => String::new(),
    };
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    eprintln!("fejl: {message}");
    if !usage.is_empty() {
        eprintln!("\nBrug: {usage}");
    }
    // The usage line starts with the command the mistake is in ("planportal new plan").
    let words: Vec<&str> = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<']))
        .collect();
    let command = if words.is_empty() {
        cmd.get_name().to_string()
    } else {
        words.join(" ")
    };
    eprintln!("\nSe mere med `{command} --help`.");
    std::process::exit(2)
}

/// The Danish text of a mistake on the command line, with the suggestion clap found.
fn danish_error(e: &clap::Error) -> Option<String> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    let arg = || text(ContextKind::InvalidArg).unwrap_or_default();
    let value = || text(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "ukendt kommando `{}`",
            text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::UnknownArgument => format!("ukendt valg `{}`", arg()),
        ErrorKind::InvalidValue if value().is_empty() => format!("{} mangler en værdi", arg()),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("`{}` er ikke en gyldig værdi for {}", value(), arg())
        }
        ErrorKind::MissingRequiredArgument => format!("{} mangler", arg()),
        ErrorKind::MissingSubcommand => format!(
            "`{}` skal have en kommando",
            text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} kan ikke bruges sammen med {}",
            arg(),
            text(ContextKind::PriorArg)?
        ),
        _ => return None,
    };
    if let Some(valid) = text(ContextKind::ValidValue) {
        message.push_str(&format!("\n  mulige værdier: {valid}"));
    }
    let suggested = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(text);
    if let Some(s) = suggested {
        message.push_str(&format!("\n  forslag: mente du `{s}`?"));
    }
    Some(message)
}
