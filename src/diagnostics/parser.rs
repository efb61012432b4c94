//! The TOML and YAML parsers' and serde's messages, in Danish: "unknown field `titel`,
//! expected one of …" becomes "ukendt felt `titel`" with the expected names and a "mente
//! du"; a type error names what people write (a number, a list, a text in quotes), not
//! the Rust type; the syntax errors people make most get their fix. Front matter and
//! `config.toml` both read their errors through here.

use std::ops::Range;

use super::{Diagnostic, SourceFile};

/// What a parsed text is called in diagnostics: front matter, or the settings of
/// config.toml.
pub(crate) struct Parsed {
    /// Headline of a syntax or type error: "ugyldig {whole}: …".
    pub whole: &'static str,
    /// An unknown name: "ukendt {field} `…`{field_of}".
    pub field: &'static str,
    pub field_of: &'static str,
}

/// Rewrites serde's messages ("unknown field `titel`, expected one of `title`, …") into
/// a Danish diagnostic with the expected names as a note and a "mente du".
pub(crate) fn serde_diagnostic(
    message: &str,
    file: &SourceFile,
    span: Range<usize>,
    parsed: &Parsed,
) -> Diagnostic {
    let message = message.trim();
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    for (prefix, what, of) in [
        ("unknown field", parsed.field, parsed.field_of),
        ("unknown variant", "værdi", ""),
    ] {
        if message.starts_with(prefix)
            && let Some((wrong, expected)) = ticked.split_first()
        {
            let mut d = Diagnostic::error(format!("ukendt {what} `{wrong}`{of}"))
                .in_file(file)
                .at(span.clone())
                .with_label("kendes ikke her");
            if !expected.is_empty() {
                d = d.with_note(format!("forventede en af: {}", expected.join(", ")));
            }
            return d.suggest(wrong, expected.iter().copied());
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return Diagnostic::error(format!("feltet {field} mangler"))
            .in_file(file)
            .at(span)
            .with_help(format!("tilføj {field} i {}", parsed.whole));
    }
    // serde-saphyr: "cannot deserialize null into string; use Option<String>", for a
    // key with nothing after its colon.
    if let Some(rest) = message.strip_prefix("cannot deserialize null into ") {
        let wanted = rest.split(';').next().unwrap_or(rest);
        return Diagnostic::error(format!(
            "ugyldig {}: feltet har ingen værdi; forventede {}",
            parsed.whole,
            plain_type(wanted, false)
        ))
        .in_file(file)
        .at(span)
        .with_help("skriv en værdi efter feltets navn, eller fjern feltet");
    }
    let mut help = None;
    let (headline, note) = match message.split_once(", expected ") {
        Some((found, expected)) if message.starts_with("invalid type: ") => {
            let found = found.trim_start_matches("invalid type: ");
            let expected = plain_type(expected, false);
            if expected.contains("tal")
                && let Some(quoted) = found.strip_prefix("string ")
                && quoted.trim_matches('"').trim().parse::<f64>().is_ok()
            {
                help = Some(format!(
                    "skriv tallet uden anførselstegn: {}",
                    quoted.trim_matches('"').trim()
                ));
            }
            (
                format!(
                    "forkert type: forventede {expected}, fandt {}",
                    plain_found(found)
                ),
                None,
            )
        }
        Some((h, e)) if message.starts_with("invalid value") => (
            match h.strip_prefix("invalid value: ") {
                Some(found) => format!("ugyldig værdi: {}", plain_found(found)),
                None => h.to_string(),
            },
            Some(format!("forventede {}", plain_type(e, true))),
        ),
        // serde-saphyr: "invalid i32", "invalid boolean".
        _ if message.starts_with("invalid ")
            && plain_type(&message["invalid ".len()..], false) != &message["invalid ".len()..] =>
        {
            let what = plain_type(&message["invalid ".len()..], false);
            (format!("ugyldig værdi: forventede {what}"), None)
        }
        _ => (message.to_string(), None),
    };
    let headline = match headline.split_once(", set DuplicateKeyPolicy") {
        Some((h, _)) => h.to_string(),
        None => headline,
    };
    // serde-saphyr stops alias expansion ("billion laughs") with its budget; say so
    // without its internals.
    if headline.starts_with("budget breached") {
        return Diagnostic::error(
            "ugyldig front matter: YAML'en folder sig ud til for mange data (aliasser `*navn` gentaget inden i hinanden)",
        )
        .in_file(file)
        .at(span)
        .with_help("skriv værdierne ud; front matter har aldrig brug for aliasser så dybt inden i hinanden");
    }
    let written = file.text.get(span.clone()).unwrap_or("");
    help = help.or_else(|| syntax_help(&headline, written));
    let mut span = span;
    // YAML reports a tab just after it; point at the tab itself.
    if headline.contains("tabs") && span.start > 0 && file.text.as_bytes()[span.start - 1] == b'\t'
    {
        span = span.start - 1..span.start;
    }
    let mut d = Diagnostic::error(format!(
        "ugyldig {}: {}",
        parsed.whole,
        danish_syntax(&headline)
    ))
    .in_file(file)
    .at(span);
    if let Some(note) = note {
        d = d.with_note(note);
    }
    if let Some(help) = help {
        d = d.with_help(help);
    }
    d
}

/// The TOML and YAML parsers' own messages for the mistakes people make most, in
/// Danish; anything else is shown as the parser wrote it.
fn danish_syntax(message: &str) -> String {
    const KNOWN: &[(&str, &str)] = &[
        // TOML (toml_parser)
        ("invalid basic string", "ugyldig tekst"),
        (
            "invalid literal string",
            "ugyldig tekst i enkelte anførselstegn",
        ),
        (
            "invalid multi-line basic string",
            "ugyldig tekst over flere linjer",
        ),
        (
            "string values must be quoted",
            "tekst skal stå i anførselstegn",
        ),
        ("key with no value", "feltet har ingen værdi"),
        ("duplicate key", "feltet er skrevet to gange"),
        ("unclosed table", "tabellens overskrift er ikke lukket"),
        ("unclosed inline table", "tabellen er ikke lukket"),
        ("unclosed array", "listen er ikke lukket"),
        ("invalid unquoted key", "ugyldigt feltnavn"),
        ("unquoted keys cannot be empty", "feltnavnet mangler"),
        ("unexpected key or value", "uventet felt eller værdi"),
        ("invalid float", "ugyldigt tal"),
        ("floating-point number overflowed", "tallet er for stort"),
        ("invalid integer", "ugyldigt helt tal"),
        // YAML (serde-saphyr)
        ("mapping values are not allowed", "`: ` er ikke tilladt her"),
        ("unclosed quote", "anførselstegnet bliver aldrig lukket"),
        ("duplicate mapping key", "feltet er skrevet to gange"),
        ("expected string scalar", "forventede tekst"),
        (
            "while scanning a plain scalar, found a tab",
            "fandt en tabulator efter værdien",
        ),
        (
            "tabs disallowed",
            "tabulatorer er ikke tilladt i indrykning",
        ),
        (
            "illegal placement of ':' indicator",
            "`:` står et sted, hvor det ikke er tilladt",
        ),
        ("unexpected character", "uventet tegn"),
        (
            "while parsing a block mapping, did not find expected key",
            "forventede et felt",
        ),
        (
            "did not find expected <document start>",
            "uventet indhold (tjek indrykningen)",
        ),
        (
            "alias references unknown anchor",
            "aliasset henviser til et ukendt anker",
        ),
    ];
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, expected)) => (head, Some(expected)),
        None => (message, None),
    };
    let Some((english, danish)) = KNOWN.iter().find(|(english, _)| head.starts_with(english))
    else {
        return message.to_string();
    };
    // After a colon the parser names the culprit ("duplicate mapping key: title").
    let rest = &head[english.len()..];
    let rest = if rest.starts_with(':') { rest } else { "" };
    match expected {
        // The parser's grammar terms say nothing to an author.
        None | Some("nothing" | "literal string") => format!("{danish}{rest}"),
        Some(expected) => format!(
            "{danish}{rest}; forventede {}",
            expected
                .replace("letters, numbers", "bogstaver, tal")
                .replace("newline", "linjeskift")
                // A control character in a string: the parser lists what may stand there.
                .replace("non-double-quote visible characters", "synlige tegn")
                .replace("non-single-quote visible characters", "synlige tegn")
        ),
    }
}

