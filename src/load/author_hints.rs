//! Plain Danish for the TOML mistakes staff make most, on top of the parser's message:
//! a decimal comma (`value = 2,5`), a percent sign after a number (`value = 12 %`), a
//! number too large for the parser ("… as i128"), and a direction in Danish words
//! (`direction = "mindst"`), each with the fix written out.
//!
//! Reads only the diagnostic and the line it points at; used by `front_matter::parse`.

use crate::diagnostics::Diagnostic;

/// The directions as Danish words and as the schema writes them.
const DIRECTIONS: [(&str, &str); 6] = [
    ("mindst", "at-least"),
    ("højst", "at-most"),
    ("præcis", "exactly"),
    ("stigning på", "increase-by"),
    ("fald på", "decrease-by"),
    ("fald", "decrease-by"),
];

/// Rewrites `d` when the line it points at shows one of the common mistakes.
pub(crate) fn refine(mut d: Diagnostic) -> Diagnostic {
    let Some((file, span)) = d.file.clone().zip(d.span.clone()) else {
        return d;
    };
    let text = &file.text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let Some((key, value)) = line.split_once('=') else {
        return d;
    };
    let (key, value) = (key.trim(), value.trim());
    let value = value.split(" #").next().unwrap_or(value).trim();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some((int, frac)) = value.trim_start_matches('-').split_once(',')
        && digits(int)
        && digits(frac)
    {
        let fixed = value.replace(',', ".");
        d.message =
            format!("decimaltal skrives med punktum i front matter: `{fixed}`, ikke `{value}`");
        d.notes.clear();
        d.label = Some("komma som decimaltegn".into());
        d.help = Some(format!(
            "skriv `{key} = {fixed}` (editoren i `planportal serve` forstår også {value})"
        ));
        return d;
    }
    if let Some(number) = value.strip_suffix('%').map(str::trim)
        && digits(&number.replace(['.', ','], ""))
    {
        d.message = format!(
            "et tal skrives uden %-tegn: `{key} = {}`",
            number.replace(',', ".")
        );
        d.notes.clear();
        d.help = Some("skriv tallet alene, og enheden i sit eget felt: `unit = \"%\"`".into());
        return d;
    }
    // A whole number beyond 64 bits: serde says "… as i128" (translated by then).
    let long_number = digits(value.trim_start_matches('-')) && value.len() > 18;
    if long_number || d.message.contains(" as i128") || d.message.contains(" as u128") {
        d.message = format!("tallet `{value}` er for stort");
        d.notes.clear();
        d.help = Some(
            "et tal kan højst have 18 cifre; er det ikke et tal, så skriv det i anførselstegn"
                .into(),
        );
        return d;
    }
    if key == "direction" {
        let word = value.trim_matches('"').to_lowercase();
        let allowed = DIRECTIONS[..5]
            .iter()
            .map(|(da, en)| format!("{en} ({da})"))
            .collect::<Vec<_>>()
            .join(", ");
        d.notes = vec![format!("forventede en af: {allowed}")];
        if let Some((_, en)) = DIRECTIONS.iter().find(|(da, _)| *da == word) {
            d.help = Some(format!("`{word}` skrives `direction = \"{en}\"`"));
        }
    }
    d
}
