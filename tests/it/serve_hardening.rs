//! `planportal serve` against hostile and heavy use: traversal in every spelling,
//! absurdly long requests, many connections at once, slow clients, odd methods, and
//! pages fetched while rebuilds swap the site underneath. Every request is answered
//! or refused cleanly, and after each case the server still serves a page.
//!
//! The real binary on a free loopback port; requests go out as raw bytes on a
//! `TcpStream` (helpers in `tests/it/common/serve.rs`). Waits are for events with a
//! generous timeout, never a sleep followed by an assertion.

use crate::common;

use std::collections::BTreeSet;
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::Site;
use common::serve::{
    CHAPTER, CHAPTER_PAGE, Outcome, Response, Server, TIMEOUT, finish_writing, read_response,
    send_raw, wait_closed,
};

/// A secret planted next to the output folder, and the other files beside it.
const SECRET: &str = "HEMMELIGT-INDHOLD";

/// A minimal site served from `<site>/ud`, with a secret file beside `ud/`.
fn site_with_secret() -> (Site, PathBuf) {
    let site = Site::minimal();
    site.write("hemmelig.txt", SECRET);
    let output = site.root().join("ud");
    (site, output)
}

fn start_with_output(site: &Site, output: &std::path::Path) -> Server {
    let arg = output.to_string_lossy().into_owned();
    let server = Server::start(site.root(), &["--output-dir", &arg]);
    assert!(output.join("index.html").is_file());
    server
}

