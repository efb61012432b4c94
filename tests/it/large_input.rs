//! Large input: a 20 MB Markdown page and 10,000 files in one folder build, in memory
//! that stays bounded, without hanging.
//!
//! The binary runs as a child process so its peak memory (the kernel's `ru_maxrss`
//! from `wait4`) is its own, not the test harness's. A build that runs for ten minutes
//! is killed and reported as a hang; the bounds are generous, so only a real regression
//! (quadratic time, memory that grows with something it should not) fails them.

use crate::common;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

/// How a measured run ended.
struct Measured {
    code: i32,
    stderr: String,
    /// Peak resident memory of the child, in bytes.
    max_rss: u64,
}

/// Runs `planportal --root <root> build`, returning its exit code and peak memory.
fn build_measured(root: &Path) -> Measured {
    let err_path = root.join("build-stderr.txt");
    let child = Command::new(common::binary())
        .arg("--root")
        .arg(root)
        .arg("build")
        .stdout(Stdio::null())
        .stderr(fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("spawn planportal");
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data the kernel fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waiting for our own child with valid out-pointers.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(rc >= 0, "wait4: {}", std::io::Error::last_os_error());
        if rc == pid {
            break;
        }
        if start.elapsed() > Duration::from_secs(600) {
            // SAFETY: killing our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("planportal build did not finish in ten minutes: a hang");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // The child was reaped by wait4; `child` must not be waited for again.
    drop(child);
    assert!(
        libc::WIFEXITED(status),
        "planportal was killed by signal {}",
        libc::WTERMSIG(status)
    );
    Measured {
        code: libc::WEXITSTATUS(status),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
        // Linux reports ru_maxrss in kilobytes.
        max_rss: usage.ru_maxrss as u64 * 1024,
    }
}

const MB: u64 = 1024 * 1024;

#[test]
fn a_20_mb_markdown_page_builds_in_bounded_memory() {
    let site = Site::minimal();
    // Dense Markdown: headings with the same text (their ids are de-duplicated), lists,
    // tables, emphasis, links (internal ones too) and Danish letters.
    let block = "## Afsnit\n\nDette er et afsnit om **beskæftigelse** og _uddannelse_ i kommunen, \
        med et [link](https://example.dk), et [internt link](@/kommuner/testrup/2021/_index.md#rk-1) \
        og `kode`. Æbler, øl og ål.\n\n- punkt et\n- punkt to med *vægt*\n\n\
        | a | b |\n|---|---|\n| 1 | 2 |\n\n";
    let mut text = String::from("+++\ntitle = \"En meget lang side\"\n+++\n");
    let mut blocks = 0;
    while text.len() < 20 * MB as usize {
        text.push_str(block);
        blocks += 1;
    }
    text.push_str("```rust\nfn main() {}\n```\n");
    site.write("content/lang.md", &text);

    let run = build_measured(site.root());
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    let page = fs::read_to_string(site.public().join("lang/index.html")).expect("the page");
    assert!(
        page.contains(&format!("id=\"afsnit-{}\"", blocks - 1))
            || page.contains(&format!("id=afsnit-{}", blocks - 1)),
        "every heading gets its own id"
    );
    assert!(page.contains("Æbler, øl og ål."));
    // comrak's syntax tree takes about 30 bytes per byte of dense Markdown, and the
    // page is held a few times over while rendering: about 930 MB here (it was over
    // 2 GB while huge pages were minified). 70 times the input is the bound.
    let bound = 20 * MB * 70;
    eprintln!(
        "20 MB page: peak memory {} MB (bound {} MB)",
        run.max_rss / MB,
        bound / MB
    );
    assert!(
        run.max_rss < bound,
        "peak memory {} MB exceeds {} MB",
        run.max_rss / MB,
        bound / MB
    );
}

#[test]
fn ten_thousand_files_in_one_folder_build() {
    const N: usize = 10_000;
    let site = Site::minimal();
    site.write(
        "content/sider/_index.md",
        "+++\ntitle = \"Sider\"\n+++\nMange sider.\n",
    );
    let dir = site.root().join("content/sider");
    let mut text = String::new();
    for i in 0..N {
        text.clear();
        let next = (i + 1) % N;
        write!(
            text,
            "+++\ntitle = \"Side {i}\"\n+++\nSide {i} peger på [den næste](@/sider/side-{next:05}.md#afsnit).\n\n## Afsnit\n\nTekst.\n"
        )
        .unwrap();
        fs::write(dir.join(format!("side-{i:05}.md")), &text).expect("write page");
    }

    let run = build_measured(site.root());
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    assert!(
        run.stderr.contains("Byggede"),
        "summary line: {}",
        run.stderr
    );
    let published = fs::read_dir(site.public().join("sider"))
        .expect("sider/")
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .count();
    assert_eq!(published, N, "one page per file");
    let last = fs::read_to_string(site.public().join("sider/side-09999/index.html")).unwrap();
    assert!(
        last.contains("/sider/side-00000/#afsnit"),
        "links resolve: {last}"
    );
    let index = fs::read_to_string(site.public().join("sider/index.html")).unwrap();
    assert!(index.contains("Side 9999"), "the section lists every page");
    eprintln!("10,000 files: peak memory {} MB", run.max_rss / MB);
    assert!(
        run.max_rss < 1024 * MB,
        "peak memory {} MB exceeds 1024 MB",
        run.max_rss / MB
    );
}
