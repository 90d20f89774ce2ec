//! `GET /api/ideas/{id}/stream`: the auction's events as server-sent events. A client that
//! reconnects sends `Last-Event-ID` (the last bid it saw) and first receives what it missed;
//! a gap in the bus (a lost pub/sub message, a lagging receiver) is filled from the database.
//! The stream ends after `closed`: nothing follows it.

use std::collections::VecDeque;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use market::Market;
use market::auction::view;
use market::events::topics::Subscription;
use market::events::{BusMessage, Published};
use model::AuctionEvent;
use tokio::sync::broadcast::error::RecvError;

use super::ApiFailure;
use super::extract::IdPath;
use crate::live::LiveStreams;
use crate::sse;

/// One watcher's place in the auction. Thousands are held at once, so it stays small: the
/// database reads of a catch-up are boxed, not kept inline while the stream waits.
struct Watch {
    market: Market,
    idea_id: i64,
    rx: Subscription<Arc<BusMessage>>,
    /// The newest bid this client has (or has been sent).
    last_bid: i64,
    queue: VecDeque<Bytes>,
    /// `closed` is queued: the stream ends once the queue is sent.
    closed: bool,
}

impl Watch {
    async fn catch_up(&mut self) {
        match view::events_after(&self.market, self.idea_id, self.last_bid).await {
            Ok(events) => events.into_iter().for_each(|e| self.push(&Published::new(e))),
            Err(e) => tracing::warn!(error = ?e, idea_id = self.idea_id, "catching up a stream failed"),
        }
    }

    fn push(&mut self, published: &Published) {
        if self.closed {
            return;
        }
        match &published.event {
            AuctionEvent::Bid { bid, .. } => self.last_bid = self.last_bid.max(bid.id),
            AuctionEvent::Closed { .. } => self.closed = true,
            AuctionEvent::Opened { .. } => {}
        }
        self.queue.push_back(published.frame.clone());
    }

    /// Queues what the client lacks of `published`; false when a bid was missed on the way,
    /// which only the database has now.
    fn take(&mut self, published: &Published) -> bool {
        match &published.event {
            AuctionEvent::Bid { bid, .. } if bid.id <= self.last_bid => true,
            AuctionEvent::Bid { prev_bid_id, .. } if prev_bid_id.unwrap_or(0) != self.last_bid => false,
            _ => {
                self.push(published);
                true
            }
        }
    }

    /// The next frame to send, or `None` after the close (or once the bus is gone).
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(frame) = self.queue.pop_front() {
                return Some(frame);
            }
            if self.closed {
                return None;
            }
            let in_step = match self.rx.recv().await {
                Ok(msg) => match &*msg {
                    BusMessage::Event(published) => self.take(published),
                    BusMessage::Resync => false,
                },
                Err(RecvError::Lagged(_)) => false,
                Err(RecvError::Closed) => return None,
            };
            if !in_step {
                Box::pin(self.catch_up()).await;
            }
        }
    }
}

pub async fn stream(
    State(market): State<Market>,
    State(live): State<LiveStreams>,
    IdPath(idea_id): IdPath,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    market::ideas::get(&market, idea_id, None, false).await?;
    let last_bid = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    // Subscribe before reading the database, so nothing falls between the two.
    let rx = market.events.subscribe(idea_id);
    let mut watch = Watch { market, idea_id, rx, last_bid, queue: VecDeque::new(), closed: false };
    watch.catch_up().await;
    let frames = futures_util::stream::unfold(watch, |mut w| async move { w.next().await.map(|frame| (frame, w)) });
    Ok(sse::response(live.follow(frames)))
}
