//! A minister goal or target group written as its title ("Flere ledige skal
//! opkvalificeres") instead of its name (`opkvalificering`): found by comparing the
//! written text with every title, so the message can give the name to write.
//!
//! Self-contained: slugs and titles in, the name out.

use crate::text::slug::slugify;

/// The name of the entry whose title (or short title) the written text is, or is close
/// to (a typo or two, different case or letters).
pub fn name_for_title<'a>(
    written: &str,
    entries: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> Option<&'a str> {
    let w = slugify(written);
    // A name (slug) with a typo gets the usual "mente du"; this is for titles.
    if w == written {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for (slug, title, short) in entries {
        for t in [title, short] {
            let t = slugify(t);
            if t.is_empty() {
                continue;
            }
            let score = strsim::normalized_levenshtein(&w, &t);
            if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, slug));
            }
        }
    }
    best.map(|(_, slug)| slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_their_names() {
        let goals = [
            (
                "opkvalificering",
                "Flere ledige skal opkvalificeres",
                "Opkvalificering",
            ),
            ("unge", "Unge", ""),
        ];
        assert_eq!(
            name_for_title("Flere ledige skal opkvalificeres", goals),
            Some("opkvalificering")
        );
        assert_eq!(
            name_for_title("flere ledige skal opkvalificers", goals),
            Some("opkvalificering")
        );
        assert_eq!(name_for_title("Noget helt andet her", goals), None);
        assert_eq!(name_for_title("opkvalifisering", goals), None);
        assert_eq!(name_for_title("Unge", goals), Some("unge"));
    }
}