fn get_bytes(port: u16, target: &[u8]) -> Vec<u8> {
    let mut raw = b"GET ".to_vec();
    raw.extend_from_slice(target);
    raw.extend_from_slice(
        format!(" HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    raw
}

/// Nothing from outside the output folder: the secret, the site's sources, the
/// repository's Cargo.toml (the server's working folder) or the system's files.
fn assert_no_leak(what: &str, r: &Response) {
    for leak in [SECRET, "base_url", "[package]", "root:x:0", "+++"] {
        assert!(
            !r.body.contains(leak),
            "{what} leaked {leak:?}:\n{}",
            r.body
        );
    }
}

/// A request that must be refused: the site's 404 page, or 400 if hyper finds the
/// request malformed. Returns the status.
fn assert_refused(server: &Server, what: &str, raw: &[u8]) -> u16 {
    match send_raw(server.port, raw) {
        Outcome::Answered(r) => {
            assert!(
                r.status == 404 || r.status == 400,
                "{what}: expected 404 or 400, got {}:\n{}",
                r.status,
                r.body
            );
            assert_no_leak(what, &r);
            if r.status == 404 {
                assert!(
                    r.body.contains("Siden findes ikke"),
                    "{what}: the site's own 404 page:\n{}",
                    r.body
                );
            }
            r.status
        }
        Outcome::Closed(why) => panic!("{what}: no response ({why})"),
    }
}

#[test]
fn traversal_in_every_spelling_is_refused() {
    let (site, output) = site_with_secret();
    let mut server = start_with_output(&site, &output);
    let port = server.port;
    let abs = format!("http://127.0.0.1:{port}");

    let spellings: Vec<String> = [
        // Double and triple encoding: decoded once, `%2e` is a name, not a dot.
        "/%252e%252e/hemmelig.txt",
        "/%252e%252e%252fhemmelig.txt",
        "/kommuner/%252e%252e/%252e%252e/hemmelig.txt",
        "/%25252e%25252e/hemmelig.txt",
        "/..%252fhemmelig.txt",
        // Overlong UTF-8 for `.`, `/` and `\`: not UTF-8, refused.
        "/%c0%ae%c0%ae/hemmelig.txt",
        "/%c0%ae%c0%ae%c0%afhemmelig.txt",
        "/%e0%80%ae%e0%80%ae/hemmelig.txt",
        "/%f0%80%80%ae%f0%80%80%ae/hemmelig.txt",
        "/..%c0%afhemmelig.txt",
        "/..%c1%9chemmelig.txt",
        "/%c0%2e%c0%2e/hemmelig.txt",
        // Mixed case and half-encoded dots.
        "/%2E%2e/hemmelig.txt",
        "/%2e%2E/hemmelig.txt",
        "/.%2E/hemmelig.txt",
        "/%2e./hemmelig.txt",
        "/..%2F..%2fhemmelig.txt",
        // `.` segments.
        "/./hemmelig.txt",
        "/kommuner/./../../hemmelig.txt",
        "/%2e/..%2fhemmelig.txt",
        "/.%2fhemmelig.txt",
        // Doubled slashes and absolute paths.
        "//etc/passwd",
        "///etc/passwd",
        "//../hemmelig.txt",
        "/%2f%2e%2e%2fhemmelig.txt",
        "/%2fetc%2fpasswd",
        "//%2e%2e//hemmelig.txt",
        // `..;` (path parameters, as some Java servers read them).
        "/..;/hemmelig.txt",
        "/kommuner/..;/..;/hemmelig.txt",
        "/..;foo=bar/hemmelig.txt",
        "/.;/hemmelig.txt",
        // Trailing dots and blanks (Windows drops them).
        "/hemmelig.txt.",
        "/../hemmelig.txt.",
        "/.../hemmelig.txt",
        "/..../hemmelig.txt",
        "/....//hemmelig.txt",
        "/..%20/hemmelig.txt",
        "/..%09/hemmelig.txt",
        "/hemmelig.txt%20",
        // Windows drive letters, UNC and stream names.
        "/C:/Windows/win.ini",
        "/c:%5cwindows%5cwin.ini",
        "/C:%2f..%2fhemmelig.txt",
        "/C:..%5chemmelig.txt",
        "/..%5c..%5chemmelig.txt",
        "/%5c%5c%3f%5cC:%5chemmelig.txt",
        "/hemmelig.txt::$DATA",
        "/ud/..%5c..%5chemmelig.txt",
        // NUL, encoded in every way.
        "/%00",
        "/%00/../hemmelig.txt",
        "/hemmelig.txt%00.html",
        "/..%00/hemmelig.txt",
        "/index.html%00",
        "/%00index.html",
        "/%2500",
        "/%c0%80",
        "/%e0%80%80",
        // Look-alike dots and IIS-style escapes.
        "/%ef%bc%8e%ef%bc%8e/hemmelig.txt",
        "/%e2%80%a5/hemmelig.txt",
        "/%u002e%u002e/hemmelig.txt",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain(
        // Absolute-form request targets (RFC 9112 §3.2.2), including other hosts.
        [
            "/../hemmelig.txt",
            "/../Cargo.toml",
            "/%2e%2e/hemmelig.txt",
            "/..%2fhemmelig.txt",
            "//etc/passwd",
            "/kommuner/../../hemmelig.txt",
            "/..%5chemmelig.txt",
        ]
        .iter()
        .map(|p| format!("{abs}{p}")),
    )
    .chain([
        "http://evil.example/../hemmelig.txt".to_string(),
        "file:///etc/passwd".to_string(),
    ])
    .collect();

    let mut malformed = Vec::new();
    for target in &spellings {
        let status = assert_refused(&server, target, &get_bytes(port, target.as_bytes()));
        if status == 400 {
            malformed.push(target.clone());
        }
    }

    // Bytes that may not appear in a request line at all: hyper refuses them (400).
    let raw_targets: [&[u8]; 8] = [
        b"/\0../hemmelig.txt",
        b"/..\0/hemmelig.txt",
        b"/hemmelig.txt\0",
        b"/\xc0\xae\xc0\xae/hemmelig.txt",
        b"/..\\hemmelig.txt",
        b"/\\\\?\\C:\\hemmelig.txt",
        b"/.. /hemmelig.txt",
        b"/..\t/hemmelig.txt",
    ];
    for target in raw_targets {
        let what = String::from_utf8_lossy(target).escape_debug().to_string();
        let status = assert_refused(&server, &what, &get_bytes(port, target));
        if status == 400 {
            malformed.push(what);
        }
    }
    eprintln!("refused as malformed (400): {malformed:?}");

    // The secret is really there, beside the output: the refusals were not luck.
    assert_eq!(
        std::fs::read_to_string(output.parent().expect("parent").join("hemmelig.txt"))
            .expect("secret"),
        SECRET
    );
    server.assert_up();
}

/// A folder asked for without its slash is redirected to itself with one; the
/// redirect must stay on this server even when the path starts with `//`, which a
/// browser would read as another host (`//kommuner/` is `http://kommuner/`).
#[test]
fn redirects_stay_on_this_server() {
    let (site, output) = site_with_secret();
    let mut server = start_with_output(&site, &output);
    let abs = format!("http://127.0.0.1:{}", server.port);
    for (target, want) in [
        ("/kommuner".to_string(), "/kommuner/"),
        ("//kommuner".to_string(), "/kommuner/"),
        ("///kommuner".to_string(), "/kommuner/"),
        (format!("{abs}//kommuner"), "/kommuner/"),
        ("//kommuner?x=1".to_string(), "/kommuner/?x=1"),
        ("/kommuner//testrup".to_string(), "/kommuner//testrup/"),
    ] {
        let r = match send_raw(server.port, &get_bytes(server.port, target.as_bytes())) {
            Outcome::Answered(r) => r,
            Outcome::Closed(why) => panic!("{target}: no response ({why})"),
        };
        assert_eq!(r.status, 308, "{target}: {r:?}");
        assert_eq!(r.header("location"), Some(want), "{target}");
    }
    server.assert_up();
}

/// A page elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding) sends
/// that name as `Host`: refused, for pages and for the reload stream alike.
#[test]
fn other_host_names_are_refused_on_loopback() {
    let (site, output) = site_with_secret();
    let mut server = start_with_output(&site, &output);
    let port = server.port;
    for (host, want) in [
        (format!("127.0.0.1:{port}"), 200),
        (format!("localhost:{port}"), 200),
        (format!("LOCALHOST:{port}"), 200),
        ("evil.example".to_string(), 403),
        (format!("evil.example:{port}"), 403),
        (format!("127.0.0.1.evil.example:{port}"), 403),
    ] {
        for path in ["/", "/__planportal/events"] {
            let raw = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
            if path != "/" && want == 200 {
                continue; // the event stream stays open; pages show the good case
            }
            match send_raw(port, raw.as_bytes()) {
                Outcome::Answered(r) => {
                    assert_eq!(r.status, want, "{path} with Host {host}: {r:?}")
                }
                Outcome::Closed(why) => panic!("{path} with Host {host}: no response ({why})"),
            }
        }
    }
    server.assert_up();
}

/// Either a 4xx or a closed connection; never a hang, a 5xx or a crash.
fn assert_refused_or_closed(server: &mut Server, what: &str, raw: &[u8]) -> String {
    let said = match send_raw(server.port, raw) {
        Outcome::Answered(r) => {
            assert!(
                (400..500).contains(&r.status),
                "{what}: expected a 4xx, got {}",
                r.status
            );
            r.status.to_string()
        }
        Outcome::Closed(why) => format!("closed ({why})"),
    };
    server.assert_up();
    said
}

#[test]
fn absurdly_long_requests_are_refused_and_the_server_stays_up() {
    let (site, output) = site_with_secret();
    let mut server = start_with_output(&site, &output);
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\nConnection: close\r\n");

    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "100 kB path",
            format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(100_000)).into_bytes(),
        ),
        (
            "100 kB path of 50,000 segments",
            format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a/".repeat(50_000)).into_bytes(),
        ),
        (
            "100 kB of ../",
            format!(
                "GET /{}hemmelig.txt HTTP/1.1\r\n{host}\r\n",
                "../".repeat(33_000)
            )
            .into_bytes(),
        ),
        (
            "100 kB query",
            format!("GET /?q={} HTTP/1.1\r\n{host}\r\n", "a".repeat(100_000)).into_bytes(),
        ),
        (
            "1 MB path",
            format!("GET /{} HTTP/1.1\r\n{host}\r\n", "a".repeat(1_000_000)).into_bytes(),
        ),
        (
            "1 MB header",
            format!(
                "GET / HTTP/1.1\r\n{host}X-Fyld: {}\r\n\r\n",
                "a".repeat(1_000_000)
            )
            .into_bytes(),
        ),
        (
            "10,000 headers",
            format!(
                "GET / HTTP/1.1\r\n{host}{}\r\n",
                "X-N: 1\r\n".repeat(10_000)
            )
            .into_bytes(),
        ),
        (
            "1 MB method",
            format!("{} / HTTP/1.1\r\n{host}\r\n", "G".repeat(1_000_000)).into_bytes(),
        ),
        ("8 MB without a line break", vec![b'a'; 8_000_000]),
    ];
    for (what, raw) in &cases {
        let said = assert_refused_or_closed(&mut server, what, raw);
        eprintln!("{what}: {said}");
    }

    // A long path that is still within limits gets the ordinary 404 page.
    let long = format!("/{}", "b".repeat(4_000));
    let r = server.get(&long);
    assert_eq!(r.status, 404, "{r:?}");
    assert!(r.body.contains("Siden findes ikke"));
    server.assert_up();
}

