//! `planportal init` and `planportal new plan|kommune`: writing new portals, plans and
//! municipalities that build from the first run.
//!
//! Everything `init` writes is compiled into the binary (the minister goals and target
//! groups of the demo portal, and the starter files in `src/cli/scaffold/starter/`), so
//! an installed `planportal` needs no copy of the repository. The default theme is not
//! copied: it is built in, and a portal holds only the theme files it changes (see
//! [`theme`] for taking one out).
//! Nothing here ever overwrites a file: `init` refuses a folder with files in it unless
//! `--force` (and even then writes only files that do not exist), and `new` refuses if
//! the plan or municipality is there already.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use planportal::diagnostics::{Diagnostic, SourceFile, did_you_mean, io_text};
use planportal::load::front_matter::{self, MinisterGoalFront};
use planportal::text::slug::{is_slug, slugify};

pub mod theme;

static MINISTER_GOALS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content/ministermaal");
static TARGET_GROUPS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content/maalgrupper");
static STARTER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/cli/scaffold/starter");

/// The marker of every text `new plan` and `new kommune` leave for the editor to write.
pub const PLACEHOLDER: &str = "UDFYLD";

/// Every file of a new portal: path relative to the portal → contents.
fn portal_files() -> BTreeMap<PathBuf, &'static [u8]> {
    let mut files = BTreeMap::new();
    let mut add = |dir: &'static Dir<'static>, under: &Path| {
        for file in all_files(dir) {
            let rel = file.path();
            // A file named `.gitignore` would be ignored by the repository's own git.
            let rel = if rel == Path::new("gitignore") {
                PathBuf::from(".gitignore")
            } else {
                rel.to_path_buf()
            };
            files.insert(under.join(rel), file.contents());
        }
    };
    add(&STARTER, Path::new(""));
    add(&MINISTER_GOALS, Path::new("content/ministermaal"));
    add(&TARGET_GROUPS, Path::new("content/maalgrupper"));
    files
}

fn all_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(all_files(sub));
    }
    out
}

/// Creates a new portal in `dir`. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let occupied = match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(Diagnostic::error(format!(
                "kan ikke læse {}: {}",
                dir.display(),
                io_text(&e)
            )));
        }
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "{} er en fil, ikke en mappe",
            dir.display()
        )));
    }
    if occupied && !force {
        return Err(Diagnostic::error(format!(
            "{} er ikke tom: `init` opretter en ny portal i en tom mappe",
            dir.display()
        ))
        .with_help(
            "vælg en ny mappe (`planportal init mit-site`), eller tilføj --force for at lægge portalens filer her; eksisterende filer bliver aldrig overskrevet",
        ));
    }
    let mut written = Vec::new();
    for (rel, contents) in portal_files() {
        let path = dir.join(&rel);
        if path.exists() {
            continue;
        }
        write_new(&path, contents).map_err(|e| {
            Diagnostic::error(format!(
                "kan ikke skrive {}: {}",
                path.display(),
                io_text(&e)
            ))
        })?;
        written.push(rel);
    }
    Ok(written)
}

/// Writes a file that must not exist yet, creating its folders.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(contents)
}

/// The error for a folder without config.toml, as `new` and `serve` report it.
pub fn require_portal(root: &Path) -> Result<(), Diagnostic> {
    if root.join("config.toml").is_file() {
        Ok(())
    } else {
        Err(Diagnostic::error(format!(
            "{} er ikke en portal: der er ingen config.toml",
            root.display()
        ))
        .with_help(planportal::diagnostics::RUN_IN_A_PORTAL))
    }
}

/// Turns a municipality's name into its folder name: `Helsingør Kommune` → `helsingoer`.
pub fn municipality_slug(name: &str) -> String {
    let name = name.trim();
    let name = name
        .strip_suffix(" Kommune")
        .or_else(|| name.strip_suffix(" kommune"))
        .unwrap_or(name);
    slugify(name)
}

