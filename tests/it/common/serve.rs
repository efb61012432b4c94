//! Helpers for the `serve` tests: the real binary on a free loopback port, a plain HTTP
//! client on a `TcpStream` (so requests go out exactly as written, `..`, NUL bytes and
//! all), and the event stream read as a browser's `EventSource` would.
//!
//! Nothing here sleeps and then asserts: every wait is for an event (a line from the
//! server, a build event, the process ending, a socket closing) with a generous timeout.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::Site;

/// How long to wait for anything before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The chapter of [`Site::minimal`] and the page it becomes.
pub const CHAPTER: &str = "content/kommuner/testrup/2021/01-unge.md";
pub const CHAPTER_PAGE: &str = "/kommuner/testrup/2021/unge/";

/// A running `planportal serve`; stopped with Ctrl-C (SIGINT) when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// stderr lines, as they come.
    lines: Receiver<String>,
    /// Every line read so far, for failure messages.
    pub seen: Vec<String>,
}

impl Server {
    pub fn start(root: &Path, extra: &[&str]) -> Server {
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
    pub fn wait_line(&mut self, want: impl Fn(&str) -> bool) -> String {
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

    pub fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Opens the event stream, as the reload script does.
    pub fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// Fails unless the server still runs and answers a page in full.
    pub fn assert_up(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "serve stopped ({status}); it printed:\n{}",
                self.seen.join("\n")
            );
        }
        let r = self.get("/");
        assert_eq!(r.status, 200, "serve still answers: {r:?}");
        assert!(r.body.trim_end().ends_with("</html>"), "{}", r.body);
    }

    /// Sends Ctrl-C and waits for the process to end.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
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
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with the path sent byte for byte as given.
pub fn request(port: u16, method: &str, path: &str) -> Response {
    let raw =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    match send_raw(port, raw.as_bytes()) {
        Outcome::Answered(r) => r,
        Outcome::Closed(why) => panic!("{method} {path}: no response ({why})"),
    }
}

/// What a server did with a request sent as raw bytes.
#[derive(Debug)]
pub enum Outcome {
    Answered(Response),
    /// The connection ended (closed or reset) without a response.
    Closed(String),
}

/// Sends `bytes` as they are on a new connection and reads until the server closes it.
/// A request the server refuses before reading it all (a huge header) may be reset
/// while it is still being written; whatever response came back is still read.
pub fn send_raw(port: u16, bytes: &[u8]) -> Outcome {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    stream.set_write_timeout(Some(TIMEOUT)).expect("timeout");
    let written = stream.write_all(bytes);
    let mut raw = Vec::new();
    let read = stream.read_to_end(&mut raw);
    if let Err(e) = &read {
        assert!(
            e.kind() != ErrorKind::WouldBlock && e.kind() != ErrorKind::TimedOut,
            "the server neither answered nor closed within {TIMEOUT:?}"
        );
    }
    match parse_response(&raw) {
        Some(r) => Outcome::Answered(r),
        None => Outcome::Closed(format!(
            "write: {written:?}, read: {read:?}, {} bytes",
            raw.len()
        )),
    }
}

/// A whole response read to the end of the connection.
pub fn parse_response(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
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
    Some(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Reads one response from a kept-alive connection: the head, then exactly the body
/// its `Content-Length` (or chunked encoding) announces. `head` is true for a HEAD.
pub fn read_response(reader: &mut BufReader<TcpStream>, head: bool) -> Response {
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header line");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut response = Response {
        status,
        headers,
        body: String::new(),
    };
    if head {
        return response;
    }
    let mut body = Vec::new();
    if let Some(len) = response.header("content-length") {
        let len: usize = len.parse().expect("content-length");
        body.resize(len, 0);
        reader.read_exact(&mut body).expect("body");
    } else if response
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        panic!("a kept-alive response needs a length: {response:?}");
    }
    response.body = String::from_utf8_lossy(&body).into_owned();
    response
}

/// Waits until the server closes `stream` (EOF or reset); returns what it sent first.
/// Fails if the connection is still open after [`TIMEOUT`].
pub fn wait_closed(stream: &mut TcpStream) -> Vec<u8> {
    stream.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => {
                panic!("the server kept an idle connection open for over {TIMEOUT:?}")
            }
            // Reset: closed, too.
            Err(_) => return got,
        }
    }
}

/// Closes our side for writing, so the server sees the request is all there is.
pub fn finish_writing(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
}

pub fn dechunk(mut raw: &[u8]) -> Vec<u8> {
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
pub struct Events {
    builds: Receiver<u64>,
}

impl Events {
    pub fn open(port: u16) -> Events {
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
    pub fn next(&self) -> u64 {
        match self.builds.recv_timeout(TIMEOUT) {
            Ok(n) => n,
            Err(RecvTimeoutError::Timeout) => panic!("no build event within {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream closed"),
        }
    }

    /// Waits for builds until `page` (fetched after each) satisfies `ok`.
    pub fn until(&self, server: &Server, page: &str, ok: impl Fn(&Response) -> bool) -> Response {
        loop {
            self.next();
            let response = server.get(page);
            if ok(&response) {
                return response;
            }
        }
    }
}

/// Replaces the first `from` in a site file by `to`, the way most editors save.
pub fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    // Written beside the site and renamed into place, so the server never reads a
    // half-written file and one edit is one change.
    let tmp = site.root().join("edit.tmp");
    std::fs::write(&tmp, text.replacen(from, to, 1)).expect("write");
    std::fs::rename(&tmp, &path).expect("rename");
}