fn assert_page(what: &str, r: &Response, status: u16) {
    assert_eq!(r.status, status, "{what}: {r:?}");
    if r.header("content-type")
        .is_some_and(|ct| ct.starts_with("text/html"))
    {
        assert_complete_html(what, r);
    }
}

/// A whole HTML page as serve sends it: the document from its doctype to `</html>`,
/// with the reload script injected just before `</body>`, and as many bytes as the
/// response announced.
fn assert_complete_html(what: &str, r: &Response) {
    let body = r.body.trim_end();
    assert!(
        body.to_ascii_lowercase().starts_with("<!doctype html>"),
        "{what}: starts with {:?}",
        &body[..body.len().min(80)]
    );
    let before_body = body
        .strip_suffix("</html>")
        .map(str::trim_end)
        .and_then(|b| b.strip_suffix("</body>"));
    assert!(
        before_body.is_some_and(|b| b.ends_with("</script>")),
        "{what}: ends with {:?}",
        &body[body.len().saturating_sub(80)..]
    );
    assert!(body.contains("/__planportal/events"), "{what}");
    if let Some(len) = r.header("content-length") {
        assert_eq!(
            len.parse::<usize>().ok(),
            Some(r.body.len()),
            "{what}: body length"
        );
    }
}

const PAGES: [(&str, u16); 5] = [
    ("/", 200),
    (CHAPTER_PAGE, 200),
    ("/kommuner/testrup/2021/", 200),
    ("/style.css", 200),
    ("/findes-ikke/", 404),
];