/// serde names the Rust type it wanted ("i32", "a sequence"); people write numbers and
/// lists. `range` adds the limits, for values that had the right type but did not fit.
fn plain_type(expected: &str, range: bool) -> &str {
    match (expected.trim(), range) {
        (
            "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
            | "an integer",
            false,
        ) => "et helt tal (som 2021)",
        ("i32", true) => "et helt tal mellem -2147483648 og 2147483647",
        ("u32", true) => "et helt tal mellem 0 og 4294967295",
        ("u8", true) => "et helt tal mellem 0 og 255",
        ("i64" | "u64" | "usize" | "isize", true) => "et mindre helt tal",
        ("f32" | "f64" | "a float", _) => "et tal (som 82 eller 16.5)",
        ("a boolean" | "boolean" | "bool", _) => "true eller false (uden anførselstegn)",
        ("a sequence", _) => "en liste i firkantede parenteser (som [\"unge\"])",
        ("a string" | "string", _) => "tekst i dobbelte anførselstegn (som \"Unge\")",
        ("a map", _) => "en tabel af felter",
        (other, _) => other,
    }
}

/// serde's name for what it found ("string \"2021\"", "floating point `20.5`").
fn plain_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("teksten {s}");
    }
    for (serde, plain) in [
        ("floating point ", "tallet "),
        ("integer ", "tallet "),
        ("boolean ", ""),
    ] {
        if let Some(v) = found.strip_prefix(serde) {
            // A number too large for any integer type comes as "`…` as i128".
            let v = v.split("` as ").next().unwrap_or(v);
            return format!("{plain}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "en liste".into(),
        "map" => "en tabel".into(),
        other => other.into(),
    }
}

/// A fix for the TOML and YAML mistakes people make most, from the parser's message and
/// the text it points at.
fn syntax_help(message: &str, written: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("must be quoted") || m.contains("invalid string") {
        let typographic = ['“', '”', '„', '«', '»', '‘', '’'];
        return Some(if written.contains(typographic) {
            "brug lige anførselstegn `\"`, ikke typografiske som “ ”".into()
        } else {
            "sæt tekst i dobbelte anførselstegn, som `title = \"Unge\"`".into()
        });
    }
    let help = if m.contains("invalid basic string") || m.contains("unterminated") {
        "afslut teksten med `\"` på samme linje; tekst over flere linjer skrives mellem `\"\"\"` og `\"\"\"`"
    } else if m.contains("duplicate") {
        "hvert felt må kun skrives én gang: fjern eller omdøb det ene"
    } else if m.contains("tabs") || m.contains("a tab") {
        "YAML indrykkes kun med mellemrum: erstat tabulatoren med mellemrum"
    } else if m.contains("mapping values are not allowed") {
        "en værdi med `: ` i skal stå i anførselstegn, som title: \"Unge: flere i job\"; ellers tjek linjens indrykning"
    } else if m.contains("indicator") || m.contains("flow") {
        // Usually a `[` left open on a line above swallows the next line.
        "tjek linjerne ovenfor: en `[`, `{` eller et anførselstegn er måske ikke lukket, eller en værdi med `: ` skal måske i anførselstegn"
    } else if m.contains("unclosed") {
        "luk anførselstegnet eller parentesen, der åbner her"
    } else {
        return None;
    };
    Some(help.into())
}
