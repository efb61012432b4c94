//! The crate's layers, kept as drawn in `docs/architecture.md`: this test reads the
//! library's sources and fails when a module uses one it may not.
//!
//! The rule is one line per module: the modules of the library it may name with
//! `crate::`. A stage may use the ground floor and the stages before it, never one after
//! it or beside it; the ground floor uses nothing above it. The binary (`src/cli/`)
//! sits on top and may use anything.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::common::repo;

/// Each library module and what it may use. Order follows the pipeline.
const LAYERS: &[(&str, &[&str])] = &[
    // The ground floor.
    ("text", &[]),
    ("diagnostics", &["text"]),
    ("config", &["text", "diagnostics"]),
    ("content", &["text", "diagnostics"]),
    ("theme", &[]),
    // The stages.
    ("load", &["text", "diagnostics", "config", "content"]),
    (
        "link",
        &["text", "diagnostics", "config", "content", "load"],
    ),
    (
        "render",
        &[
            "text",
            "diagnostics",
            "config",
            "content",
            "theme",
            "load",
            "link",
        ],
    ),
    (
        "index",
        &["text", "diagnostics", "config", "content", "load", "link"],
    ),
    ("write", &["text", "diagnostics", "config", "content"]),
];

/// Modules of the library that run the pipeline (the whole build, and `serve`'s
/// rebuilds after an edit), or sit on top of it as the build's users (the editor, the
/// importer), and so may name every stage.
const TOP: &[&str] = &["lib", "build", "rebuild", "editor", "import"];

/// The library's top-level module a source file belongs to (`src/link/views.rs` →
/// `link`, `src/write.rs` → `write`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().expect("a path under src/");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// The library modules a source text names as `crate::x`, outside comments.
fn uses(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `crate::{a, b}` names several at once.
            if let Some(group) = after.strip_prefix('{') {
                let group = group.split('}').next().unwrap_or("");
                for item in group.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() {
                        out.insert(item.to_string());
                    }
                }
            } else if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

/// The binary's folder: everything under it sits on top of the library.
const BINARY: &str = "cli";

fn library_sources(src: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("a readable entry under src/");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src/");
        let module = module_of(rel);
        if module == BINARY {
            continue;
        }
        let mut text = fs::read_to_string(path).expect("a readable source file");
        // Unit tests at the foot of a file may build whole sites through the facade.
        if let Some(at) = text.find("#[cfg(test)]") {
            text.truncate(at);
        }
        out.push((rel.display().to_string(), module, text));
    }
    out
}

#[test]
fn every_library_module_has_a_layer() {
    let src = repo().join("src");
    let known: BTreeSet<&str> = LAYERS
        .iter()
        .map(|(m, _)| *m)
        .chain(TOP.iter().copied())
        .collect();
    let missing: BTreeSet<String> = library_sources(&src)
        .into_iter()
        .map(|(_, module, _)| module)
        .filter(|m| !known.contains(m.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a layer in tests/it/layers.rs (add them, and to docs/architecture.md): {missing:?}"
    );
}

#[test]
fn no_module_uses_a_layer_above_or_beside_it() {
    let src = repo().join("src");
    let mut broken = Vec::new();
    for (file, module, text) in library_sources(&src) {
        let Some((_, allowed)) = LAYERS.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        for used in uses(&text) {
            // `crate::BuildOptions` and other names at the crate's root are the facade.
            let is_module = LAYERS.iter().any(|(m, _)| *m == used);
            let root_item = used.chars().next().is_some_and(char::is_uppercase);
            if used == module || (!is_module && !root_item) {
                continue;
            }
            if root_item || !allowed.contains(&used.as_str()) {
                broken.push(format!("{file} ({module}) uses crate::{used}"));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_rule_catches_a_stage_that_uses_a_later_one() {
    // The checker itself: a file under link/ naming render is found.
    let found = uses("use crate::render::inline_markdown;\nlet x = crate::{text, write::Staging};");
    assert_eq!(
        found,
        ["render", "text", "write"]
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>()
    );
    let link_allowed = LAYERS.iter().find(|(m, _)| *m == "link").unwrap().1;
    assert!(!link_allowed.contains(&"render"));
    assert!(uses("// crate::render in a comment").is_empty());
}
