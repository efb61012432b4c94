//! `planportal serve`: builds the site, serves it on loopback, watches the sources and
//! rebuilds and reloads open pages on every change.
//!
//! - The site is built by the library's `build` into an output folder (a temporary one
//!   by default, so `public/` never gets localhost links). A build publishes by
//!   swapping a finished staging folder into place, so a request sees the old site or
//!   the new one, never a half-written file.
//! - Pages learn about new builds over server-sent events at [`EVENTS`]. The small
//!   script that listens is injected into HTML responses on the fly; the files on disk
//!   (and every `build`) never contain it.
//! - When a rebuild fails, the last good site stays served and every HTML page gets an
//!   overlay with the diagnostics (HTML-escaped); the next good build removes it.
//! - Only GET and HEAD; a path is decoded once and refused if any segment is `..`, `.`,
//!   or holds a backslash or NUL; the file it names is canonicalized and must lie inside
//!   the output folder, so symlinks cannot lead out. Everything refused is the site's
//!   404 page. A folder asked for without its slash is redirected to itself with one,
//!   and never to `//…`, which a browser would read as another host.
//! - Connections have limits and timeouts (a slow or silent client is closed, Ctrl-C
//!   never waits for one): see [`listen`].

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::{broadcast, watch};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use planportal::diagnostics::{Diagnostic, Diagnostics, io_text};
use planportal::text::html::escape;
use planportal::{BuildOptions, BuildReport};

use crate::ui::{self, Verbosity};

mod listen;

/// The path of the event stream that tells pages about new builds.
pub const EVENTS: &str = "/__planportal/events";

/// The folders and file a site is made from; a change in any of them rebuilds.
const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "config.toml"];

pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: IpAddr,
    pub port: u16,
    /// Where to build; default: a temporary folder removed on exit.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// `--date`: "today" for the targets' status.
    pub today: Option<planportal::load::front_matter::Period>,
    pub verbosity: Verbosity,
}

/// What the server knows about the latest build.
#[derive(Clone, Debug, Default)]
struct Status {
    /// Counts builds, so a page can tell whether it shows the latest one.
    build: u64,
    /// The overlay to show on every page while the latest build failed.
    overlay: Option<String>,
}

struct Shared {
    output: PathBuf,
    status: RwLock<Status>,
    events: broadcast::Sender<u64>,
    /// Set when the server stops, so the builder thread finishes.
    stopping: AtomicBool,
    /// The `Host` headers a loopback server answers: a web page elsewhere that points
    /// a domain of its own at 127.0.0.1 (DNS rebinding) sends its own name and is
    /// refused, so it cannot read the preview (drafts, error excerpts). `None` when
    /// serving on another interface by request, where any name may be in use.
    hosts: Option<Vec<String>>,
    /// The editor at `/__planportal/rediger/`: only when serving on loopback.
    editor: Option<planportal::editor::Editor>,
}

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

impl Shared {
    fn status(&self) -> Status {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }
}

pub fn run(opts: ServeOptions) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fejl: kan ikke starte serveren: {}", io_text(&e));
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(opts))
}

