//! Helpers for integration tests: build small sites in temporary folders.

pub mod html;
pub mod serve;

use std::fs;
use std::path::{Path, PathBuf};

use planportal::{BuildOptions, BuildReport, build};

/// A site in a temporary folder, with the repository's default theme.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site: config.toml and the default theme, no content.
    pub fn empty() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = Site { dir };
        site.write(
            "config.toml",
            "title = \"Testportal\"\ndescription = \"En portal til test.\"\nbase_url = \"https://test.example\"\n\n[portal]\naccessibility_statement = \"https://www.was.digst.dk/test-example\"\n",
        );
        copy_dir(
            &repo().join("themes/default"),
            &site.root().join("themes/default"),
        );
        site
    }

    /// A small valid portal: two minister goals, one target group, one municipality
    /// with a 2021 plan of one goal, one target and a chapter with one initiative.
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.write(
            "content/_index.md",
            "+++\ntitle = \"Testportal\"\n+++\nVelkommen.\n",
        );
        site.write(
            "content/ministermaal/opkvalificering.md",
            "+++\ntitle = \"Flere ledige skal opkvalificeres\"\nshort_title = \"Opkvalificering\"\nyears = [2021, 2022]\nnumber = { 2021 = 2, 2022 = 2 }\n+++\nOm målet.\n",
        );
        site.write(
            "content/ministermaal/handicap-beskaeftigelse.md",
            "+++\ntitle = \"Flere personer med handicap skal i beskæftigelse\"\nyears = [2020, 2021]\n+++\nOm målet.\n",
        );
        site.write(
            "content/maalgrupper/unge.md",
            "+++\ntitle = \"Unge\"\n+++\nUnge under 30.\n",
        );
        site.write(
            "content/kommuner/testrup/_index.md",
            "+++\ntitle = \"Testrup Kommune\"\nregion = \"Region Test\"\n+++\n",
        );
        site.write(
            "content/kommuner/testrup/2021/_index.md",
            r#"+++
title = "Beskæftigelsesplan 2021"
year = 2021
summary = "Planen vil have flere unge i uddannelse."

[[goals]]
id = "unge"
title = "Flere unge i uddannelse"
minister_goals = ["opkvalificering"]
target_groups = ["unge"]

[[targets]]
id = "rk-1"
goal = "unge"
label = "Resultatkrav 1"
text = "Antallet af unge på uddannelseshjælp skal falde med 2 %."
unit = "%"
value = 2
direction = "decrease-by"
deadline = "2021-Q4"
baseline_at = "2020-Q4"
+++
"#,
        );
        site.write(
            "content/kommuner/testrup/2021/01-unge.md",
            r#"+++
title = "Unge"
minister_goals = ["opkvalificering"]
goals = ["unge"]
target_groups = ["unge"]

[[initiatives]]
title = "Ungeindsatsen"
kind = "indsats"
+++
Indledning.

## Ungeindsatsen

Vi hjælper unge. Se [resultatkravet](@/kommuner/testrup/2021/_index.md#rk-1).
"#,
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).expect("remove");
    }

    /// A source file of the portal, as written.
    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.root())
    }

    pub fn build(&self) -> BuildReport {
        build(&self.options())
    }

    /// Builds and panics with the diagnostics if the build failed.
    pub fn build_ok(&self) -> BuildReport {
        let report = self.build();
        assert!(report.ok(), "build failed:\n{}", messages(&report));
        report
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.public().join(rel))
            .unwrap_or_else(|e| panic!("read public/{rel}: {e}"))
    }
}

/// Every diagnostic of a report, one per line, as `fejl: file:line:col: message (help)`.
pub fn messages(report: &BuildReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect()
}

/// The previous site, kept to prove a failed build did not touch it.
pub struct Published {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Site {
    /// Lays a fixture from `tests/fixtures/<name>/` over the site: each of its files
    /// replaces or adds the file at the same path.
    pub fn overlay(&self, name: &str) {
        let from = repo().join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_dir(&from, self.root());
    }

    /// Builds the valid site and remembers what was published.
    pub fn publish(&self) -> Published {
        self.build_ok();
        Published {
            files: snapshot(&self.public()),
        }
    }

    /// Runs the planportal binary with `--root <site>` and `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = std::process::Command::new(binary())
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run planportal");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Staging folders (`.public.staging-<pid>`) beside the output.
    pub fn staging_dirs(&self) -> Vec<String> {
        fs::read_dir(self.root())
            .expect("read site root")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".staging-"))
            .collect()
    }

    /// Asserts public/ is byte for byte what was published, and no staging is left.
    pub fn assert_unchanged(&self, before: &Published) {
        let now = snapshot(&self.public());
        assert!(
            now == before.files,
            "public/ changed after a failed build ({} files before, {} now)",
            before.files.len(),
            now.len()
        );
        assert!(
            self.staging_dirs().is_empty(),
            "staging folders left behind: {:?}",
            self.staging_dirs()
        );
    }
}

/// What a run of the binary printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// The planportal binary Cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_planportal"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// All files under `dir`, relative, sorted, with their bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            out.push((rel, fs::read(entry.path()).expect("read")));
        }
    }
    out
}

/// The strings of a JSON record's list field (`minister_goals` of an initiative).
pub fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key}"))
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}
