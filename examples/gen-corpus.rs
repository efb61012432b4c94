//! Generates a synthetic plan portal for benchmarks: deterministic, valid planportal
//! content at realistic sizes, and optionally the same pages as a Hugo site.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --municipalities 98 --years 5 --out /dev/shm/corpus
//! cargo run --release --example gen-corpus -- --out /dev/shm/corpus --hugo-out /dev/shm/corpus-hugo
//! ```
//!
//! The default (98 municipalities × 5 years × 9 chapters) gives about 5,000 pages.
//! Chapters are 4–8 kB of Danish-like text with headings, lists, tables and internal
//! links; plans carry goals, targets and initiatives linked to minister goals. The same
//! seed always gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

struct Args {
    municipalities: usize,
    years: usize,
    chapters: usize,
    first_year: i32,
    seed: u64,
    out: PathBuf,
    hugo_out: Option<PathBuf>,
    zola_out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        municipalities: 98,
        years: 5,
        chapters: 9,
        first_year: 2020,
        seed: 1,
        out: PathBuf::from("corpus"),
        hugo_out: None,
        zola_out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag}: `{v}` is not a number"))
        };
        match flag.as_str() {
            "--municipalities" => a.municipalities = num(value()?)?,
            "--years" => a.years = num(value()?)?,
            "--chapters" => a.chapters = num(value()?)?,
            "--first-year" => a.first_year = num(value()?)? as i32,
            "--seed" => a.seed = num(value()?)? as u64,
            "--out" => a.out = PathBuf::from(value()?),
            "--hugo-out" => a.hugo_out = Some(PathBuf::from(value()?)),
            "--zola-out" => a.zola_out = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: gen-corpus [--municipalities N] [--years N] [--chapters N] [--first-year Y] [--seed N] --out DIR [--hugo-out DIR] [--zola-out DIR]".into());
            }
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

/// SplitMix64: a tiny deterministic generator, so the corpus never depends on a crate's
/// idea of randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

const WORDS: &[&str] = &[
    "beskæftigelse",
    "indsats",
    "borgere",
    "ledige",
    "virksomheder",
    "jobcentret",
    "uddannelse",
    "arbejdsmarkedet",
    "kommunen",
    "målgruppen",
    "sygedagpenge",
    "kontanthjælp",
    "opkvalificering",
    "samarbejde",
    "forløb",
    "mentor",
    "praktik",
    "løntilskud",
    "fleksjob",
    "ressourceforløb",
    "unge",
    "flygtninge",
    "integration",
    "arbejdskraft",
    "rekruttering",
    "fastholdelse",
    "vejledning",
    "afklaring",
    "sagsbehandling",
    "værdighed",
    "resultater",
    "udvikling",
    "strategi",
    "ledighed",
    "selvforsørgelse",
    "helhedsorienteret",
    "tværfaglig",
    "tidlig",
    "aktiv",
    "indsatsen",
    "skal",
    "vil",
    "med",
    "for",
    "til",
    "og",
    "i",
    "på",
    "af",
    "at",
    "der",
    "som",
    "en",
    "et",
    "de",
    "fokus",
    "hjælpe",
    "styrke",
    "understøtte",
    "sikre",
    "øge",
    "nedbringe",
    "målrettet",
    "virksomhedsrettet",
    "sygemeldte",
    "aktivitetsparate",
    "jobparate",
    "langtidsledige",
    "seniorer",
    "handicap",
    "ordinære",
    "timer",
];

struct Goal {
    slug: &'static str,
    title: &'static str,
    short: &'static str,
}

const GOALS: &[Goal] = &[
    Goal {
        slug: "vaerdig-sagsbehandling",
        title: "Alle ledige skal have en værdig sagsbehandling",
        short: "Værdig sagsbehandling",
    },
    Goal {
        slug: "opkvalificering",
        title: "Flere ledige skal opkvalificeres",
        short: "Opkvalificering af ledige",
    },
    Goal {
        slug: "flygtninge-selvforsoergende",
        title: "Flere flygtninge og familiesammenførte skal være selvforsørgende",
        short: "Flygtninge i selvforsørgelse",
    },
    Goal {
        slug: "handicap-beskaeftigelse",
        title: "Flere personer med handicap skal i beskæftigelse",
        short: "Personer med handicap i job",
    },
    Goal {
        slug: "kvalificeret-arbejdskraft",
        title: "Virksomhederne skal sikres den nødvendige og kvalificerede arbejdskraft",
        short: "Kvalificeret arbejdskraft",
    },
];

