//! The content tree's layout, in one place: what a file under `content/` is from where
//! it sits (a page, a minister goal, a municipality, a plan, a chapter), the site path
//! it publishes to, and the paths and folders the engine generates itself, which
//! content may not take. Ground floor: it uses only `text` and `diagnostics`.

use crate::diagnostics::Diagnostic;
use crate::text::slug::{is_slug, slugify};

/// The folders of a portal that hold its sources, beside `config.toml`: a build never
/// writes into them, and `serve` rebuilds when anything in them changes.
pub const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

/// The sections whose pages are generated lists of the plan domain (the minister's
/// goals, the target groups, the municipalities): their `_index.md` gives the title and
/// the introduction, and their body shows on a generated page, not a page of its own.
pub const LIST_SECTIONS: [&str; 3] = [
    "ministermaal/_index.md",
    "maalgrupper/_index.md",
    "kommuner/_index.md",
];

/// Site paths the engine generates itself; content may not take them.
pub const GENERATED: [&str; 4] = ["/overblik/", "/data/", "/soeg/", "/404/"];

/// Folders the build fills with files of its own whose names vary (the search index's
/// pieces, the open data): nothing may be copied into them.
pub const RESERVED: [&str; 2] = ["soeg/indeks/", "data/"];

/// The marker of every text left for the author to write (`new plan`, `new kommune`,
/// the editor): checked by `link::placeholders`, and read by loading, which keeps the
/// whole text of a document that has one.
pub const PLACEHOLDER: &str = "UDFYLD";

/// Where a file sits in the plan domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// `_index.md` of an ordinary folder (or the front page, or a domain list page).
    Section,
    Page,
    MinisterGoal {
        slug: String,
    },
    TargetGroup {
        slug: String,
    },
    Municipality {
        slug: String,
    },
    Plan {
        municipality: String,
        year: i32,
    },
    Chapter {
        municipality: String,
        year: i32,
        slug: String,
        prefix: Option<i64>,
    },
}

/// Decides what a file is from where it sits.
pub fn place_of(rel: &str) -> Result<Place, Diagnostic> {
    let parts: Vec<&str> = rel.split('/').collect();
    // A name with no letter or digit (`!!!.md`, `¿¿/`) would vanish from the address
    // and land on another page's (`/` or `/om/`).
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let name = if last {
            part.trim_end_matches(".md")
        } else {
            part
        };
        if name != "_index" && !is_slug(name) && slugify(name).is_empty() {
            let what = if last { "filen" } else { "mappen" };
            return Err(Diagnostic::error(format!("`{name}` giver et tomt adressenavn"))
                .with_note("adressen dannes af fil- og mappenavnene, og dette navn har ingen bogstaver eller cifre")
                .with_help(format!("omdøb {what} `{name}`, så navnet har bogstaver eller cifre")));
        }
    }
    let stem = |name: &str| name.trim_end_matches(".md").to_string();
    let slug_of = |name: &str, what: &str| -> Result<String, Diagnostic> {
        let s = stem(name);
        if is_slug(&s) {
            Ok(s)
        } else {
            Err(Diagnostic::error(format!("`{s}` kan ikke være adressenavn for {what}"))
                .with_note("forventede små bogstaver a-z, cifre og enkelte bindestreger (æ→ae, ø→oe, å→aa)")
                .with_help(format!("omdøb den til `{}`", slugify(&s))))
        }
    };
    match parts.as_slice() {
        [_] if parts[0] == "_index.md" => Ok(Place::Section),
        [domain, "_index.md"] if ["ministermaal", "maalgrupper", "kommuner"].contains(domain) => Ok(Place::Section),
        ["ministermaal", name] => Ok(Place::MinisterGoal {
            slug: slug_of(name, "et ministermål")?,
        }),
        ["maalgrupper", name] => Ok(Place::TargetGroup {
            slug: slug_of(name, "en målgruppe")?,
        }),
        ["ministermaal" | "maalgrupper", ..] => Err(Diagnostic::error(format!(
            "uventet fil `content/{rel}`"
        ))
        .with_note("ministermål og målgrupper er filer direkte i content/ministermaal/ og content/maalgrupper/")),
        ["kommuner", kommune, "_index.md"] => Ok(Place::Municipality {
            slug: slug_of(kommune, "en kommune")?,
        }),
        ["kommuner", kommune, year, name] => {
            let municipality = slug_of(kommune, "en kommune")?;
            let year: i32 = year.parse().ok().filter(|y| (1900..=2100).contains(y) && year.len() == 4).ok_or_else(|| {
                Diagnostic::error(format!("`{year}` er ikke et planår"))
                    .with_note("en kommunes planer er mapper med årstallet som navn: content/kommuner/<kommune>/2022/_index.md")
            })?;
            if *name == "_index.md" {
                return Ok(Place::Plan { municipality, year });
            }
            let s = stem(name);
            let (prefix, rest) = split_number_prefix(&s);
            let slug = slug_of(rest, "et kapitel")?;
            Ok(Place::Chapter {
                municipality,
                year,
                slug,
                prefix,
            })
        }
        ["kommuner", ..] => Err(Diagnostic::error(format!("uventet fil `content/{rel}`")).with_note(
            "forventede content/kommuner/<kommune>/_index.md, …/<år>/_index.md eller …/<år>/<kapitel>.md",
        )),
        [.., "_index.md"] => Ok(Place::Section),
        _ => Ok(Place::Page),
    }
}