async fn serve(opts: ServeOptions) -> ExitCode {
    let verbosity = opts.verbosity;
    let shutdown = Shutdown::install();
    if let Err(e) = crate::scaffold::require_portal(&opts.root) {
        let mut d = Diagnostics::default();
        d.push(e);
        d.print();
        return ExitCode::FAILURE;
    }
    let addr = SocketAddr::new(opts.interface, opts.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(
                Diagnostic::error(format!("kan ikke lytte på {addr}: {}", io_text(&e))).with_help(
                    "kører en anden `planportal serve` allerede? Vælg en anden port med --port",
                ),
            );
            d.print();
            return ExitCode::FAILURE;
        }
    };
    // With --port 0 the system picks the port: the base URL needs the real one.
    let addr = listener.local_addr().unwrap_or(addr);
    if !opts.interface.is_loopback() {
        eprintln!(
            "Advarsel: serveren lytter på {}, så andre maskiner på netværket kan se sitet.",
            opts.interface
        );
    }

    // The temporary folder lives as long as the server and is removed when it stops.
    let (output, _tmp) = match &opts.output {
        Some(dir) => (dir.clone(), None),
        None => match tempfile::Builder::new()
            .prefix("planportal-serve-")
            .tempdir()
        {
            Ok(tmp) => (tmp.path().join("site"), Some(tmp)),
            Err(e) => {
                eprintln!(
                    "fejl: kan ikke oprette en midlertidig mappe: {}",
                    io_text(&e)
                );
                return ExitCode::FAILURE;
            }
        },
    };
    // A folder that may not be replaced stops serve before it starts.
    if let Err(d) = planportal::write::check_output(&opts.root, &output) {
        eprint!("{}", d.render_plain());
        return ExitCode::FAILURE;
    }
    let build_opts = BuildOptions {
        output: Some(output.clone()),
        base_url: Some(format!("http://{addr}")),
        drafts: opts.drafts,
        today: opts.today,
        ..BuildOptions::new(&opts.root)
    };
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "Bygger {} til {} med base_url http://{addr}",
            opts.root.display(),
            output.display()
        );
    }

    let (events, _) = broadcast::channel(16);
    let hosts = opts.interface.is_loopback().then(|| {
        let port = addr.port();
        let mut hosts = vec![
            addr.to_string(),
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        if port == 80 {
            hosts.extend(["localhost", "127.0.0.1", "[::1]"].map(String::from));
        }
        hosts
    });
    let shared = Arc::new(Shared {
        output: output.clone(),
        status: RwLock::new(Status::default()),
        events,
        stopping: AtomicBool::new(false),
        editor: opts
            .interface
            .is_loopback()
            .then(|| planportal::editor::Editor::new(opts.root.clone())),
        hosts,
    });

    let first = {
        let build_opts = build_opts.clone();
        tokio::task::spawn_blocking(move || {
            ui::with_progress(&build_opts, verbosity, planportal::build_keeping)
        })
        .await
    };
    let built = match first {
        Ok((report, built)) => {
            after_build(&shared, &report, verbosity, Notify::Always);
            built
        }
        Err(e) => {
            eprintln!("fejl: bygningen gik ned: {e}");
            return ExitCode::FAILURE;
        }
    };

    // Watch the sources; a builder thread rebuilds once per debounced batch of changes.
    let (changes_tx, changes_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(Duration::from_millis(40), None, changes_tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fejl: kan ikke holde øje med filerne: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Events name absolute paths; the root must be absolute to strip it from them.
    let root = opts
        .root
        .canonicalize()
        .unwrap_or_else(|_| opts.root.clone());
    if let Err(e) = debouncer.watch(&root, RecursiveMode::NonRecursive) {
        eprintln!("fejl: kan ikke holde øje med {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    for name in WATCHED {
        let path = root.join(name);
        if path.is_dir() {
            let _ = debouncer.watch(&path, RecursiveMode::Recursive);
        }
    }
    let builder = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            rebuild_loop(
                &changes_rx,
                &root,
                &build_opts,
                built,
                &shared,
                verbosity,
                &mut debouncer,
            );
            debouncer.stop();
        })
    };

    let (stop_tx, stop_rx) = watch::channel(false);
    let app = Router::new()
        .route(EVENTS, get(event_stream))
        .fallback(files)
        .with_state((shared.clone(), stop_rx));
    if verbosity > Verbosity::Quiet {
        eprintln!("Serverer sitet på http://{addr}/ – tryk Ctrl-C for at stoppe.");
    }
    listen::serve(listener, app, async move {
        shutdown.wait().await;
        // Open event streams end here, so graceful shutdown need not wait for them.
        let _ = stop_tx.send(true);
    })
    .await;

    // The builder thread looks at this between batches (and finishes a running build).
    shared.stopping.store(true, Ordering::SeqCst);
    let _ = builder.join();
    if verbosity > Verbosity::Quiet {
        eprintln!("Stoppet.");
    }
    ExitCode::SUCCESS
}

/// Ctrl-C, or (on Unix) the polite kill a terminal or process manager sends. The
/// handlers are installed when this is made, so a signal that comes before the server
/// listens for it is not lost (and never kills the process half-way).
struct Shutdown {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Shutdown {
    fn install() -> Shutdown {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = signal(SignalKind::interrupt())
                .and_then(|int| Ok((int, signal(SignalKind::terminate())?)))
                .ok();
            Shutdown { signals }
        }
        #[cfg(not(unix))]
        Shutdown {}
    }

