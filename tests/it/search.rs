//! The search index: Danish folding and compound splitting on real words from the demo
//! plans, the records and facets of the demo portal's index, and a deterministic,
//! switchable index. (The browser side is tests/browser/search.test.mjs.)

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Site, repo, snapshot};
use planportal::BuildOptions;
use planportal::index::compound::Splitter;
use planportal::index::danish::{fold, key, split_points, tails};
use serde_json::Value;

/// Builds the demo portal into a temporary folder.
fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let mut opts = BuildOptions::new(repo());
    opts.output = Some(out.clone());
    let report = planportal::build(&opts);
    assert!(report.ok(), "{:?}", report.diagnostics);
    (tmp, out)
}

/// A file the build compressed (`r/` of the index), read as JSON.
fn gunzip_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..2], b"\x1f\x8b", "{} is gzip", path.display());
    serde_json::from_reader(flate2::read::GzDecoder::new(&bytes[..])).expect("json")
}

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("json")
}

/// Every indexed term of a built index.
fn terms(out: &Path) -> BTreeSet<String> {
    let meta = json(&out.join("soeg/indeks/meta.json"));
    let mut all = BTreeSet::new();
    for shard in meta["shards"].as_array().expect("shards") {
        let shard = json(&out.join(format!("soeg/indeks/t/{}.json", shard.as_str().unwrap())));
        for t in shard["t"].as_array().unwrap() {
            all.insert(t.as_str().unwrap().to_string());
        }
    }
    all
}

#[test]
fn place_names_fold_with_and_without_danish_letters() {
    for (written, typed) in [
        ("Helsingør", "helsingor"),
        ("Helsingør", "Helsingoer"),
        ("Helsingør", "HELSINGØR"),
        ("Allerød", "allerod"),
        ("Allerød", "alleroed"),
        ("Hjørring", "hjorring"),
        ("Hjørring", "hjoerring"),
        ("Hedensted", "hedensted"),
        ("sygedagpengeområdet", "sygedagpengeomraadet"),
        ("sygedagpengeområdet", "sygedagpengeomradet"),
        ("ældre", "aeldre"),
        ("fællesskab", "faellesskab"),
        ("løsningsfokuseret", "losningsfokuseret"),
        ("målgruppe", "maalgruppe"),
        ("målgruppe", "malgruppe"),
    ] {
        assert_eq!(fold(written), fold(typed), "{written} / {typed}");
        assert_eq!(
            key(&fold(written)),
            key(&fold(typed)),
            "{written} / {typed}"
        );
    }
}

#[test]
fn compounds_from_the_plans_split_into_their_parts() {
    let parts = |word: &str| Splitter::get().parts(word);
    // Words as they stand in the demo plans.
    for (word, expected) in [
        (
            "sygedagpengemodtagere",
            &["syge", "dag", "penge", "modtagere"][..],
        ),
        ("dagpengemodtagere", &["dag", "penge", "modtagere"]),
        (
            "voksenlærlingeordningen",
            &["voksen", "lærlinge", "ordningen"],
        ),
        ("voksenlærlingeforløb", &["voksen", "lærlinge", "forløb"]),
        (
            "kontanthjælpsmodtagere",
            &["kontant", "hjælps", "modtagere"],
        ),
        ("uddannelseshjælp", &["uddannelses", "hjælp"]),
        ("fleksjobberettigede", &["fleksjob", "berettigede"]),
        ("resultatmål", &["resultat", "mål"]),
        ("jobcentret", &["job", "centret"]),
    ] {
        assert_eq!(parts(word), expected, "{word}");
    }
    for word in [
        "indsatsen",
        "forsikrede",
        "beskæftigelse",
        "uddannelse",
        "modtagere",
        "ledighed",
        "virksomhederne",
    ] {
        assert_eq!(parts(word), [word], "{word} is no compound");
    }
}

#[test]
fn a_part_of_a_compound_is_the_start_of_one_of_its_tails() {
    // What the search page relies on: a query's key is a prefix of an indexed tail.
    for (compound, part) in [
        ("sygedagpengemodtagere", "dagpenge"),
        ("sygedagpengemodtagere", "modtager"),
        ("voksenlærlingeordningen", "lærling"),
        ("voksenlærlingeordningen", "lærlinge"),
        ("kontanthjælpsmodtagere", "kontanthjælp"),
        ("kontanthjælpsmodtagere", "hjælp"),
    ] {
        let query = key(&fold(part));
        let keys: Vec<String> = tails(compound, &split_points(compound))
            .iter()
            .map(|t| key(t))
            .collect();
        assert!(
            keys.iter().any(|k| k.starts_with(&query)) || key(&fold(compound)).starts_with(&query),
            "{part} ({query}) in {compound}: {keys:?}"
        );
    }
}

