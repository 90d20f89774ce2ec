//! `GET /api/ideas/{id}/stream`: the auction's events as server-sent events. A client that
//! reconnects sends `Last-Event-ID` (the last bid it saw) and first receives what it missed;
//! a gap in the bus (a lost pub/sub message, a lagging receiver) is filled from the database.
//! The stream ends after `closed`: nothing follows it.

mod catch_up;

pub use catch_up::CatchUps;

use std::collections::VecDeque;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use market::events::topics::Subscription;
use market::events::{BusMessage, Published};
use market::{Market, MarketError};
use model::AuctionEvent;
use tokio::sync::broadcast::error::RecvError;

use self::catch_up::Found;
use super::ApiFailure;
use super::extract::IdPath;
use crate::live::LiveStreams;
use crate::sse;

/// One watcher's place in the auction. Thousands are held at once, so it stays small: the
/// database reads of a catch-up are boxed, not kept inline while the stream waits.
struct Watch {
    market: Market,
    catch_ups: CatchUps,
    idea_id: i64,
    rx: Subscription<Arc<BusMessage>>,
    /// The newest bid this client has (or has been sent).
    last_bid: i64,
    queue: VecDeque<Bytes>,
    /// `closed` is queued: the stream ends once the queue is sent.
    closed: bool,
}

impl Watch {
    /// Queues what the database has after the newest bid this client has; false once there is
    /// no idea to watch any more.
    async fn catch_up(&mut self) -> bool {
        match self.catch_ups.events_after(&self.market, self.idea_id, self.last_bid).await {
            Found::Events(events) => {
                self.push_missed(&events);
                true
            }
            // Logged by the read; the next bid or resync tries again.
            Found::Failed => true,
            Found::NoSuchIdea => false,
        }
    }

    /// Queues the events of a catch-up read that this client lacks (the read may have been
    /// shared with streams that had fewer bids).
    fn push_missed(&mut self, events: &[Published]) {
        for published in events {
            match &published.event {
                AuctionEvent::Bid { bid, .. } if bid.id <= self.last_bid => {}
                _ => self.push(published),
            }
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
            if !in_step && !Box::pin(self.catch_up()).await {
                return None;
            }
        }
    }
}

/// The auction live, as server-sent events
///
/// Events: `opened` (`{"type":"opened","idea_id"}`), `bid` (`{"type":"bid","idea_id","prev_bid_id","bid","auction"}`,
/// with the bid id as the event id) and `closed` (`{"type":"closed","idea_id","outcome"}`). A
/// client that reconnects sends `Last-Event-ID` and first receives the bids it missed, then
/// `closed` if the auction closed meanwhile. The stream ends after `closed`; a comment line is
/// sent after 15 s without an event.
#[utoipa::path(get, path = "/api/ideas/{id}/stream", tag = "ideas", operation_id = "streamIdeaAuction",
    params(super::openapi::params::Id,
        ("Last-Event-ID" = Option<String>, Header, description = "The last bid id the client saw.")),
    responses((status = 200, description = "An event stream that ends after `closed`",
            content_type = "text/event-stream", body = String),
        super::openapi::errors::NotFound, super::openapi::errors::TooManyRequests, super::openapi::errors::Internal))]
pub async fn stream(
    State(market): State<Market>,
    State(live): State<LiveStreams>,
    State(catch_ups): State<CatchUps>,
    IdPath(idea_id): IdPath,
    headers: HeaderMap,
) -> Result<Response, ApiFailure> {
    let last_bid = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    // Subscribe before reading the database, so nothing falls between the two.
    let rx = market.events.subscribe(idea_id);
    let mut watch = Watch { market, catch_ups, idea_id, rx, last_bid, queue: VecDeque::new(), closed: false };
    match watch.catch_ups.events_after(&watch.market, idea_id, last_bid).await {
        Found::Events(events) => watch.push_missed(&events),
        Found::NoSuchIdea => return Err(MarketError::NotFound.into()),
        Found::Failed => return Err(MarketError::Internal(anyhow::anyhow!("reading the auction failed")).into()),
    }
    let frames = futures_util::stream::unfold(watch, |mut w| async move { w.next().await.map(|frame| (frame, w)) });
    Ok(sse::response(live.follow(frames)))
}