#[test]
fn two_hundred_connections_at_once_and_kept_alive_ones_are_all_answered() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;

    // All 200 connected before any sends a byte, so they are open at the same time.
    let mut streams: Vec<TcpStream> = (0..200)
        .map(|_| {
            let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
            s
        })
        .collect();
    for (i, s) in streams.iter_mut().enumerate() {
        let (page, _) = PAGES[i % PAGES.len()];
        write!(
            s,
            "GET {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
    }
    for (i, s) in streams.iter_mut().enumerate() {
        let (page, status) = PAGES[i % PAGES.len()];
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let r = common::serve::parse_response(&raw)
            .unwrap_or_else(|| panic!("connection {i} ({page}) got no response"));
        assert_page(&format!("connection {i}: {page}"), &r, status);
    }
    drop(streams);

    // Kept alive: 8 clients at once, each 25 requests on one connection.
    let clients: Vec<_> = (0..8)
        .map(|c| {
            std::thread::spawn(move || {
                let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
                let mut writer = stream.try_clone().expect("clone");
                let mut reader = BufReader::new(stream);
                for i in 0..25 {
                    let (page, status) = PAGES[(c + i) % PAGES.len()];
                    write!(
                        writer,
                        "GET {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
                    )
                    .expect("send");
                    let r = read_response(&mut reader, false);
                    assert_page(&format!("client {c}, request {i}: {page}"), &r, status);
                }
            })
        })
        .collect();
    for c in clients {
        c.join().expect("a kept-alive client failed");
    }

    // Pipelined: ten requests in one write, ten responses in order on one connection.
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let mut all = String::new();
    for i in 0..10 {
        let (page, _) = PAGES[i % PAGES.len()];
        let method = if i == 7 { "HEAD" } else { "GET" };
        all.push_str(&format!(
            "{method} {page} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        ));
    }
    writer.write_all(all.as_bytes()).expect("send");
    let mut reader = BufReader::new(stream);
    for i in 0..10 {
        let (page, status) = PAGES[i % PAGES.len()];
        let r = read_response(&mut reader, i == 7);
        if i == 7 {
            assert_eq!(r.status, status, "HEAD {page}");
        } else {
            assert_page(&format!("pipelined {i}: {page}"), &r, status);
        }
    }
    server.assert_up();
}

#[test]
fn slow_and_silent_clients_do_not_hold_up_others_and_are_closed() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;

    // Twenty connections that never send a byte.
    let mut silent: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    // Ten that start a request one byte at a time, then stop half-way (slowloris).
    let head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Langsom: ");
    let stalled: Vec<_> = (0..10)
        .map(|_| {
            let head = head.clone();
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                for b in head.as_bytes() {
                    if s.write_all(&[*b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                s
            })
        })
        .collect();
    // One that sends a whole request one byte at a time: slow, but it gets its page.
    let patient = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let req = format!(
            "GET {CHAPTER_PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        );
        for b in req.as_bytes() {
            s.write_all(&[*b]).expect("send");
            std::thread::sleep(Duration::from_millis(10));
        }
        s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        common::serve::parse_response(&raw).expect("a response")
    });

    // Meanwhile ordinary requests are answered promptly.
    for i in 0..10 {
        let started = Instant::now();
        let r = server.get(CHAPTER_PAGE);
        assert_eq!(r.status, 200);
        assert_complete_html("ordinary request", &r);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "request {i} took {:?} beside slow clients",
            started.elapsed()
        );
    }
    let r = patient.join().expect("the patient client");
    assert_eq!(r.status, 200);
    assert_complete_html("byte-at-a-time request", &r);

    // The idle and stalled connections are closed by the server, not kept forever.
    let started = Instant::now();
    for s in silent.iter_mut() {
        let got = wait_closed(s);
        assert!(
            got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
            "{got:?}"
        );
    }
    for t in stalled {
        let mut s = t.join().expect("a stalled client");
        let got = wait_closed(&mut s);
        assert!(
            got.is_empty() || got.starts_with(b"HTTP/1.1 408"),
            "{got:?}"
        );
    }
    eprintln!(
        "idle and stalled connections closed {:?} after the last request",
        started.elapsed()
    );
    server.assert_up();
}

