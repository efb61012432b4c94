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
//! - at most [`MAX_EVENT_STREAMS`] of them are reload event streams, which stay open as
//!   long as their page: more get 503 and are closed, so open pages (or a client
//!   opening streams by the hundred) never leave no connection for pages;
//! - a client that stops taking a response's bytes is closed after [`WRITE_TIMEOUT`],
//!   so clients that never read cannot keep connections (and their pages' pieces) held;
//! - on Ctrl-C no new connection is taken, idle ones close, and responses under way get
//!   [`SHUTDOWN_GRACE`] to finish before the server stops anyway.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
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

/// Reload event streams open at once. An author has a few pages open; a browser opens
/// at most six connections per server, so this is far above real use, and a quarter
/// of [`MAX_CONNECTIONS`], which leaves the rest for pages.
pub const MAX_EVENT_STREAMS: usize = MAX_CONNECTIONS / 4;

/// How long a response may wait for the client to take its next bytes. A browser
/// takes them as fast as the loopback gives them; a client that reads nothing (or a
/// byte a minute) is closed after this.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

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
            let stream = WriteDeadline {
                inner: stream,
                waiting: None,
            };
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

/// A connection whose writes time out: a write (or flush) that has waited
/// [`WRITE_TIMEOUT`] for the client fails, and hyper closes the connection. Reads are
/// left to hyper's own header timeout.
struct WriteDeadline<S = TcpStream> {
    inner: S,
    /// Since when a write has been waiting, while one is.
    waiting: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteDeadline<S> {
    /// After a write returned `Pending`: fails once it has waited too long.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let waiting = self
            .waiting
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_TIMEOUT)));
        match waiting.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took no bytes for too long",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn ready<T>(&mut self, r: io::Result<T>) -> Poll<io::Result<T>> {
        self.waiting = None;
        Poll::Ready(r)
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(r) => this.ready(r),
            Poll::Pending => this.pending(cx),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(r) => this.ready(r),
            Poll::Pending => this.pending(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(r) => this.ready(r),
            Poll::Pending => this.pending(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[tokio::test(start_paused = true)]
    async fn a_write_the_client_never_takes_fails_after_the_timeout() {
        // A pipe with room for 16 bytes whose other end reads nothing.
        let (near, _far) = tokio::io::duplex(16);
        let mut conn = WriteDeadline {
            inner: near,
            waiting: None,
        };
        conn.write_all(&[0; 16])
            .await
            .expect("room for the first bytes");
        let started = tokio::time::Instant::now();
        let err = conn.write_all(&[0; 16]).await.expect_err("nobody reads");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), WRITE_TIMEOUT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_reader_is_not_cut_off_while_it_keeps_taking_bytes() {
        let (near, mut far) = tokio::io::duplex(16);
        let reader = tokio::spawn(async move {
            use tokio::io::AsyncReadExt;
            let mut got = 0;
            let mut buf = [0; 16];
            while got < 160 {
                // A little under the timeout between reads, ten times over.
                tokio::time::sleep(WRITE_TIMEOUT - Duration::from_secs(1)).await;
                got += far.read(&mut buf).await.expect("read");
            }
            got
        });
        let mut conn = WriteDeadline {
            inner: near,
            waiting: None,
        };
        conn.write_all(&[1; 160])
            .await
            .expect("every write is taken in time");
        assert_eq!(reader.await.expect("reader"), 160);
    }
}