    async fn wait(self) {
        #[cfg(unix)]
        if let Some((mut int, mut term)) = self.signals {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Waits for changes and rebuilds, until the server stops.
#[allow(clippy::too_many_arguments)]
fn rebuild_loop(
    changes: &mpsc::Receiver<DebounceEventResult>,
    root: &Path,
    opts: &BuildOptions,
    mut built: Option<planportal::Built>,
    shared: &Shared,
    verbosity: Verbosity,
    debouncer: &mut notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
) {
    // After a fast rebuild, a full build follows once the edits pause: it brings the
    // search index, feeds and open data up to date. Its pages are the ones already
    // shown, so open pages are not reloaded for it.
    let mut refresh_due: Option<Instant> = None;
    while !shared.stopping.load(Ordering::SeqCst) {
        let batch = match changes.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if refresh_due.is_some_and(|t| t.elapsed() >= Duration::from_secs(1)) {
                    refresh_due = None;
                    let (report, fresh) = planportal::build_keeping(opts);
                    after_build(shared, &report, verbosity, Notify::IfFailed);
                    if fresh.is_some() {
                        built = fresh;
                    }
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut changed = relevant_paths(root, batch);
        // Everything that arrived meanwhile belongs to the same rebuild.
        while let Ok(more) = changes.try_recv() {
            changed.extend(relevant_paths(root, more));
        }
        if changed.is_empty() {
            continue;
        }
        changed.sort();
        changed.dedup();
        // A watched folder created after the start (say templates/) is watched from now.
        for name in WATCHED {
            let path = root.join(name);
            if path.is_dir() && changed.iter().any(|c| c == name) {
                let _ = debouncer.watch(&path, RecursiveMode::Recursive);
            }
        }
        if verbosity == Verbosity::Verbose {
            eprintln!("Ændret: {}", changed.join(", "));
        } else if verbosity > Verbosity::Quiet {
            let more = if changed.len() > 1 {
                format!(" og {} andre", changed.len() - 1)
            } else {
                String::new()
            };
            eprintln!("Ændret: {}{more} – bygger igen", changed[0]);
        }
        // Only what the edit affects, when that is enough; otherwise everything. While
        // the site has errors, every edit gets a full build, which reports them all.
        let fast = if shared.status().overlay.is_none() {
            built
                .as_mut()
                .and_then(|b| planportal::rebuild::rebuild(b, &changed))
        } else {
            None
        };
        if let Some(report) = fast {
            after_build(shared, &report, verbosity, Notify::Always);
            refresh_due = Some(Instant::now());
            continue;
        }
        refresh_due = None;
        let (report, fresh) = planportal::build_keeping(opts);
        after_build(shared, &report, verbosity, Notify::Always);
        if fresh.is_some() {
            built = fresh;
        }
    }
}

/// Whether open pages hear about a build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notify {
    Always,
    /// A build that shows nothing new unless it failed.
    IfFailed,
}

/// The changed paths (relative to the root) of one batch that a build reads from.
fn relevant_paths(root: &Path, batch: DebounceEventResult) -> Vec<String> {
    let Ok(events) = batch else {
        // The watcher lost track (too many changes at once): rebuild to be safe.
        return vec!["(flere filer)".to_string()];
    };
    let mut out = Vec::new();
    for event in events {
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            continue;
        }
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let top = rel.split('/').next().unwrap_or("");
            if !WATCHED.contains(&top) || is_editor_noise(&rel) {
                continue;
            }
            out.push(rel);
        }
    }
    out
}

/// Backup, swap and lock files editors write next to the file being edited.
fn is_editor_noise(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || (name.starts_with('.') && name != ".well-known")
}

/// Prints what a build did, updates the status and tells open pages.
fn after_build(shared: &Shared, report: &BuildReport, verbosity: Verbosity, notify: Notify) {
    if notify == Notify::IfFailed && report.ok() {
        if verbosity == Verbosity::Verbose {
            eprintln!("{} (søgning, feeds og data opdateret)", ui::summary(report));
        }
        return;
    }
    ui::print_diagnostics(&report.diagnostics, verbosity);
    let overlay = if report.ok() {
        if verbosity > Verbosity::Quiet {
            eprintln!("{}", ui::summary(report));
        }
        None
    } else {
        eprintln!(
            "Bygningen fejlede: {}, {}. Browseren viser fejlene; den seneste gode udgave vises stadig.",
            ui::fejl(report.diagnostics.error_count()),
            ui::advarsler(report.diagnostics.warning_count())
        );
        Some(overlay(&report.diagnostics))
    };
    let build = {
        let Ok(mut status) = shared.status.write() else {
            return;
        };
        status.build += 1;
        status.overlay = overlay;
        status.build
    };
    // No page open is not an error.
    let _ = shared.events.send(build);
}

/// The error overlay: every error rendered as in the terminal, HTML-escaped.
///
/// It is laid over whatever theme the site has, so it must look the same under any
/// stylesheet: every element resets all properties and sets its own, each `!important`
/// in its `style` attribute, which no author rule can beat (not even an `!important`
/// one). A theme's `pre { background: … }` once showed light text on a light box.
fn overlay(diags: &Diagnostics) -> String {
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| escape(d.render_plain().trim_end()))
        .collect();
    let warnings = diags.warning_count();
    let warnings = if warnings > 0 {
        format!(" Terminalen viser også {}.", ui::advarsler(warnings))
    } else {
        String::new()
    };
    // Contrast on #1d1d1d: #f5f5f5 is 15.9:1, #ff8a80 7.6:1; on the #2d2d2d box #f5f5f5
    // is 13.2:1 (WCAG AA asks 4.5:1).
    let text = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-weight:normal;\
                text-align:left;direction:ltr;color:#f5f5f5;-webkit-text-fill-color:#f5f5f5";
    let div = shielded(&format!(
        "{text};position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;\
         width:auto;height:auto;background:#1d1d1d;padding:1.5rem 2rem;font-size:16px"
    ));
    let h2 = shielded(&format!(
        "{text};color:#ff8a80;-webkit-text-fill-color:#ff8a80;font-size:1.4rem;font-weight:bold;\
         margin:0 0 .5rem"
    ));
    let p = shielded(&format!("{text};font-size:16px;margin:0 0 1rem"));
    let pre = shielded(
        "white-space:pre-wrap;overflow-wrap:anywhere;text-align:left;direction:ltr;\
         font-family:ui-monospace,Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:14px;\
         color:#f5f5f5;-webkit-text-fill-color:#f5f5f5;background:#2d2d2d;\
         border:1px solid #5a5a5a;border-radius:4px;padding:.75rem 1rem;margin:0",
    );
    format!(
        concat!(
            r#"<div id="planportal-fejl" role="alert" lang="da" style="{div}">"#,
            r#"<h2 style="{h2}">Siden kunne ikke bygges: {count}</h2>"#,
            r#"<p style="{p}">Ret fejlen herunder og gem filen, så opdateres siden af sig selv. "#,
            r#"Indtil da vises den seneste udgave, der kunne bygges.{warnings}</p>"#,
            r#"<pre style="{pre}">{errors}</pre></div>"#
        ),
        div = div,
        h2 = h2,
        p = p,
        pre = pre,
        count = ui::fejl(diags.error_count()),
        warnings = warnings,
        errors = errors.join("\n\n"),
    )
}