/// Ctrl-C stops the server at once even with a client half-way through a request,
/// another idle on a kept-alive connection and a page listening for reloads.
#[test]
fn ctrl_c_stops_promptly_beside_stalled_clients() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = server.events();
    events.next();
    let mut stalled = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stalled, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").expect("send");
    let kept = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    kept.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    let mut writer = kept.try_clone().expect("clone");
    write!(writer, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").expect("send");
    let r = read_response(&mut BufReader::new(kept), false);
    assert_eq!(r.status, 200);
    // The stalled request is surely read up to where it stops: an ordinary one after
    // it has been answered.
    server.assert_up();

    let started = Instant::now();
    let status = server.interrupt();
    let took = started.elapsed();
    assert!(status.success(), "{status:?}: {}", server.seen.join("\n"));
    // Well under the 10-second header timeout: the stalled client did not hold it up.
    assert!(took < Duration::from_secs(5), "Ctrl-C took {took:?}");
    server.wait_line(|l| l.contains("Stoppet"));
}

#[test]
fn methods_other_than_get_and_head_are_refused() {
    let site = Site::minimal();
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let ask = |raw: String| match send_raw(port, raw.as_bytes()) {
        Outcome::Answered(r) => r,
        Outcome::Closed(why) => panic!("{raw:?}: no response ({why})"),
    };

    for method in [
        "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "LOCK", "BREW", "FOO", "get", "Get", "PURGE",
    ] {
        let r = ask(format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nX-Spor: SPOR\r\n\r\n"
        ));
        assert_eq!(r.status, 405, "{method}: {r:?}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
        assert!(r.body.contains("Kun GET og HEAD"), "{method}: {}", r.body);
        assert!(!r.body.contains("SPOR"), "{method} echoed the request");
    }
    let r = ask(format!(
        "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert!(r.status == 405 || r.status == 400, "OPTIONS *: {r:?}");

    // CONNECT, with the authority form it should have and with a path: never a tunnel.
    for target in [
        format!("127.0.0.1:{port}"),
        "/".to_string(),
        "example.org:443".to_string(),
    ] {
        let r = ask(format!(
            "CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n"
        ));
        // 403 when the Host it names is not this server's.
        assert!(
            [400, 403, 405].contains(&r.status),
            "CONNECT {target}: {r:?}"
        );
    }

    // The event stream too is GET only.
    let r = ask(format!(
        "POST /__planportal/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 405, "{r:?}");

    // A method that is not a token is a malformed request.
    for method in ["G(T", "GE\x01T", "{}", "\"GET\""] {
        let r = ask(format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 400, "{method:?}: {r:?}");
    }

    // A refused POST's body is never taken for a request: hyper answers 405 and
    // closes the connection (or would answer the request after the body). It may close
    // while we still write, so neither a failed write nor a reset is an error here;
    // only an answer to the smuggled request would be.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    let smuggled = format!("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let raw = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\n\r\n{smuggled}GET {CHAPTER_PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n",
        smuggled.len()
    );
    let _ = stream.write_all(raw.as_bytes());
    finish_writing(&stream);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 405"),
        "{answer}"
    );
    assert!(
        !answer
            .to_ascii_lowercase()
            .contains("content-type: text/css"),
        "the POST body was served as a request:\n{answer}"
    );

    // Both Content-Length and Transfer-Encoding: refused, not guessed at.
    let r = ask(format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"
    ));
    assert!(r.status == 400 || r.status == 405, "{r:?}");
    server.assert_up();
}

/// The chapter, long enough that writing its page takes a moment, with a version mark.
fn chapter(version: usize) -> String {
    let mut text = String::from(
        "+++\ntitle = \"Unge\"\nminister_goals = [\"opkvalificering\"]\ngoals = [\"unge\"]\ntarget_groups = [\"unge\"]\n\n[[initiatives]]\ntitle = \"Ungeindsatsen\"\nkind = \"indsats\"\n+++\nIndledning.\n\n## Ungeindsatsen\n\n",
    );
    text.push_str(&format!("Version {version}.\n\n"));
    for i in 0..1500 {
        text.push_str(&format!(
            "Afsnit {i} i version {version}: vi hjælper unge i uddannelse og job, og vi følger op hver måned.\n\n"
        ));
    }
    text.push_str("Slut på kapitlet.\n");
    text
}

/// The version mark of a chapter page.
fn version_of(body: &str) -> Option<usize> {
    let rest = body.split("Version ").nth(1)?;
    rest.split('.').next()?.parse().ok()
}

#[test]
fn pages_fetched_during_rebuilds_are_always_whole() {
    let site = Site::minimal();
    let path = site.root().join(CHAPTER);
    std::fs::write(&path, chapter(0)).expect("write");
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let events = server.events();
    events.next();
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);

    // Two clients fetch pages without pause until the edits are done.
    let stop = Arc::new(AtomicBool::new(false));
    let fetchers: Vec<_> = (0..2)
        .map(|f| {
            let stop = stop.clone();
            let css = css.body.clone();
            std::thread::spawn(move || {
                let mut versions = BTreeSet::new();
                let mut fetched = 0usize;
                let pages = [CHAPTER_PAGE, "/", "/kommuner/testrup/2021/", "/style.css"];
                let mut i = f;
                while !stop.load(Ordering::SeqCst) {
                    let page = pages[i % pages.len()];
                    i += 1;
                    let r = common::serve::request(port, "GET", page);
                    let what = format!("fetch {fetched} of {page}");
                    assert_eq!(r.status, 200, "{what}: {r:?}");
                    if page == "/style.css" {
                        assert_eq!(r.body, css, "{what}: the stylesheet changed");
                    } else {
                        assert_complete_html(&what, &r);
                    }
                    if page == CHAPTER_PAGE {
                        assert!(r.body.contains("Slut på kapitlet."), "{what}");
                        if let Some(v) = version_of(&r.body) {
                            versions.insert(v);
                        }
                    }
                    fetched += 1;
                }
                (fetched, versions)
            })
        })
        .collect();

    // Sixteen saves: half renamed into place (most editors), half written over the
    // file (which the watcher can see half-written: then the build fails or takes
    // the half, and the last good site stays served). Every fourth waits until the
    // page shows it, so rebuilds really happen while the clients fetch.
    let tmp = site.root().join("edit.tmp");
    for version in 1..=16 {
        let text = chapter(version);
        if version % 2 == 0 {
            std::fs::write(&path, text).expect("write");
        } else {
            std::fs::write(&tmp, text).expect("write");
            std::fs::rename(&tmp, &path).expect("rename");
        }
        if version % 4 == 0 {
            let mark = format!("Version {version}.");
            events.until(&server, CHAPTER_PAGE, |r| r.body.contains(&mark));
        }
    }
    stop.store(true, Ordering::SeqCst);
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for f in fetchers {
        let (fetched, versions) = f.join().expect("a fetcher found a broken response");
        total += fetched;
        seen.extend(versions);
    }
    eprintln!("{total} fetches saw chapter versions {seen:?}");
    assert!(
        seen.len() >= 3,
        "the fetches overlapped at most {} builds: {seen:?}",
        seen.len()
    );
    server.assert_up();
}