/// `03-unge` → (Some(3), "unge"); `unge` → (None, "unge").
fn split_number_prefix(stem: &str) -> (Option<i64>, &str) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < stem.len() && stem.as_bytes()[digits] == b'-' {
        (stem[..digits].parse().ok(), &stem[digits + 1..])
    } else {
        (None, stem)
    }
}

/// The site path of a file: folders become path segments, `_index.md` is the folder's
/// page, and every page is a folder with an `index.html` (`/om/`).
pub fn url_path(rel: &str, place: &Place) -> String {
    match place {
        Place::Chapter {
            municipality,
            year,
            slug,
            ..
        } => format!("/kommuner/{municipality}/{year}/{slug}/"),
        _ => {
            let without = rel.trim_end_matches(".md");
            let without = without.strip_suffix("_index").unwrap_or(without);
            let segments: Vec<String> = without
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    if is_slug(s) {
                        s.to_string()
                    } else {
                        slugify(s)
                    }
                })
                .collect();
            if segments.is_empty() {
                "/".to_string()
            } else {
                format!("/{}/", segments.join("/"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_tree() {
        assert_eq!(place_of("_index.md").unwrap(), Place::Section);
        assert_eq!(place_of("kommuner/_index.md").unwrap(), Place::Section);
        assert_eq!(
            place_of("ministermaal/opkvalificering.md").unwrap(),
            Place::MinisterGoal {
                slug: "opkvalificering".into()
            }
        );
        assert_eq!(
            place_of("kommuner/helsingoer/2021/_index.md").unwrap(),
            Place::Plan {
                municipality: "helsingoer".into(),
                year: 2021
            }
        );
        assert_eq!(
            place_of("kommuner/helsingoer/2021/03-unge.md").unwrap(),
            Place::Chapter {
                municipality: "helsingoer".into(),
                year: 2021,
                slug: "unge".into(),
                prefix: Some(3)
            }
        );
        assert_eq!(place_of("om.md").unwrap(), Place::Page);
        assert_eq!(place_of("hjaelp/_index.md").unwrap(), Place::Section);
    }

    #[test]
    fn misplaced_files_are_explained() {
        let d = place_of("kommuner/helsingør/_index.md").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("omdøb den til `helsingoer`"));
        let d = place_of("kommuner/helsingoer/plan/_index.md").unwrap_err();
        assert!(d.message.contains("ikke et planår"));
        assert!(place_of("kommuner/helsingoer/noter.md").is_err());
    }

    #[test]
    fn urls_follow_paths() {
        let url = |rel: &str| url_path(rel, &place_of(rel).unwrap());
        assert_eq!(url("_index.md"), "/");
        assert_eq!(url("om.md"), "/om/");
        assert_eq!(url("ministermaal/_index.md"), "/ministermaal/");
        assert_eq!(url("kommuner/a/2021/_index.md"), "/kommuner/a/2021/");
        assert_eq!(url("kommuner/a/2021/03-unge.md"), "/kommuner/a/2021/unge/");
        assert_eq!(url("Hjælp/Søg.md"), "/hjaelp/soeg/");
    }

    #[test]
    fn number_prefixes() {
        assert_eq!(split_number_prefix("03-unge"), (Some(3), "unge"));
        assert_eq!(split_number_prefix("unge"), (None, "unge"));
        assert_eq!(split_number_prefix("2021"), (None, "2021"));
        assert_eq!(split_number_prefix("10-"), (Some(10), ""));
    }
}