/// A `style` attribute's value that the page's own stylesheets cannot change. `all:
/// initial` first, so no theme rule leaks in through a property we do not set (an
/// inline declaration beats every normal author rule); then what keeps the text
/// visible and readable, each `!important`, which beats a theme's `!important` too
/// (later declarations here override the defaults in `VISIBLE`).
/// Line height and letter and word spacing are left without `!important`: a reader's
/// own stylesheet must be able to widen them (WCAG 1.4.12, axe's `avoid-inline-spacing`).
fn shielded(declarations: &str) -> String {
    const VISIBLE: &str = "display:block;background:transparent;border:0;padding:0;visibility:visible;opacity:1;filter:none;transform:none;\
        clip-path:none;mix-blend-mode:normal;text-shadow:none;text-transform:none;text-indent:0;\
        font-style:normal;max-width:none;max-height:none;float:none;content-visibility:visible";
    let mut out = String::from("all:initial");
    for d in VISIBLE
        .split(';')
        .chain(declarations.split(';'))
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        out.push(';');
        out.push_str(d);
        out.push_str("!important");
    }
    out.push_str(";line-height:1.5;letter-spacing:normal;word-spacing:normal");
    out
}

type AppState = (Arc<Shared>, watch::Receiver<bool>);

/// The event stream: the current build number at once, then each new one.
async fn event_stream(State((shared, stop)): State<AppState>, headers: HeaderMap) -> Response {
    if !shared.host_allowed(&headers) {
        return refused_host();
    }
    let rx = shared.events.subscribe();
    let first = shared.status().build;
    let stream = futures_util::stream::unfold(
        (Some(first), rx, stop),
        |(first, mut rx, mut stop)| async move {
            if let Some(build) = first {
                return Some((Ok(build_event(build)), (None, rx, stop)));
            }
            loop {
                tokio::select! {
                    got = rx.recv() => match got {
                        Err(broadcast::error::RecvError::Closed) => return None,
                        Ok(build) => return Some((Ok::<_, std::convert::Infallible>(build_event(build)), (None, rx, stop))),
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

fn build_event(build: u64) -> Event {
    Event::default().event("build").data(build.to_string())
}

/// The script pages get in serve mode: reload when a build newer than theirs arrives.
fn reload_script(build: u64) -> String {
    format!(
        concat!(
            "<script>(function(){{var b={build};var s=new EventSource(\"{events}\");",
            "s.addEventListener(\"build\",function(e){{if(Number(e.data)!==b){{s.close();location.reload();}}}});",
            "}})();</script>"
        ),
        build = build,
        events = EVENTS
    )
}

/// Every path that is not the event stream: a file of the output folder.
async fn files(State((shared, _)): State<AppState>, req: Request) -> Response {
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
    match std::fs::read_to_string(path) {
        Ok(text) => html_response(code, inject(&text, status)),
        Err(_) => html_response(StatusCode::NOT_FOUND, fallback_page(status)),
    }
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

/// Puts the overlay and the reload script just before `</body>`.
fn inject(page: &str, status: &Status) -> String {
    let mut snippet = String::new();
    if let Some(overlay) = &status.overlay {
        snippet.push_str(overlay);
    }
    snippet.push_str(&reload_script(status.build));
    let at = page
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + snippet.len());
    out.push_str(&page[..at]);
    out.push_str(&snippet);
    out.push_str(&page[at..]);
    out
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

    #[test]
    fn the_script_goes_before_the_body_end_and_the_overlay_is_escaped() {
        let status = Status {
            build: 3,
            overlay: None,
        };
        let page = inject("<html><body><p>x</p></body></html>", &status);
        assert!(page.contains("var b=3;"), "{page}");
        assert!(page.ends_with("</script></body></html>"), "{page}");

        let file = planportal::diagnostics::SourceFile::new("content/a.md", "+++\n<b>x</b>\n");
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error("unknown field `<img src=x>`")
                .in_file(&file)
                .at(4..12),
        );
        let overlay = overlay(&diags);
        assert!(overlay.contains("&lt;img src=x&gt;"), "{overlay}");
        assert!(overlay.contains("&lt;b&gt;x&lt;/b&gt;"), "{overlay}");
        assert!(!overlay.contains("<img"), "{overlay}");
        assert!(overlay.contains("content/a.md:2:1"), "{overlay}");
        // Every declaration wins over the theme's, whatever it says.
        for style in overlay.split("style=\"").skip(1) {
            let style = &style[..style.find('"').expect("attribute ends")];
            let (spacing, shielded): (Vec<&str>, Vec<&str>) =
                style.split(';').skip(1).partition(|d| {
                    ["line-height:", "letter-spacing:", "word-spacing:"]
                        .iter()
                        .any(|p| d.starts_with(p))
                });
            assert!(style.starts_with("all:initial;"), "{style}");
            assert!(
                shielded.iter().all(|d| d.ends_with("!important")),
                "{style}"
            );
            assert!(shielded.iter().any(|d| d.starts_with("color:")), "{style}");
            assert_eq!(spacing.len(), 3, "{style}");
            assert!(spacing.iter().all(|d| !d.contains("!important")), "{style}");
        }
    }

    #[test]
    fn editor_files_do_not_rebuild() {
        assert!(is_editor_noise("content/.a.md.swp"));
        assert!(is_editor_noise("content/a.md~"));
        assert!(is_editor_noise("content/4913"));
        assert!(is_editor_noise("content/.#a.md"));
        assert!(!is_editor_noise("content/a.md"));
    }
}