/// Issue 13, item 18: hundreds of open event streams and clients that never read take
/// no page from anyone. Streams past the limit are refused and closed at once; a large
/// page is streamed whole, with the reload script before its `</body>`.
#[test]
fn hundreds_of_event_streams_and_clients_that_never_read_leave_pages_served() {
    const STREAMS: usize = 530;
    let site = Site::minimal();
    // A large page copied as it is: 8 MB, more than loopback buffers hold, so a client
    // that reads nothing leaves the server's write waiting.
    let line = "<p>Lang side med mange ord, der fylder.</p>\n";
    let big = format!(
        "<!doctype html><html lang=\"da\"><head><title>Stor</title></head><body>\n{}</body></html>\n",
        line.repeat(8 * 1024 * 1024 / line.len())
    );
    site.write("static/stor.html", &big);
    let mut server = Server::start(site.root(), &[]);
    let port = server.port;
    let host = format!("Host: 127.0.0.1:{port}\r\n");

    // Twenty clients ask for the large page and never read a byte of it.
    let never_read: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(format!("GET /stor.html HTTP/1.1\r\n{host}\r\n").as_bytes())
                .expect("send");
            s
        })
        .collect();

    // Then 530 pages' worth of event streams at once.
    let mut streams: Vec<BufReader<TcpStream>> = (0..STREAMS)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            s.write_all(format!("GET /__planportal/events HTTP/1.1\r\n{host}\r\n").as_bytes())
                .expect("send");
            s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
            BufReader::new(s)
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<String, usize>::new();
    for s in &mut streams {
        let mut status = String::new();
        std::io::BufRead::read_line(s, &mut status).expect("a status line");
        *statuses
            .entry(status.split(' ').nth(1).unwrap_or("").to_string())
            .or_default() += 1;
    }
    assert_eq!(
        statuses.get("200").copied(),
        Some(128),
        "the first 128 streams are served: {statuses:?}"
    );
    assert_eq!(
        statuses.get("503").copied(),
        Some(STREAMS - 128),
        "the rest are refused: {statuses:?}"
    );

    // Meanwhile pages are answered, whole, and so is the large page.
    for _ in 0..5 {
        let r = server.get(CHAPTER_PAGE);
        assert_eq!(r.status, 200);
        assert_complete_html("beside 530 streams and 20 clients that never read", &r);
    }
    let r = server.get("/stor.html");
    assert_eq!(r.status, 200);
    let at = big.rfind("</body>").expect("the page ends its body");
    assert!(
        r.body.starts_with(&big[..at]),
        "the page's text comes whole"
    );
    assert!(
        r.body.ends_with("</script></body></html>\n"),
        "the reload script stands before </body>"
    );
    assert_eq!(
        r.header("content-length")
            .and_then(|l| l.parse::<usize>().ok()),
        Some(r.body.len()),
        "the length sent is the length of the page with its script"
    );
    drop(never_read);
    drop(streams);
    server.assert_up();
}
