//! Server-sent-event responses made of frames prepared elsewhere: an auction event is framed
//! once on the bus (`market::events::sse_frame`) and thousands of streams write the same bytes.
//! After 15 s without a frame a stream sends a comment, which keeps proxies from closing it and
//! tells the server when its client has left.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::time::{Instant, Sleep};

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A `text/event-stream` response sending `frames` as they come.
pub fn response<S>(frames: S) -> Response
where
    S: Stream<Item = Bytes> + Send + 'static,
{
    let frames = KeepAlive { frames: Box::pin(frames), silence: Box::pin(tokio::time::sleep(KEEP_ALIVE)) };
    (
        [(CONTENT_TYPE, "text/event-stream"), (CACHE_CONTROL, "no-cache")],
        Body::from_stream(frames.map(Ok::<_, Infallible>)),
    )
        .into_response()
}

struct KeepAlive<S> {
    frames: Pin<Box<S>>,
    silence: Pin<Box<Sleep>>,
}

impl<S: Stream<Item = Bytes>> Stream for KeepAlive<S> {
    type Item = Bytes;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Poll::Ready(frame) = self.frames.as_mut().poll_next(cx) {
            self.silence.as_mut().reset(Instant::now() + KEEP_ALIVE);
            return Poll::Ready(frame);
        }
        ready!(self.silence.as_mut().poll(cx));
        self.silence.as_mut().reset(Instant::now() + KEEP_ALIVE);
        Poll::Ready(Some(Bytes::from_static(b":\n\n")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_silent_stream_sends_a_comment_every_15_seconds() {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Bytes>();
        let frames = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|f| (f, rx)) });
        let mut stream = KeepAlive { frames: Box::pin(frames), silence: Box::pin(tokio::time::sleep(KEEP_ALIVE)) };
        let started = Instant::now();
        assert_eq!(stream.next().await.unwrap(), ":\n\n");
        assert_eq!(started.elapsed(), KEEP_ALIVE);

        tokio::time::sleep(Duration::from_secs(10)).await;
        tx.send(Bytes::from_static(b"event: bid\ndata: {}\n\n")).unwrap();
        assert_eq!(stream.next().await.unwrap(), "event: bid\ndata: {}\n\n");
        // The silence is counted from the last frame, not from the last comment.
        let sent = Instant::now();
        assert_eq!(stream.next().await.unwrap(), ":\n\n");
        assert_eq!(sent.elapsed(), KEEP_ALIVE);

        drop(tx);
        assert_eq!(stream.next().await, None, "the stream ends with its frames");
    }
}