#[test]
fn the_demo_index_holds_folded_stems_compound_tails_and_every_record() {
    let (_tmp, out) = demo();
    let terms = terms(&out);
    for t in [
        "helsingor",
        "allerod",
        "hjorring",
        "hedensted", // folded place names
        "dagpeng",
        "dagpengemodtag",
        "laerling",
        "laerlingeordning", // tails
        "kommun",
        "virksomhed", // stems
    ] {
        assert!(terms.contains(t), "{t} is not indexed");
    }
    for stop in ["og", "at", "pa"] {
        assert!(!terms.contains(stop), "stop word {stop} is indexed");
    }
    assert!(
        !terms.iter().any(|t| t.contains(['æ', 'ø', 'å'])),
        "unfolded terms"
    );

    let meta = json(&out.join("soeg/indeks/meta.json"));
    let n = meta["n"].as_u64().unwrap() as usize;
    // Every target and initiative is its own record, pointing at its anchor.
    let mut rows = Vec::new();
    for chunk in 0..meta["files"].as_str().unwrap().len() {
        let file = gunzip_json(&out.join(format!("soeg/indeks/r/{chunk}.json.gz")));
        let sentences = file["s"].as_array().unwrap();
        for row in file["r"].as_array().unwrap() {
            // Each row's runs point into its file's sentences, and every record quotes one.
            let runs = row[6].as_array().unwrap();
            assert!(!runs.is_empty(), "{row}");
            for run in runs.chunks(2) {
                let (first, count) = (run[0].as_u64().unwrap(), run[1].as_u64().unwrap());
                assert!(
                    count > 0 && (first + count) as usize <= sentences.len(),
                    "{row}"
                );
            }
            rows.push(row.clone());
        }
    }
    assert_eq!(rows.len(), n);
    let of_kind = |k: &str| rows.iter().filter(|r| r[2] == k).collect::<Vec<_>>();
    // As many as the open data lists: every target and initiative is searchable.
    let targets = json(&out.join("data/targets.json"))
        .as_array()
        .unwrap()
        .len();
    let initiatives = json(&out.join("data/initiatives.json"))
        .as_array()
        .unwrap()
        .len();
    assert!(
        targets >= 52 && initiatives >= 123,
        "{targets} {initiatives}"
    );
    assert_eq!(of_kind("Resultatmål").len(), targets);
    assert_eq!(of_kind("Indsats").len(), initiatives);
    assert_eq!(of_kind("Plan").len(), 4);
    assert_eq!(of_kind("Ministermål").len(), 5);
    assert_eq!(of_kind("Kapitel").len(), 29);
    for r in of_kind("Resultatmål")
        .iter()
        .chain(of_kind("Indsats").iter())
    {
        let url = r[0].as_str().unwrap();
        assert!(url.contains("/#"), "{url} has no anchor");
        let page = out
            .join(url.trim_start_matches('/').split('#').next().unwrap())
            .join("index.html");
        let anchor = url.split('#').nth(1).unwrap();
        let html =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(
            html.contains(&format!("id=\"{anchor}\"")) || html.contains(&format!("id={anchor}")),
            "{url}"
        );
    }

    // Facets with every value's records.
    let facets: BTreeMap<String, Vec<String>> = meta["facets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let values = f["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            (f["key"].as_str().unwrap().to_string(), values)
        })
        .collect();
    assert_eq!(
        facets["kommune"],
        ["Allerød", "Hedensted", "Helsingør", "Hjørring"]
    );
    assert_eq!(facets["aar"], ["2022", "2021", "2020", "2019"]);
    assert!(facets["ministermaal"].contains(&"Kvalificeret arbejdskraft".to_string()));
    assert!(facets["maalgruppe"].contains(&"Unge".to_string()));
    assert!(facets["type"].contains(&"Resultatmål".to_string()));
}

#[test]
fn the_index_is_byte_identical_across_builds_and_off_when_switched_off() {
    let (_a, one) = demo();
    let (_b, two) = demo();
    let index = |out: &Path| snapshot(&out.join("soeg/indeks"));
    assert!(!index(&one).is_empty());
    assert_eq!(index(&one), index(&two));

    let site = Site::minimal();
    site.build_ok();
    assert!(site.public().join("soeg/indeks/meta.json").exists());
    assert!(site.public().join("soeg/index.html").exists());
    site.write(
        "config.toml",
        "title = \"Testportal\"\nbase_url = \"https://test.example\"\n[search]\nenabled = false\n",
    );
    site.build_ok();
    assert!(!site.public().join("soeg").exists());
}
