//! Atomic publishing: a build killed part-way (SIGKILL, so nothing can clean up)
//! leaves the previous `public/` byte for byte as it was, and the next build succeeds
//! and removes the dead build's staging folder. A build interrupted with Ctrl-C
//! (SIGINT) or a polite kill (SIGTERM) removes its staging folder itself.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Site, snapshot};

const PAGES: usize = 2_000;

/// Adds enough pages that rendering takes a while, so there is time to kill it.
fn grow(site: &Site) {
    site.write(
        "content/sider/_index.md",
        "+++\ntitle = \"Sider\"\n+++\nMange sider.\n",
    );
    let dir = site.root().join("content/sider");
    for i in 0..PAGES {
        fs::write(
            dir.join(format!("side-{i:05}.md")),
            format!("+++\ntitle = \"Side {i}\"\n+++\nSide {i}.\n\n## Afsnit\n\nTekst.\n"),
        )
        .expect("write page");
    }
}

fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// Starts a build and kills it with SIGKILL once its staging folder holds at least
/// `files` files. Returns the staging folder's name.
fn kill_build_when_staged(site: &Site, files: usize) -> String {
    signal_build_when_staged(site, files, libc::SIGKILL).0
}

/// Starts a build and sends it `signal` once its staging folder holds at least `files`
/// files. Returns the staging folder's name and how the build ended.
fn signal_build_when_staged(
    site: &Site,
    files: usize,
    signal: libc::c_int,
) -> (String, std::process::ExitStatus) {
    let mut child = Command::new(common::binary())
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn planportal");
    let staging = format!(".public.staging-{}", child.id());
    let path = site.root().join(&staging);
    let start = Instant::now();
    loop {
        if path.is_dir() && count_files(&path) >= files {
            let pid = libc::pid_t::try_from(child.id()).expect("a pid");
            // SAFETY: kill(2) on our own child, which has not been reaped yet.
            assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill");
            let status = child.wait().expect("reap");
            return (staging, status);
        }
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!(
                "the build ended ({status}) before its staging folder held {files} files; \
                 the site must be larger for this test to kill it part-way"
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "the build never staged {files} files"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up() {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.public());
    grow(&site);

    // Killed as soon as the first file is staged, and again half-way through.
    for files in [1, PAGES / 2] {
        let staging = kill_build_when_staged(&site, files);
        assert!(
            snapshot(&site.public()) == before,
            "public/ changed after a build killed with {files}+ files staged"
        );
        assert!(
            site.root().join(&staging).is_dir(),
            "the killed build's staging folder is still there (it was killed part-way)"
        );
        assert!(
            !site.public().join("sider").exists(),
            "no page of the killed build was published"
        );
    }

    // The next build succeeds, publishes everything and removes the stale folders.
    let run = site.run(&["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        site.staging_dirs().is_empty(),
        "stale staging folders left: {:?}",
        site.staging_dirs()
    );
    assert!(site.public().join("sider/side-01999/index.html").is_file());
    assert!(site.public().join("index.html").is_file());
}

/// Issue 13, item 6: a build stopped by Ctrl-C or a polite kill leaves no half-written
/// staging folder beside the output and publishes nothing.
#[test]
fn ctrl_c_or_a_polite_kill_removes_the_staging_folder_and_keeps_the_previous_site() {
    use std::os::unix::process::ExitStatusExt;

    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.public());
    grow(&site);
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let (staging, status) = signal_build_when_staged(&site, PAGES / 4, signal);
        assert_eq!(
            (status.code(), status.signal()),
            (Some(130), None),
            "the build exits as an interrupted program does, after cleaning up"
        );
        assert!(
            !site.root().join(&staging).exists(),
            "the interrupted build removed its staging folder {staging}"
        );
        assert!(site.staging_dirs().is_empty(), "{:?}", site.staging_dirs());
        assert!(
            snapshot(&site.public()) == before,
            "public/ is as it was before the interrupted build"
        );
    }
}