const GROUPS: &[(&str, &str)] = &[
    ("unge", "Unge"),
    ("jobparate", "Jobparate ledige"),
    ("aktivitetsparate", "Aktivitetsparate borgere"),
    ("sygemeldte", "Sygemeldte"),
    ("flygtninge", "Flygtninge og familiesammenførte"),
    ("virksomheder", "Virksomheder"),
];

const TOWNS: &[&str] = &[
    "Ager", "Bro", "Dal", "Eng", "Fjord", "Grøn", "Hav", "Høj", "Kær", "Lund", "Mose", "Nør", "Sø",
    "Vig", "Ås", "Øster", "Vester", "Bjerg", "Skov", "Strand",
];
const SUFFIXES: &[&str] = &[
    "rup", "sted", "bjerg", "holm", "borg", "lev", "by", "købing", "ager", "næs",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.word();
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 3 + rng.below(4);
    (0..n)
        .map(|_| {
            let words = 8 + rng.below(10);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Municipality {
    slug: String,
    name: String,
}

/// Denmark's regions, each with the number of municipalities up to and including it
/// (of 98), so a generated portal has regions of the real sizes.
const REGIONS: [(&str, usize); 5] = [
    ("Region Hovedstaden", 29),
    ("Region Sjælland", 46),
    ("Region Syddanmark", 68),
    ("Region Midtjylland", 87),
    ("Region Nordjylland", 98),
];

fn municipalities(n: usize) -> Vec<Municipality> {
    (0..n)
        .map(|i| {
            let town = TOWNS[i % TOWNS.len()];
            let suffix = SUFFIXES[(i / TOWNS.len()) % SUFFIXES.len()];
            let name = format!("{town}{suffix}");
            let round = i / (TOWNS.len() * SUFFIXES.len());
            let name = if round > 0 {
                format!("{name} {}", round + 1)
            } else {
                name
            };
            let slug = planportal::text::slug::slugify(&name);
            Municipality { slug, name }
        })
        .collect()
}

/// One chapter's Markdown body and its initiatives' titles.
fn chapter_body(
    rng: &mut Rng,
    plan_rel: &str,
    chapters: &[String],
    index: usize,
) -> (String, Vec<String>) {
    let chapter_no = index + 1;
    let mut body = String::new();
    let mut initiatives = Vec::new();
    let target = 4000 + rng.below(4000);
    let mut section = 0;
    while body.len() < target {
        section += 1;
        let title = format!("{} {chapter_no}.{section}", capitalize(rng.word()));
        let _ = writeln!(body, "## Indsats {title}\n");
        initiatives.push(format!("Indsats {title}"));
        let _ = writeln!(body, "{}\n", paragraph(rng));
        match rng.below(3) {
            0 => {
                for _ in 0..3 + rng.below(4) {
                    let words = 6 + rng.below(6);
                    let _ = writeln!(body, "- {}", sentence(rng, words));
                }
                body.push('\n');
            }
            1 => {
                body.push_str("| Målgruppe | 2021 | 2022 |\n|---|---:|---:|\n");
                for _ in 0..3 + rng.below(3) {
                    let _ = writeln!(
                        body,
                        "| {} | {} | {} |",
                        capitalize(rng.word()),
                        rng.below(900),
                        rng.below(900)
                    );
                }
                body.push('\n');
            }
            _ => {
                let other = (index + 1 + rng.below(chapters.len().max(1))) % chapters.len().max(1);
                let _ = writeln!(
                    body,
                    "Se også [kapitlet om {}](@/{plan_rel}{}.md) og [planens resultatmål](@/{plan_rel}_index.md#rk-1).\n",
                    rng.word(),
                    chapters[other]
                );
            }
        }
        let _ = writeln!(body, "### Om {}\n\n{}\n", rng.word(), paragraph(rng));
    }
    (body, initiatives)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(path, text)
}

/// A page as both generators need it.
struct Page {
    /// Path relative to content/.
    rel: String,
    title: String,
    /// Front matter fields beyond the title, as TOML lines (planportal only).
    toml: String,
    minister_goals: Vec<&'static str>,
    body: String,
}

fn generate(a: &Args) -> Vec<Page> {
    let mut rng = Rng(a.seed);
    let years: Vec<i32> = (0..a.years as i32).map(|i| a.first_year + i).collect();
    let year_list = years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut pages = Vec::new();
    pages.push(Page {
        rel: "_index.md".into(),
        title: "Beskæftigelsesplaner".into(),
        toml: String::new(),
        minister_goals: vec![],
        body: paragraph(&mut rng),
    });
    for (rel, title) in [
        ("ministermaal/_index.md", "Ministerens mål"),
        ("maalgrupper/_index.md", "Målgrupper"),
        ("kommuner/_index.md", "Kommuner"),
    ] {
        pages.push(Page {
            rel: rel.into(),
            title: title.into(),
            toml: String::new(),
            minister_goals: vec![],
            body: paragraph(&mut rng),
        });
    }
    for (i, g) in GOALS.iter().enumerate() {
        let numbers = years
            .iter()
            .map(|y| format!("{y} = {}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        pages.push(Page {
            rel: format!("ministermaal/{}.md", g.slug),
            title: g.title.into(),
            toml: format!(
                "short_title = \"{}\"\nyears = [{year_list}]\nnumber = {{ {numbers} }}\n",
                g.short
            ),
            minister_goals: vec![],
            body: paragraph(&mut rng),
        });
    }
    for (slug, title) in GROUPS {
        pages.push(Page {
            rel: format!("maalgrupper/{slug}.md"),
            title: (*title).into(),
            toml: String::new(),
            minister_goals: vec![],
            body: paragraph(&mut rng),
        });
    }
    let all = municipalities(a.municipalities);
    let count = all.len();
    for (i, m) in all.into_iter().enumerate() {
        // The five regions in blocks the size of Denmark's (29, 17, 22, 19, 11 of 98).
        let region = REGIONS
            .iter()
            .find(|(_, upto)| i * 98 < upto * count.max(1))
            .map_or(REGIONS[4].0, |(name, _)| name);
        pages.push(Page {
            rel: format!("kommuner/{}/_index.md", m.slug),
            title: format!("{} Kommune", m.name),
            toml: format!("region = \"{region}\"\n"),
            minister_goals: vec![],
            body: paragraph(&mut rng),
        });
        for &year in &years {
            let plan_rel = format!("kommuner/{}/{year}/", m.slug);
            let chapter_names: Vec<String> = (0..a.chapters)
                .map(|c| {
                    format!(
                        "{:02}-{}-{}",
                        c + 1,
                        planportal::text::slug::slugify(rng.word()),
                        c + 1
                    )
                })
                .collect();
            let mut toml = format!(
                "year = {year}\nsummary = \"{}\"\nsummary_author = \"Generatoren\"\n",
                sentence(&mut rng, 20)
            );
            let mut plan_goals = Vec::new();
            for (gi, g) in GOALS.iter().enumerate() {
                if rng.below(5) == 0 {
                    continue;
                }
                plan_goals.push(g.slug);
                let _ = write!(
                    toml,
                    "\n[[goals]]\nid = \"maal-{gi}\"\ntitle = \"{}\"\nminister_goals = [\"{}\"]\ntarget_groups = [\"{}\"]\n",
                    sentence(&mut rng, 7).trim_end_matches('.'),
                    g.slug,
                    GROUPS[gi % GROUPS.len()].0
                );
            }
            let goal_count = plan_goals.len();
            for t in 1..=4 + rng.below(4) {
                let goal = if goal_count > 0 {
                    let chosen = plan_goals[rng.below(goal_count)];
                    let index = GOALS.iter().position(|g| g.slug == chosen).unwrap_or(0);
                    format!("goal = \"maal-{index}\"\n")
                } else {
                    String::new()
                };
                let value = 1 + rng.below(95);
                let _ = write!(
                    toml,
                    "\n[[targets]]\nid = \"rk-{t}\"\n{goal}label = \"Resultatkrav {t}\"\ntext = \"{} skal stige til mindst {value} %.\"\nunit = \"%\"\nvalue = {value}\ndirection = \"at-least\"\ndeadline = \"{year}-12\"\nbaseline = {}\nbaseline_at = \"{}-12\"\n",
                    sentence(&mut rng, 6).trim_end_matches('.'),
                    rng.below(value.max(1)),
                    year - 1
                );
            }
            pages.push(Page {
                rel: format!("{plan_rel}_index.md"),
                title: format!("Beskæftigelsesplan {year}"),
                toml,
                minister_goals: plan_goals.clone(),
                body: String::new(),
            });
            for (ci, name) in chapter_names.iter().enumerate() {
                let (body, initiatives) = chapter_body(&mut rng, &plan_rel, &chapter_names, ci);
                let goal = if plan_goals.is_empty() {
                    GOALS[ci % GOALS.len()].slug
                } else {
                    plan_goals[ci % plan_goals.len()]
                };
                let mut toml = format!(
                    "minister_goals = [\"{goal}\"]\ntarget_groups = [\"{}\"]\n",
                    GROUPS[ci % GROUPS.len()].0
                );
                // Each initiative names its goal and group, as the plans' initiatives do
                // (a chapter's list is not inherited unless the author says so).
                for init in &initiatives {
                    let _ = write!(
                        toml,
                        "\n[[initiatives]]\ntitle = \"{init}\"\nkind = \"indsats\"\nminister_goals = [\"{goal}\"]\ntarget_groups = [\"{}\"]\n",
                        GROUPS[ci % GROUPS.len()].0
                    );
                }
                pages.push(Page {
                    rel: format!("{plan_rel}{name}.md"),
                    title: format!("{} {}", capitalize(rng.word()), rng.word()),
                    toml,
                    minister_goals: vec![goal],
                    body,
                });
            }
        }
    }
    pages
}

fn write_planportal(a: &Args, pages: &[Page]) -> std::io::Result<()> {
    fs::create_dir_all(&a.out)?;
    write(
        &a.out.join("config.toml"),
        "title = \"Syntetiske planer\"\ndescription = \"Et syntetisk korpus til målinger.\"\nbase_url = \"https://korpus.example\"\n",
    )?;
    // No theme: the corpus is drawn with the built-in one, as a new portal is.
    for p in pages {
        let text = format!("+++\ntitle = \"{}\"\n{}+++\n{}\n", p.title, p.toml, p.body);
        write(&a.out.join("content").join(&p.rel), &text)?;
    }
    Ok(())
}

/// A page's minister goals as a TOML array's items: `"a", "b"`.
fn goal_list(p: &Page) -> String {
    p.minister_goals
        .iter()
        .map(|g| format!("\"{g}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Chapter files lose their number prefix in planportal's URLs (`03-unge.md` →
/// `unge/`); a `slug = "…"` line gives Hugo and Zola the same URL.
fn slug_line(p: &Page) -> String {
    Path::new(&p.rel)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "_index")
        .map(|s| {
            let slug = s
                .split_once('-')
                .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(s, |(_, rest)| rest);
            format!("slug = \"{slug}\"\n")
        })
        .unwrap_or_default()
}

/// The one stylesheet of the Hugo and Zola sites.
const OTHER_CSS: &str = "body{font-family:system-ui;max-width:60rem;margin:auto}\n";

/// The same pages as a Hugo site: the same text, minimal equivalent templates, and a
/// `ministermaal` taxonomy for the goal links.
fn write_hugo(dir: &Path, pages: &[Page]) -> std::io::Result<()> {
    write(
        &dir.join("hugo.toml"),
        "baseURL = \"https://korpus.example/\"\nlanguageCode = \"da\"\ntitle = \"Syntetiske planer\"\ndisableKinds = [\"RSS\"]\n[taxonomies]\nministermaal = \"ministermaal\"\n[markup.goldmark.renderer]\nunsafe = false\n",
    )?;
    let base = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{{ .Title }} – {{ .Site.Title }}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><a href=\"/\">{{ .Site.Title }}</a><nav><a href=\"/ministermaal/\">Ministerens mål</a> <a href=\"/kommuner/\">Kommuner</a></nav></header><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n";
    write(&dir.join("layouts/_default/baseof.html"), base)?;
    write(
        &dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ with .Params.ministermaal }}<p>Ministermål: {{ range . }}<a href=\"/ministermaal/{{ . | urlize }}/\">{{ . }}</a> {{ end }}</p>{{ end }}{{ .TableOfContents }}{{ .Content }}{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &dir.join("layouts/_default/terms.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(&dir.join("static/style.css"), OTHER_CSS)?;
    for p in pages {
        // Hugo cannot resolve planportal's @/ links; point them at the same URLs.
        let body = p
            .body
            .replace("(@/", "(/")
            .replace(".md)", "/)")
            .replace(".md#", "/#")
            .replace("/_index/", "/");
        let goals = goal_list(p);
        let slug_line = slug_line(p);
        let text = format!(
            "+++\ntitle = \"{}\"\n{slug_line}ministermaal = [{goals}]\n+++\n{}\n",
            p.title, body
        );
        write(&dir.join("content").join(&p.rel), &text)?;
    }
    Ok(())
}

/// The same pages as a Zola site (Zola resolves `@/` links itself), with minimal
/// templates, a `ministermaal` taxonomy and Zola's own search index, which is what
/// planportal's build with its search index is compared with.
fn write_zola(dir: &Path, pages: &[Page]) -> std::io::Result<()> {
    write(
        &dir.join("config.toml"),
        "base_url = \"https://korpus.example\"\ntitle = \"Syntetiske planer\"\ndefault_language = \"da\"\nbuild_search_index = true\ntaxonomies = [{ name = \"ministermaal\" }]\n[markdown]\n",
    )?;
    let base = "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{% block title %}{{ config.title }}{% endblock %}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><a href=\"/\">{{ config.title }}</a><nav><a href=\"/ministermaal/\">Ministerens mål</a> <a href=\"/kommuner/\">Kommuner</a></nav></header><main>{% block main %}{% endblock %}</main></body></html>\n";
    write(&dir.join("templates/base.html"), base)?;
    write(
        &dir.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% if page.taxonomies.ministermaal %}<p>Ministermål: {% for g in page.taxonomies.ministermaal %}<a href=\"{{ get_taxonomy_url(kind='ministermaal', name=g) }}\">{{ g }}</a> {% endfor %}</p>{% endif %}<ul>{% for h in page.toc %}<li><a href=\"#{{ h.id }}\">{{ h.title }}</a></li>{% endfor %}</ul>{{ page.content | safe }}{% endblock %}\n",
    )?;
    let list = "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n";
    write(&dir.join("templates/section.html"), list)?;
    write(&dir.join("templates/index.html"), list)?;
    write(
        &dir.join("templates/taxonomy_list.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ taxonomy.name }}</h1><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    write(
        &dir.join("templates/taxonomy_single.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ term.name }}</h1><ul>{% for p in term.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    write(&dir.join("static/style.css"), OTHER_CSS)?;
    for p in pages {
        let goals = goal_list(p);
        let slug_line = slug_line(p);
        let taxonomies = if p.rel.ends_with("_index.md") || goals.is_empty() {
            String::new()
        } else {
            format!("[taxonomies]\nministermaal = [{goals}]\n")
        };
        // Zola checks @/ links to files but not anchors to front matter items.
        let body = p.body.replace("_index.md#rk-1)", "_index.md)");
        let text = format!(
            "+++\ntitle = \"{}\"\n{slug_line}{taxonomies}+++\n{body}\n",
            p.title
        );
        write(&dir.join("content").join(&p.rel), &text)?;
    }
    // Zola needs an _index.md in every folder that holds pages.
    for p in pages.iter().filter(|p| !p.rel.ends_with("_index.md")) {
        if let Some(folder) = Path::new(&p.rel).parent() {
            let index = dir.join("content").join(folder).join("_index.md");
            if !index.exists() {
                write(&index, "+++\ntitle = \"\"\n+++\n")?;
            }
        }
    }
    Ok(())
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if args.out.exists() {
        eprintln!(
            "{} exists; remove it first (the generator never overwrites)",
            args.out.display()
        );
        std::process::exit(2);
    }
    let pages = generate(&args);
    if let Err(e) = write_planportal(&args, &pages) {
        eprintln!("cannot write {}: {e}", args.out.display());
        std::process::exit(1);
    }
    type Writer = fn(&Path, &[Page]) -> std::io::Result<()>;
    let others: [(&Option<PathBuf>, Writer); 2] =
        [(&args.hugo_out, write_hugo), (&args.zola_out, write_zola)];
    for (dir, write) in others {
        let Some(dir) = dir else { continue };
        if dir.exists() {
            eprintln!("{} exists; remove it first", dir.display());
            std::process::exit(2);
        }
        if let Err(e) = write(dir, &pages) {
            eprintln!("cannot write {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    let bytes: usize = pages.iter().map(|p| p.body.len() + p.toml.len()).sum();
    eprintln!(
        "{} content files ({} kB) in {}",
        pages.len(),
        bytes / 1024,
        args.out.display()
    );
}
