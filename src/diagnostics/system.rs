//! Texts of the operating system in Danish: an I/O error as people read it, and a file's
//! bytes as text (UTF-8, or an error that names the encoding it is really in).

use super::{Diagnostic, SourceFile};

/// An operating-system error in Danish, for the ones people meet (a missing file, no
/// permission, a full disk); anything else as the system words it.
pub fn io_text(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let text = match e.kind() {
        NotFound => "findes ikke",
        PermissionDenied => "adgang nægtet",
        AlreadyExists => "findes allerede",
        NotADirectory => "er ikke en mappe",
        IsADirectory => "er en mappe",
        DirectoryNotEmpty => "mappen er ikke tom",
        StorageFull => "der er ikke mere plads på drevet",
        ReadOnlyFilesystem => "drevet er skrivebeskyttet",
        AddrInUse => "adressen er allerede i brug",
        AddrNotAvailable => "adressen findes ikke på denne maskine",
        InvalidData => "indholdet kan ikke læses",
        _ => match e.raw_os_error() {
            Some(libc::ELOOP) => {
                "for mange symbolske links i træk (et link peger måske på sig selv)"
            }
            Some(libc::EIO) => "drevet gav en læse- eller skrivefejl",
            _ => return e.to_string(),
        },
    };
    text.to_string()
}

/// A file's bytes as text, for every file the build reads as text (content, config.toml,
/// templates): UTF-8, or an error that says which encoding it is in and points at the
/// first byte that is not UTF-8. A UTF-8 byte order mark is kept (callers strip it).
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    // UTF-16 starts with its byte order mark, or, for Latin text, has a NUL in every
    // other byte: naming Latin-1 for it would send the author the wrong way.
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4
            && bytes.iter().take(64).filter(|b| **b == 0).count() * 3 >= bytes.len().min(64));
    if utf16 {
        return Err(Diagnostic::error("filen er gemt som UTF-16, ikke UTF-8")
            .in_file(&SourceFile::new(shown, ""))
            .with_help(
                "gem filen som UTF-8 i din editor (i Notesblok: Gem som → Kodning: UTF-8)",
            ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(valid).copied().unwrap_or(0);
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let file = SourceFile::new(shown, lossy.as_str());
        // The text before the first bad byte is the same in the lossy copy, where the
        // bad byte became U+FFFD (three bytes): point at it.
        let latin1 = char::from(byte);
        let hint = if byte >= 0xa0 {
            format!(" (byte 0x{byte:02X} er `{latin1}` i Latin-1 / Windows-1252)")
        } else {
            String::new()
        };
        Diagnostic::error("filen er ikke gyldig UTF-8-tekst")
            .in_file(&file)
            .at(valid..valid + '\u{fffd}'.len_utf8())
            .with_label(format!("den første byte, der ikke er UTF-8{hint}"))
            .with_help(
                "gem filen som UTF-8 i din editor (den er måske gemt som Latin-1 / Windows-1252)",
            )
    })
}
