//! `planportal serve` end to end: the real binary on a free loopback port, a plain HTTP
//! client on a `TcpStream` (so request paths go out exactly as written, `..` and all),
//! and the event stream read as a browser's `EventSource` would (helpers in
//! `tests/it/common/serve.rs`, shared with `tests/it/serve_hardening.rs`).
//!
//! Nothing here sleeps and then asserts: every wait is for an event (a line from the
//! server, a build event, the process ending) with a generous timeout.

use crate::common;

use std::path::PathBuf;

use common::Site;
use common::serve::{CHAPTER, CHAPTER_PAGE, Server, edit, request};

#[test]
fn editing_reloads_breaking_shows_the_error_and_fixing_brings_the_page_back() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &[]);

    let page = server.get(CHAPTER_PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("Vi hjælper unge."), "{}", page.body);
    assert!(
        page.body.contains("/__planportal/events"),
        "serve injects the reload script"
    );
    assert!(
        page.body.contains("http://127.0.0.1:"),
        "serve builds with its own base URL: {}",
        page.body
    );
    assert!(!page.body.contains("planportal-fejl"));
    assert!(
        !site.public().exists(),
        "serve leaves public/ alone, so it never gets localhost links"
    );

    // The page's script listens here; the stream starts with the build it shows.
    let events = server.events();
    events.next();

    // Edit the chapter's Markdown: a build event arrives and the page has the change.
    edit(&site, CHAPTER, "Vi hjælper unge.", "Vi hjælper mange unge.");
    let page = events.until(&server, CHAPTER_PAGE, |r| {
        r.body.contains("Vi hjælper mange unge.")
    });
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("planportal-fejl"));
    server.wait_line(|l| l.contains("Byggede"));

    // Break its front matter: the last good page stays, with the error over it.
    edit(&site, CHAPTER, "title = \"Unge\"", "title = \"Unge");
    let page = events.until(&server, CHAPTER_PAGE, |r| {
        r.body.contains("planportal-fejl")
    });
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&format!("{CHAPTER}:2:")),
        "the overlay names the file and line:\n{}",
        page.body
    );
    assert!(page.body.contains("title = &quot;Unge"), "{}", page.body);
    assert!(
        page.body.contains("Vi hjælper mange unge."),
        "the last good build is still served under the overlay"
    );
    let front = server.get("/");
    assert!(
        front.body.contains("planportal-fejl"),
        "every page shows it"
    );
    server.wait_line(|l| l.contains("Bygningen fejlede"));

    // An error whose text holds HTML is shown as text, never run.
    edit(
        &site,
        CHAPTER,
        "title = \"Unge\n",
        "title = \"Unge\"\n\"<img src=x onerror=alert(1)>\" = 1\n",
    );
    let page = events.until(&server, CHAPTER_PAGE, |r| r.body.contains("&lt;img src=x"));
    assert!(
        !page.body.contains("<img src=x"),
        "the overlay escapes HTML:\n{}",
        page.body
    );
    assert!(
        page.body.contains(&format!("{CHAPTER}:3:")),
        "{}",
        page.body
    );

    // Fix it: the page comes back without the overlay.
    edit(&site, CHAPTER, "\"<img src=x onerror=alert(1)>\" = 1\n", "");
    let page = events.until(&server, CHAPTER_PAGE, |r| {
        !r.body.contains("planportal-fejl")
    });
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Vi hjælper mange unge."));

    // Ctrl-C stops it cleanly.
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_site_that_fails_at_the_start_is_served_once_fixed() {
    let site = Site::minimal();
    edit(&site, CHAPTER, "title = \"Unge\"", "titel = \"Unge\"");
    let server = Server::start(site.root(), &[]);
    let page = server.get(CHAPTER_PAGE);
    assert_eq!(page.status, 404, "nothing built yet");
    assert!(page.body.contains("planportal-fejl"), "{}", page.body);
    assert!(page.body.contains("mente du `title`?"), "{}", page.body);
    assert!(
        page.body.contains(&format!("{CHAPTER}:2:1")),
        "{}",
        page.body
    );

    let events = server.events();
    events.next();
    edit(&site, CHAPTER, "titel = \"Unge\"", "title = \"Unge\"");
    let page = events.until(&server, CHAPTER_PAGE, |r| r.status == 200);
    assert!(!page.body.contains("planportal-fejl"));
    assert!(page.body.contains("Vi hjælper unge."));
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = Site::minimal();
    site.write("hemmelig.txt", "HEMMELIGT");
    let output: PathBuf = site.root().join("ud");
    let output_arg = output.to_string_lossy().into_owned();
    let mut server = Server::start(site.root(), &["--output-dir", &output_arg]);
    assert!(output.join("index.html").is_file());

    // Links out of the output folder, to a file and to a folder.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.root().join("hemmelig.txt"), output.join("link.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(site.root(), output.join("ud-af")).expect("symlink");
    }
    let not_found = server.get("/findes-ikke/");
    assert_eq!(not_found.status, 404);
    assert!(
        not_found.body.contains("Siden findes ikke"),
        "the site's own 404 page: {}",
        not_found.body
    );

    for path in [
        "/../hemmelig.txt",
        "/%2e%2e/hemmelig.txt",
        "/%2E%2E/hemmelig.txt",
        "/..%2fhemmelig.txt",
        "/..%2Fhemmelig.txt",
        "/kommuner/../../hemmelig.txt",
        "/kommuner/%2e%2e/%2e%2e/hemmelig.txt",
        "/..\\hemmelig.txt",
        "/%5c..%5chemmelig.txt",
        "/..%5chemmelig.txt",
        "/kommuner\\..\\..\\hemmelig.txt",
        "/./../hemmelig.txt",
        "/%00",
        "/link.txt",
        "/ud-af/hemmelig.txt",
        "/ud-af/",
        "/ud-af",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}: {r:?}");
        assert!(!r.body.contains("HEMMELIGT"), "{path} leaked the file");
        assert!(r.body.contains("Siden findes ikke"), "{path}: {}", r.body);
    }

    // Only GET and HEAD.
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = request(server.port, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = request(server.port, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // Content types.
    for (path, want) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css"),
        ("/data/targets.json", "application/json"),
        ("/data/targets.csv", "text/csv"),
        ("/favicon.svg", "image/svg+xml"),
        ("/404.html", "text/html; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        let ct = r.header("content-type").unwrap_or_default();
        assert!(ct.starts_with(want), "{path}: {ct}");
        if ct.starts_with("text/") {
            assert!(ct.contains("charset=utf-8"), "{path}: {ct}");
        }
    }
    let r = server.get("/kommuner");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/kommuner/"));

    // Files on disk never get the reload script; only responses do.
    let on_disk = std::fs::read_to_string(output.join("index.html")).expect("read");
    assert!(!on_disk.contains("EventSource"));

    assert!(server.interrupt().success());
    assert!(output.join("index.html").is_file(), "--output-dir is kept");
}

#[test]
fn the_temporary_output_is_removed_on_ctrl_c() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &["--verbose"]);
    let said = server
        .seen
        .iter()
        .find(|l| l.starts_with("Bygger "))
        .cloned()
        .expect("verbose says where it builds");
    let output = said
        .split(" til ")
        .nth(1)
        .and_then(|rest| rest.split(" med ").next())
        .map(PathBuf::from)
        .expect("the output folder");
    assert!(output.join("index.html").is_file(), "{}", output.display());
    assert!(server.interrupt().success());
    server.wait_line(|l| l.contains("Stoppet"));
    assert!(
        !output.exists(),
        "{} is removed when serve stops",
        output.display()
    );
}
