//! The accept loop: HTTP/1.1 connections served by hyper directly rather than by `axum::serve`.
//!
//! Every live auction watcher holds a connection open for minutes, so what one connection costs
//! decides how many watchers an instance can hold. `axum::serve` goes through hyper-util's
//! connection that first sniffs for HTTP/2; browsers reach this server over HTTP/1.1 (directly,
//! or through nginx, which proxies with HTTP/1.1), so that buys nothing. Here each connection
//! also gets `TCP_NODELAY` (a live event leaves at once) and a deadline for its request head
//! (which also closes keep-alive connections left idle: nginx lets go of them first). No
//! protocol upgrades: nothing here serves WebSockets.

use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

/// How long a client may take to send a request head, or leave its connection idle.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` until `closing` turns true, then stops accepting, lets every connection finish
/// the response it is sending, and returns once all of them have closed.
pub async fn serve(listener: TcpListener, app: Router, closing: watch::Receiver<bool>, header_timeout: Duration) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    // Each connection holds a receiver; `closed()` resolves when the last one is gone.
    let (open_tx, open_rx) = watch::channel(());
    let mut stop = closing.clone();
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = until_closing(&mut stop) => break,
        };
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "setting TCP_NODELAY failed");
        }
        let app = app.clone();
        let service = hyper::service::service_fn(move |req: Request<Incoming>| {
            let mut req = req.map(axum::body::Body::new);
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req)
        });
        let conn = http.serve_connection(TokioIo::new(tcp), service);
        let (mut closing, open) = (closing.clone(), open_rx.clone());
        tokio::spawn(async move {
            let mut conn = std::pin::pin!(conn);
            let served = tokio::select! {
                served = conn.as_mut() => served,
                () = until_closing(&mut closing) => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            };
            if let Err(e) = served {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(open);
        });
    }
    drop(listener);
    drop(open_rx);
    open_tx.closed().await;
}

/// Resolves once the server begins to shut down (or the sender is gone, which means the same).
pub(crate) async fn until_closing(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
}

/// A failed accept that concerns one connection is skipped; any other (out of file
/// descriptors, say) is logged and waited out, so the loop does not spin on it.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(e.kind(), ConnectionAborted | ConnectionRefused | ConnectionReset) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed; retrying in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::*;

    /// A server whose `/slow` answers after 300 ms and whose `/peer` names the caller's address.
    async fn start(header_timeout: Duration) -> (SocketAddr, watch::Sender<bool>, tokio::task::JoinHandle<()>) {
        let app = Router::new()
            .route("/peer", get(|ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>| async move { peer.to_string() }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    "done"
                }),
            );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (closing_tx, closing) = watch::channel(false);
        (addr, closing_tx, tokio::spawn(serve(listener, app, closing, header_timeout)))
    }

    async fn get_text(tcp: &mut TcpStream, path: &str) -> String {
        tcp.write_all(format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
        let mut answer = String::new();
        tcp.read_to_string(&mut answer).await.unwrap();
        answer
    }

    #[tokio::test]
    async fn handlers_see_the_peer_address() {
        let (addr, _closing, _server) = start(HEADER_READ_TIMEOUT).await;
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        let mine = tcp.local_addr().unwrap();
        let answer = get_text(&mut tcp, "/peer").await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with(&mine.to_string()), "{answer}");
    }

    #[tokio::test]
    async fn a_client_that_never_finishes_its_request_head_is_let_go() {
        let (addr, _closing, _server) = start(Duration::from_millis(200)).await;
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        tcp.write_all(b"GET /peer HTTP/1.1\r\nHost: t\r\n").await.unwrap();
        let mut rest = Vec::new();
        let closed = tokio::time::timeout(Duration::from_secs(5), tcp.read_to_end(&mut rest)).await;
        assert!(matches!(closed, Ok(Ok(_))), "the server closed the connection: {closed:?}");
        assert!(!String::from_utf8_lossy(&rest).contains("200 OK"), "and served nothing");
    }

    #[tokio::test]
    async fn shutting_down_finishes_the_request_in_flight_and_refuses_new_ones() {
        let (addr, closing, server) = start(HEADER_READ_TIMEOUT).await;
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        let in_flight = tokio::spawn(async move { get_text(&mut tcp, "/slow").await });
        tokio::time::sleep(Duration::from_millis(100)).await;
        closing.send(true).unwrap();
        let answer = in_flight.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("done"), "{answer}");
        tokio::time::timeout(Duration::from_secs(5), server).await.unwrap().unwrap();
        assert!(TcpStream::connect(addr).await.is_err(), "the listener is closed");
    }
}
