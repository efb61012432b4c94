//! Answering requests: the Host check, the event stream, files of the output folder
//! (with the overlay and reload script put into HTML pages), the editor's pages, and the
//! mapping of a request path to a file that never leads outside the output folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, watch};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::Shared;
use super::listen::MAX_EVENT_STREAMS;

/// The size of the pieces a page is read and sent in.
const PIECE: usize = 64 * 1024;

/// How far from a page's end `</body>` is looked for, where the reload script goes; a
/// page with more than this after its `</body>` gets the script at its very end.
const BODY_END_WINDOW: u64 = 64 * 1024;
use super::status::{Status, build_event, inject};

impl Shared {
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let (Some(hosts), Some(host)) = (&self.hosts, headers.get(header::HOST)) else {
            return true;
        };
        host.to_str()
            .is_ok_and(|h| hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(h)))
    }
}

fn refused_host() -> Response {
    (
        StatusCode::FORBIDDEN,
        "Ukendt Host: serveren svarer kun på localhost.\n",
    )
        .into_response()
}

pub(super) type AppState = (Arc<Shared>, watch::Receiver<bool>);

/// The event stream: the current build number at once, then each new one.
pub(super) async fn event_stream(
    State((shared, stop)): State<AppState>,
    headers: HeaderMap,
) -> Response {
    if !shared.host_allowed(&headers) {
        return refused_host();
    }
    // Each open page holds a stream; past the limit a page is told to try again
    // later, and the connection is closed, so streams cannot take every connection.
    let Ok(permit) = shared.streams.clone().try_acquire_owned() else {
        let mut r = (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("For mange åbne sider (over {MAX_EVENT_STREAMS}): luk nogle faner.\n"),
        )
            .into_response();
        let h = r.headers_mut();
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        h.insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    };
    let rx = shared.events.subscribe();
    let first = shared.status().build;
    let stream = futures_util::stream::unfold(
        (Some(first), rx, stop, permit),
        |(first, mut rx, mut stop, permit)| async move {
            if let Some(build) = first {
                return Some((Ok(build_event(build)), (None, rx, stop, permit)));
            }
            loop {
                tokio::select! {
                    got = rx.recv() => match got {
                        Err(broadcast::error::RecvError::Closed) => return None,
                        Ok(build) => return Some((Ok::<_, std::convert::Infallible>(build_event(build)), (None, rx, stop, permit))),
                        // Missed some: only the latest matters, and the next one comes.
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    },
                    _ = stop.changed() => return None,
                }
            }
        },
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every path that is not the event stream: a file of the output folder.
pub(super) async fn files(State((shared, _)): State<AppState>, req: Request) -> Response {
    if !shared.host_allowed(req.headers()) {
        return refused_host();
    }
    if planportal::editor::Editor::owns(req.uri().path())
        && let Some(editor) = &shared.editor
    {
        return editor_reply(editor, req).await;
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "Kun GET og HEAD er tilladt.\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let status = shared.status();
    let mut response = match resolve(&shared.output, req.uri().path()) {
        Resolved::File(path) if is_html(&path) => html(&path, StatusCode::OK, &status),
        Resolved::File(path) => match ServeFile::new(&path).oneshot(req).await {
            Ok(r) if r.status() == StatusCode::NOT_FOUND => not_found(&shared.output, &status),
            Ok(r) => r.map(Body::new),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        },
        Resolved::Redirect(to) => {
            let to = match req.uri().query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Resolved::NotFound => not_found(&shared.output, &status),
    };
    let headers = response.headers_mut();
    // Every change must show at once: nothing is cached while editing.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The site is UTF-8 throughout; say so for text files, or Danish letters in a CSV
    // or a text file could be read as Latin-1.
    if let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        && ct.starts_with("text/")
        && !ct.contains("charset")
        && let Ok(v) = HeaderValue::from_str(&format!("{ct}; charset=utf-8"))
    {
        headers.insert(header::CONTENT_TYPE, v);
    }
    response
}

/// Hands a request to the editor (the only place that takes POST) and sends its page.
async fn editor_reply(editor: &planportal::editor::Editor, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    // A form is small; anything larger is not the editor's.
    let Ok(body) = axum::body::to_bytes(body, 4 << 20).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "For stor formular.\n").into_response();
    };
    let header = |name: header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let request = planportal::editor::Request {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        host: header(header::HOST),
        origin: header(header::ORIGIN),
        referer: header(header::REFERER),
        body: &body,
    };
    // Saving runs a check of the whole site: off the async workers.
    let reply = tokio::task::block_in_place(|| editor.handle(&request));
    let mut r = html_response(
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        reply.body,
    );
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    if let Some(to) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, to);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(planportal::editor::CSP),
    );
    r
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file inside `output`, or refuses.
fn resolve(output: &Path, raw: &str) -> Resolved {
    if !raw.starts_with('/') {
        return Resolved::NotFound;
    }
    // Decoded once: `%2e%2e` is `..` and `%2f` a slash, and both are refused below.
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Resolved::NotFound;
    };
    let mut path = output.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "."
            || segment == ".."
            || segment.contains('\\')
            || segment.contains('\0')
            || segment.contains(':')
        {
            return Resolved::NotFound;
        }
        path.push(segment);
    }
    let Ok(root) = output.canonicalize() else {
        return Resolved::NotFound;
    };
    if decoded.ends_with('/') {
        path.push("index.html");
    } else if path.is_dir() {
        // Only ever the request's own (already checked) path with a slash added.
        // Leading slashes are folded into one: `//kommuner/` in a Location header is
        // the host `kommuner`, an open redirect.
        return if path.canonicalize().is_ok_and(|p| p.starts_with(&root)) {
            Resolved::Redirect(format!("/{}/", raw.trim_start_matches('/')))
        } else {
            Resolved::NotFound
        };
    }
    match path.canonicalize() {
        Ok(real) if real.starts_with(&root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// An HTML file with the reload script (and the error overlay, if the last build failed).
fn html(path: &Path, code: StatusCode, status: &Status) -> Response {
    match streamed_page(path, status) {
        Ok((length, body)) => {
            let mut r = (code, body).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
            r
        }
        Err(_) => html_response(StatusCode::NOT_FOUND, fallback_page(status)),
    }
}

/// An HTML page streamed from its file with the snippet put in on the way: the file
/// is read in pieces of [`PIECE`] bytes, so a request costs that much memory, not the
/// page's size (reading the page whole and copying it to put the script in took three
/// times its size per request). The open file is the page as it was when asked for: a
/// rebuild replaces pages by renaming, so a page sent during one is whole and of one
/// build. Returns the length in bytes and the body.
fn streamed_page(path: &Path, status: &Status) -> std::io::Result<(u64, Body)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    // `</body>` is near a page's end: only the tail is read to find it.
    let tail_from = length.saturating_sub(BODY_END_WINDOW);
    file.seek(SeekFrom::Start(tail_from))?;
    let mut tail = Vec::new();
    file.by_ref().take(BODY_END_WINDOW).read_to_end(&mut tail)?;
    file.seek(SeekFrom::Start(0))?;
    let at = tail_from + super::status::body_end(&tail).unwrap_or(tail.len()) as u64;
    let snippet = Bytes::from(super::status::snippet(status));
    let total = length + snippet.len() as u64;
    let file = tokio::fs::File::from_std(file);
    let pieces = futures_util::stream::unfold(
        (file, 0u64, Some(snippet)),
        move |(mut file, read, snippet)| async move {
            use tokio::io::AsyncReadExt;
            if read == at
                && let Some(s) = snippet
            {
                return Some((Ok(s), (file, read, None)));
            }
            let until = if read < at { at } else { length };
            if read >= until {
                return None;
            }
            let want = usize::try_from(until - read).map_or(PIECE, |left| left.min(PIECE));
            let mut buf = vec![0; want];
            match file.read(&mut buf).await {
                // The file cannot shrink (pages are replaced by renames); if it did,
                // the response ends short and the client sees a broken download.
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(Bytes::from(buf)), (file, read + n as u64, snippet)))
                }
                Err(e) => Some((Err(e), (file, length, None))),
            }
        },
    );
    Ok((total, Body::from_stream(pieces)))
}

