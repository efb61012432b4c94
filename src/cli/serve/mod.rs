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
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::broadcast;

use planportal::BuildOptions;
use planportal::diagnostics::{Diagnostic, Diagnostics, io_text};

use crate::ui::{self, Verbosity};

mod http;
mod listen;
mod status;
mod watch;

use http::{event_stream, files};
pub use status::EVENTS;
use status::{Notify, Status, after_build};
use watch::{WATCHED, rebuild_loop};

/// How long the files must be still before a batch of changes is built. An editor's
/// save is one to three events within a millisecond or two (a write, or a write to a
/// temporary file and a rename), so a short wait catches it whole; a longer one is
/// felt on every save (at 40 ms it was most of the 56 ms from saving a chapter to the
/// page reloading). Changes that straggle in later (a `git checkout` of many files)
/// are simply built again.
const SETTLE: Duration = Duration::from_millis(10);
/// How often the watcher looks whether the files have settled: a fifth of [`SETTLE`].
const SETTLE_TICK: Duration = Duration::from_millis(2);

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
    /// Room for reload event streams (see [`listen::MAX_EVENT_STREAMS`]).
    streams: Arc<tokio::sync::Semaphore>,
    /// The editor at `/__planportal/rediger/`: only when serving on loopback.
    editor: Option<planportal::editor::Editor>,
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
        streams: Arc::new(tokio::sync::Semaphore::new(listen::MAX_EVENT_STREAMS)),
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
    let mut debouncer = match new_debouncer(SETTLE, Some(SETTLE_TICK), changes_tx) {
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

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
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
