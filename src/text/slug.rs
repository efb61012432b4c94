//! Slugs: the ASCII identities that name things in URLs, anchors and front matter.
//!
//! Danish letters get their conventional transliterations (æ→ae, ø→oe, å→aa) so that
//! `Helsingør` becomes `helsingoer`, as Danish public sites write it; every other
//! non-ASCII letter is transliterated by `deunicode`.

/// Turns any text into a slug: lower-case ASCII letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let mut buf = [0u8; 4];
        let mapped: &str = match c {
            'æ' | 'Æ' => "ae",
            'ø' | 'Ø' => "oe",
            'å' | 'Å' => "aa",
            c if c.is_ascii() => c.encode_utf8(&mut buf),
            c => deunicode::deunicode_char(c).unwrap_or(""),
        };
        for b in mapped.chars() {
            if b.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(b.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

/// Whether `s` is already a slug: non-empty, `a-z`, `0-9` and single inner dashes.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_letters_are_transliterated() {
        assert_eq!(slugify("Helsingør"), "helsingoer");
        assert_eq!(slugify("Allerød Kommune"), "alleroed-kommune");
        assert_eq!(slugify("Hjørring"), "hjoerring");
        assert_eq!(slugify("Værdig sagsbehandling"), "vaerdig-sagsbehandling");
        assert_eq!(slugify("Ålborg Å"), "aalborg-aa");
        assert_eq!(slugify("ÆØÅ"), "aeoeaa");
    }

    #[test]
    fn punctuation_collapses_to_single_dashes() {
        assert_eq!(
            slugify("  Den Kommunale Unge Indsats (KUI) "),
            "den-kommunale-unge-indsats-kui"
        );
        assert_eq!(
            slugify("3.2 Ungeindsatsen – flere unge!"),
            "3-2-ungeindsatsen-flere-unge"
        );
        assert_eq!(slugify("a--b__c"), "a-b-c");
        assert_eq!(slugify("Café résumé"), "cafe-resume");
    }

    #[test]
    fn text_without_letters_gives_an_empty_slug() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("–!?"), "");
    }

    #[test]
    fn slugs_are_recognised() {
        assert!(is_slug("rk-handicap-1"));
        assert!(is_slug("2021"));
        assert!(!is_slug(""));
        assert!(!is_slug("Helsingør"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a-"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("a b"));
    }

    #[test]
    fn slugify_always_gives_a_slug_or_nothing() {
        for s in [
            "Hello, World",
            "ØÆÅ øæå",
            "x",
            "--",
            "Ærø-færgen",
            "日本語",
            "emoji 🎉 ok",
        ] {
            let slug = slugify(s);
            assert!(slug.is_empty() || is_slug(&slug), "{s:?} -> {slug:?}");
        }
    }
}