/// The site's own 404 page; a plain one if the site has none (or none was built yet).
fn not_found(output: &Path, status: &Status) -> Response {
    let page = output.join("404.html");
    if page.is_file() {
        html(&page, StatusCode::NOT_FOUND, status)
    } else {
        html_response(StatusCode::NOT_FOUND, fallback_page(status))
    }
}

fn fallback_page(status: &Status) -> String {
    let body = if status.overlay.is_some() {
        "<h1>Sitet er ikke bygget endnu</h1>"
    } else {
        "<h1>Siden findes ikke</h1>"
    };
    inject(
        &format!(
            "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>planportal</title></head><body>{body}</body></html>"
        ),
        status,
    )
}

fn html_response(code: StatusCode, body: String) -> Response {
    let mut r = (code, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("tmp");
        let out = tmp.path();
        std::fs::create_dir_all(out.join("a/b")).expect("mkdir");
        std::fs::write(out.join("index.html"), "<html><body>x</body></html>").expect("w");
        std::fs::write(out.join("a/b/index.html"), "<html><body>y</body></html>").expect("w");
        std::fs::write(out.join("style.css"), "body{}").expect("w");
        tmp
    }

    #[test]
    fn paths_resolve_inside_the_output_only() {
        let tmp = site();
        let out = tmp.path();
        let real = out.canonicalize().expect("canon");
        assert_eq!(resolve(out, "/"), Resolved::File(real.join("index.html")));
        assert_eq!(
            resolve(out, "/a/b/"),
            Resolved::File(real.join("a/b/index.html"))
        );
        assert_eq!(
            resolve(out, "/style.css"),
            Resolved::File(real.join("style.css"))
        );
        assert_eq!(resolve(out, "/a/b"), Resolved::Redirect("/a/b/".into()));
        assert_eq!(resolve(out, "//a/b"), Resolved::Redirect("/a/b/".into()));
        assert_eq!(resolve(out, "///a//b"), Resolved::Redirect("/a//b/".into()));
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/a/..%2f..%2fx",
            "/..%5cx",
            "/a\\..\\x",
            "/./index.html",
            "/%00",
            "/nope.html",
            "/style.css/",
            "relative",
            "/%ff",
        ] {
            assert_eq!(resolve(out, bad), Resolved::NotFound, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_output_are_refused() {
        let tmp = site();
        let outside = tempfile::tempdir().expect("tmp");
        std::fs::write(outside.path().join("secret.txt"), "s").expect("w");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), tmp.path().join("s.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(outside.path(), tmp.path().join("d")).expect("symlink");
        assert_eq!(resolve(tmp.path(), "/s.txt"), Resolved::NotFound);
        assert_eq!(resolve(tmp.path(), "/d/secret.txt"), Resolved::NotFound);
        assert_eq!(resolve(tmp.path(), "/d"), Resolved::NotFound);
    }
}