/// Writes `content/kommuner/<slug>/_index.md`. Returns the file written.
pub fn new_municipality(root: &Path, name: &str) -> Result<PathBuf, Diagnostic> {
    require_portal(root)?;
    let slug = municipality_slug(name);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "`{name}` har ingen bogstaver at lave et mappenavn af"
        ))
        .with_help("skriv kommunens navn, fx `planportal new kommune \"Helsingør\"`"));
    }
    let bare = name.trim();
    let bare = bare
        .strip_suffix(" Kommune")
        .or_else(|| bare.strip_suffix(" kommune"))
        .unwrap_or(bare);
    let rel = PathBuf::from(format!("content/kommuner/{slug}/_index.md"));
    let path = root.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(format!(
            "kommunen `{slug}` findes allerede: {}",
            rel.display()
        ))
        .with_help(format!(
            "ret i {} i stedet, eller tilføj en plan med `planportal new plan {slug} <år>`",
            rel.display()
        )));
    }
    let title = format!("{bare} Kommune");
    let text = format!(
        r#"+++
title = "{title}"
# En kladde (med sine planer) kommer kun med, når der bygges med --drafts. Slet linjen,
# når alle UDFYLD er skrevet.
draft = true
# Regionen: Region Hovedstaden, Region Sjælland, Region Syddanmark,
# Region Midtjylland eller Region Nordjylland.
region = "{PLACEHOLDER}: kommunens region"
jobcenter = "Jobcenter {bare}"
description = "{PLACEHOLDER}: én sætning om kommunen til søgemaskiner og oversigter."
# website = "https://www.{slug}.dk"
+++
{PLACEHOLDER}: en kort præsentation af kommunen og jobcentret (kan slettes).
"#,
        title = toml_escape(&title),
        bare = toml_escape(bare),
    );
    write_new(&path, text.as_bytes()).map_err(|e| {
        Diagnostic::error(format!(
            "kan ikke skrive {}: {}",
            path.display(),
            io_text(&e)
        ))
    })?;
    Ok(rel)
}

/// A minister goal as `new plan` lists it.
struct GoalInfo {
    slug: String,
    title: String,
    number: Option<u32>,
}

