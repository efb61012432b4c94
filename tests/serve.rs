//! `planportal serve` end to end: the real binary on a free loopback port, a plain HTTP
//! client on a `TcpStream` (so request paths go out exactly as written, `..` and all),
//! and the event stream read as a browser's `EventSource` would.
//!
//! Nothing here sleeps and then asserts: every wait is for an event (a line from the
//! server, a build event, the process ending) with a generous timeout.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::Site;

/// How long to wait for anything before the test fails.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A running `planportal serve`; stopped with Ctrl-C (SIGINT) when dropped.
struct Server {
    child: Child,
    port: u16,
    /// stderr lines, as they come.
    lines: Receiver<String>,
    /// Every line read so far, for failure messages.
    seen: Vec<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planportal"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start planportal serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
            seen: Vec::new(),
        };
        let line = server.wait_line(|l| l.contains("Serverer sitet på http://127.0.0.1:"));
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a stderr line that matches.
    fn wait_line(&mut self, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if want(&line) {
                        return line;
                    }
                }
                Err(e) => panic!(
                    "serve printed no expected line ({e:?}); it printed:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Opens the event stream, as the reload script does.
    fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// Sends Ctrl-C and waits for the process to end.
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: kill(2) with the pid of our own child process and a valid signal.
        unsafe {
            libc::kill(pid, libc::SIGINT);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    /// Stops the server the polite way, so it removes its temporary folder.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            // SAFETY: kill(2) with the pid of our own child process and a valid signal.
            unsafe {
                libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM);
            }
            let deadline = Instant::now() + TIMEOUT;
            while let Ok(None) = self.child.try_wait() {
                if Instant::now() > deadline {
                    let _ = self.child.kill();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = self.child.wait();
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with the path sent byte for byte as given.
fn request(port: u16, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&raw[start..(start + size).min(raw.len())]);
        raw = &raw[(start + size + 2).min(raw.len())..];
    }
    out
}

/// The server-sent event stream: the number of each build as it is announced.
struct Events {
    builds: Receiver<u64>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(
            stream,
            "GET /__planportal/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status");
        assert!(status.contains(" 200 "), "{status}");
        let (tx, builds) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ")
                    && event == "build"
                    && let Ok(n) = data.trim().parse()
                    && tx.send(n).is_err()
                {
                    break;
                }
            }
        });
        Events { builds }
    }

    /// The next build announced, or a failure after the timeout.
    fn next(&self) -> u64 {
        match self.builds.recv_timeout(TIMEOUT) {
            Ok(n) => n,
            Err(RecvTimeoutError::Timeout) => panic!("no build event within {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream closed"),
        }
    }

    /// Waits for builds until `page` (fetched after each) satisfies `ok`.
    fn until(&self, server: &Server, page: &str, ok: impl Fn(&Response) -> bool) -> Response {
        loop {
            self.next();
            let response = server.get(page);
            if ok(&response) {
                return response;
            }
        }
    }
}

const CHAPTER: &str = "content/kommuner/testrup/2021/01-unge.md";
const CHAPTER_PAGE: &str = "/kommuner/testrup/2021/unge/";

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    // Written beside the site and renamed into place, so the server never reads a
    // half-written file and one edit is one change.
    let tmp = site.root().join("edit.tmp");
    std::fs::write(&tmp, text.replacen(from, to, 1)).expect("write");
    std::fs::rename(&tmp, &path).expect("rename");
}

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
    assert!(page.body.contains("did you mean `title`?"), "{}", page.body);
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
