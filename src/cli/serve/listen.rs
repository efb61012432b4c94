//! The connection side of `serve`: accepts connections and runs each through hyper's
//! HTTP/1 server with the limits a server needs against slow, silent or greedy clients.
//!
//! `axum::serve` takes no configuration, and without a timer hyper never times out a
//! client that opens a connection and sends half a request: such connections were kept
//! forever, and Ctrl-C waited for them. Here hyper gets a timer, so:
//!
//! - a client has [`HEADER_TIMEOUT`] to send a request's line and headers (from
//!   connecting, or from the end of the previous response on a kept-alive connection);
//! - a request head is at most [`MAX_HEAD`] bytes (a longer one gets 431, a URI over
//!   64 kB 414, from hyper);
//! - at most [`MAX_CONNECTIONS`] connections are served at once; more wait in the
//!   listen queue, so a flood cannot use up the file descriptors pages are read with;
//! - on Ctrl-C no new connection is taken, idle ones close, and responses under way get
//!   [`SHUTDOWN_GRACE`] to finish before the server stops anyway.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// How long a client may take to send a request's head. Browsers send it at once;
/// only a stuck or hostile client needs longer. Chosen well above a slow machine's
/// hiccup, well below hyper's 30 s default.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The most a connection buffers of a request head: far above what a browser sends
/// (cookies included), and it bounds memory to `MAX_HEAD × MAX_CONNECTIONS`.
pub const MAX_HEAD: usize = 64 * 1024;

/// Connections served at once. Each open page holds one for its reload events, and a
/// browser opens at most six per server; the rest is room to spare, well under the
/// usual limit of 1024 open files.
pub const MAX_CONNECTIONS: usize = 512;

/// After Ctrl-C, how long responses under way may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Serves `app` on `listener` until `stop` completes.
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) {
    let (closing_tx, closing_rx) = watch::channel(false);
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut stop => break,
        };
        // The semaphore is never closed; if it were, nothing more could be served.
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors or the like: wait instead of spinning;
                    // a client that gave up before being accepted is no error at all.
                    if !is_connection_error(&e) {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut closing = closing_rx.clone();
        connections.spawn(async move {
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD);
            let conn = http.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                // A client that leaves or breaks the protocol is its own business.
                _ = conn.as_mut() => return,
                _ = closing.wait_for(|c| *c) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
        // Finished connections are forgotten as we go, so the set stays small.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
}

/// Errors `accept` returns for a connection that ended before it was taken.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