/// The minister goals in force in `year`, in the ministry's order for that year.
fn minister_goals_in(root: &Path, year: i32) -> Vec<GoalInfo> {
    let mut out = Vec::new();
    let dir = root.join("content/ministermaal");
    let Ok(entries) = fs::read_dir(&dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        if slug.starts_with('_') {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let file = SourceFile::new(format!("content/ministermaal/{name}"), text.as_str());
        // A broken goal file is reported by `check`; here it is just left out.
        let Ok(split) = front_matter::split(&text, &file) else {
            continue;
        };
        let Ok(front) = front_matter::parse::<MinisterGoalFront>(&file, &split) else {
            continue;
        };
        if !front.years.value.contains(&year) {
            continue;
        }
        let number = front
            .number
            .value
            .iter()
            .find(|(k, _)| k.0 == year)
            .map(|(_, n)| *n);
        out.push(GoalInfo {
            slug: slug.to_string(),
            title: front.title.clone(),
            number,
        });
    }
    out.sort_by(|a, b| {
        (a.number.is_none(), a.number, &a.slug).cmp(&(b.number.is_none(), b.number, &b.slug))
    });
    out
}

/// The slugs of the files (or folders) in `content/<dir>/`.
fn slugs_in(root: &Path, dir: &str, folders: bool) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(root.join("content").join(dir))
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().is_dir() == folders)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter_map(|n| {
                    if folders {
                        Some(n)
                    } else {
                        n.strip_suffix(".md").map(str::to_string)
                    }
                })
                .filter(|n| !n.starts_with('_') && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Writes a plan skeleton: `content/kommuner/<kommune>/<year>/_index.md` and a first
/// chapter. Returns the files written.
pub fn new_plan(root: &Path, municipality: &str, year: i32) -> Result<Vec<PathBuf>, Diagnostic> {
    require_portal(root)?;
    if !(1900..=2100).contains(&year) {
        return Err(Diagnostic::error(format!("{year} er ikke et planår"))
            .with_note("forventede et år mellem 1900 og 2100, fx 2023"));
    }
    let slug = if is_slug(municipality) {
        municipality.to_string()
    } else {
        municipality_slug(municipality)
    };
    let known = slugs_in(root, "kommuner", true);
    if !root
        .join(format!("content/kommuner/{slug}/_index.md"))
        .is_file()
    {
        let mut d = Diagnostic::error(format!("der er ingen kommune `{slug}`"));
        if known.is_empty() {
            d = d.with_note("portalen har ingen kommuner endnu");
        } else {
            d = d.with_note(format!("forventede en af: {}", known.join(", ")));
        }
        d = match did_you_mean(&slug, known.iter().map(String::as_str)) {
            Some(best) => d.with_help(format!("mente du `{best}`?")),
            None => d.with_help(format!(
                "opret den først med `planportal new kommune \"{municipality}\"`"
            )),
        };
        return Err(d);
    }
    let dir = PathBuf::from(format!("content/kommuner/{slug}/{year}"));
    let index = dir.join("_index.md");
    if root.join(&index).exists() {
        return Err(Diagnostic::error(format!(
            "{slug} har allerede en plan for {year}: {}",
            index.display()
        ))
        .with_help("ret i den plan i stedet; `new plan` overskriver aldrig"));
    }
    let chapter = dir.join("01-indsatser.md");
    if root.join(&chapter).exists() {
        return Err(Diagnostic::error(format!(
            "{} findes allerede; `new plan` overskriver aldrig",
            chapter.display()
        )));
    }

    let goals = minister_goals_in(root, year);
    let groups = slugs_in(root, "maalgrupper", false);
    let first_goal = goals.first().map(|g| g.slug.clone());
    let first_group = groups.first().cloned();
    let list = |v: &Option<String>| match v {
        Some(s) => format!("[\"{s}\"]"),
        None => "[]".to_string(),
    };

    let mut checklist = String::new();
    let framework = planportal::config::Config::load(root)
        .map(|c| c.minister_goals)
        .unwrap_or_default();
    if goals.is_empty() && framework.ended_before(year) {
        // The goals were abolished: there is nothing to add 2025 to.
        let _ = writeln!(
            checklist,
            "# Ingen nationale mål for {year}: ministerens mål gælder kun til og med {}.\n\
             # Planen har kun kommunens egne mål: skriv dem som [[goals]] uden `minister_goals`.",
            framework.until.unwrap_or(year)
        );
        if let Some(why) = &framework.ended {
            for line in wrap_comment(why) {
                let _ = writeln!(checklist, "# {line}");
            }
        }
    } else if goals.is_empty() {
        let _ = writeln!(
            checklist,
            "# Ministerens mål for {year}: der er ingen i content/ministermaal/ endnu. Tilføj {year}\n\
             # til `years` i de mål, der gælder i {year} (og nye mål som nye filer), og brug\n\
             # `planportal check`, som fortæller, hvilke mål planen ikke svarer på."
        );
    } else {
        let _ = writeln!(
            checklist,
            "# Ministerens mål for {year}. Sæt kryds, når planen svarer på et mål: med et lokalt\n\
             # mål eller resultatmål (skriv målets id i `minister_goals`) eller med en note\n\
             # i [[minister_goal_notes]], hvis planen ikke sætter mål for det.\n#"
        );
        for g in &goals {
            let number = g.number.map_or(String::new(), |n| format!("{n}. "));
            let _ = writeln!(checklist, "# [ ] {number}{}: {}", g.slug, g.title);
        }
    }
    let groups_line = if groups.is_empty() {
        "# Målgrupper: ingen i content/maalgrupper/ endnu.".to_string()
    } else {
        format!("# Målgrupper: {}", groups.join(", "))
    };
    let note = match goals.get(1).or(goals.first()) {
        Some(g) => format!(
            "\n# Hvis planen ikke sætter mål for et af ministerens mål, så sig det her:\n\
             # [[minister_goal_notes]]\n\
             # minister_goal = \"{}\"\n\
             # text = \"Kommunen opstiller ikke et selvstændigt resultatmål for …\"\n",
            g.slug
        ),
        None => String::new(),
    };

    let plan = format!(
        r#"+++
title = "Beskæftigelsesplan {year}"
year = {year}
# En kladde kommer kun med, når der bygges med --drafts. Slet linjen (eller tryk Udgiv
# i editoren), når alle UDFYLD er skrevet.
draft = true
# adopted = {prev}-12-15               # datoen, byrådet vedtog planen
# source = "/kilder/{slug}-{year}.pdf"    # den vedtagne plan (en adresse eller en fil i static/)
# source_title = "Beskæftigelsesplan {year}"
summary = """
{PLACEHOLDER}: tre til fem sætninger i et klart sprog: hvad vil planen, for hvem, og hvad er de vigtigste resultatmål.
"""

{checklist}
{groups_line}

# Kommunens egne mål. Kopiér blokken for hvert mål; `id` er et kort navn med små
# bogstaver og bindestreger, som resultatmål og kapitler henviser til.
[[goals]]
id = "maal-1"
title = "{PLACEHOLDER}: kommunens mål, som planen formulerer det"
minister_goals = {mg}
target_groups = {tg}

# Resultatmål (resultatkrav). Kopiér blokken for hvert resultatmål. Et resultatmål har et
# tal (`value` og `direction`: at-least, at-most, exactly, increase-by eller decrease-by)
# eller en sammenligning (`comparison = "bedre end landsgennemsnittet"`).
[[targets]]
id = "rm-1"
goal = "maal-1"
label = "Resultatmål 1"
text = "{PLACEHOLDER}: resultatmålet med planens egne ord"
indicator = "{PLACEHOLDER}: hvad der måles"
unit = "%"
value = 10
direction = "at-least"
deadline = "{year}-12"
{note}+++
"#,
        prev = year - 1,
        mg = list(&first_goal),
        tg = list(&first_group),
    );

    let chapter_text = format!(
        r#"+++
title = "{PLACEHOLDER}: kapitlets overskrift"
draft = true
# Hvilke af planens egne mål kapitlet handler om (arver ministerens mål fra dem).
goals = ["maal-1"]
target_groups = {tg}

# Indsatser. Hver indsats hører til en overskrift (##) i teksten herunder med præcis
# samme tekst som `title`. `kind`: indsats, projekt, forløb, tilbud eller samarbejde.
[[initiatives]]
title = "{PLACEHOLDER}: indsatsens navn"
kind = "indsats"
summary = "{PLACEHOLDER}: indsatsen i én sætning"
+++
{PLACEHOLDER}: kapitlets indledning.

## {PLACEHOLDER}: indsatsens navn

{PLACEHOLDER}: hvad indsatsen går ud på, for hvem, og hvad den skal føre til.
"#,
        tg = list(&first_group),
    );

    write_new(&root.join(&index), plan.as_bytes()).map_err(|e| {
        Diagnostic::error(format!(
            "kan ikke skrive {}: {}",
            index.display(),
            io_text(&e)
        ))
    })?;
    write_new(&root.join(&chapter), chapter_text.as_bytes()).map_err(|e| {
        Diagnostic::error(format!(
            "kan ikke skrive {}: {}",
            chapter.display(),
            io_text(&e)
        ))
    })?;
    Ok(vec![index, chapter])
}

/// Escapes text for a TOML basic string.
fn toml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Splits a sentence into comment lines of about 80 characters.
fn wrap_comment(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + word.chars().count() > 80 {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_names_become_slugs() {
        assert_eq!(municipality_slug("Helsingør"), "helsingoer");
        assert_eq!(municipality_slug("Allerød Kommune"), "alleroed");
        assert_eq!(municipality_slug("Ærø"), "aeroe");
        assert_eq!(municipality_slug("  Lyngby-Taarbæk "), "lyngby-taarbaek");
        assert_eq!(municipality_slug("Aabenraa"), "aabenraa");
    }

    #[test]
    fn the_embedded_portal_has_goals_and_an_example_and_no_theme_copy() {
        let files = portal_files();
        for must in [
            "config.toml",
            ".gitignore",
            "content/ministermaal/opkvalificering.md",
            "content/maalgrupper/unge.md",
            "content/kommuner/eksempelby/2022/_index.md",
        ] {
            assert!(files.contains_key(Path::new(must)), "missing {must}");
        }
        assert!(!files.keys().any(|f| f.starts_with("themes")));
    }
}
