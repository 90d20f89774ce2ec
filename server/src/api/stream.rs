//! `GET /api/ideas/{id}/stream`: the auction's events as server-sent events. A client that
//! reconnects sends `Last-Event-ID` (the last bid it saw) and first receives what it missed;
//! a gap in the bus (a lost pub/sub message, a lagging receiver) is filled from the database.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use market::Market;
use market::auction::view;
use market::events::{BusMessage, Published};
use model::AuctionEvent;
use tokio::sync::broadcast::{Receiver, error::RecvError};

use super::ApiFailure;
use super::extract::IdPath;
use crate::live::LiveStreams;

struct Watch {
    market: Market,
    idea_id: i64,
    rx: Receiver<Arc<BusMessage>>,
    /// The newest bid this client has (or has been sent).
    last_bid: i64,
    queue: VecDeque<Published>,
}

impl Watch {
    async fn catch_up(&mut self) {
        match view::bid_events_after(&self.market, self.idea_id, self.last_bid).await {
            Ok(events) => self.push_all(events),
            Err(e) => tracing::warn!(error = ?e, idea_id = self.idea_id, "catching up a stream failed"),
        }
    }

    fn push_all(&mut self, events: Vec<AuctionEvent>) {
        for e in events {
            self.push(Published::new(e));
        }
    }

    fn push(&mut self, published: Published) {
        if let AuctionEvent::Bid { bid, .. } = &published.event {
            self.last_bid = self.last_bid.max(bid.id);
        }
        self.queue.push_back(published);
    }

    async fn accept(&mut self, published: &Published) {
        match &published.event {
            AuctionEvent::Bid { bid, .. } if bid.id <= self.last_bid => {}
            AuctionEvent::Bid { prev_bid_id, .. } if prev_bid_id.unwrap_or(0) != self.last_bid => self.catch_up().await,
            _ => self.push(published.clone()),
        }
    }
}

/// The JSON was made once on the bus; each stream only frames it.
fn to_sse(published: &Published) -> Event {
    let sse = Event::default().event(published.event.name()).data(&*published.json);
    match &published.event {
        AuctionEvent::Bid { bid, .. } => sse.id(bid.id.to_string()),
        _ => sse,
    }
}

pub async fn stream(
    State(market): State<Market>,
    State(live): State<LiveStreams>,
    IdPath(idea_id): IdPath,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiFailure> {
    market::ideas::get(&market, idea_id, None, false).await?;
    let last_bid = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    // Subscribe before reading the database, so nothing falls between the two.
    let rx = market.events.subscribe();
    let mut watch = Watch { market, idea_id, rx, last_bid, queue: VecDeque::new() };
    watch.catch_up().await;
    let events = futures_util::stream::unfold(watch, |mut w| async move {
        loop {
            if let Some(event) = w.queue.pop_front() {
                return Some((Ok(to_sse(&event)), w));
            }
            match w.rx.recv().await {
                Ok(msg) => match &*msg {
                    BusMessage::Event(e) if e.event.idea_id() == w.idea_id => w.accept(e).await,
                    BusMessage::Event(_) => {}
                    BusMessage::Resync => w.catch_up().await,
                },
                Err(RecvError::Lagged(_)) => w.catch_up().await,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(live.follow(events)).keep_alive(KeepAlive::default()))
}
