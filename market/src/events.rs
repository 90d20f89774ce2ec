//! The event bus that carries auction and plan events to every live page: Redis pub/sub across instances,
//! in process within one, where each event wakes only the streams following its idea or plan
//! (`topics`). Pub/sub can drop messages; receivers detect gaps (each bid names the one before
//! it) and fill them from the database, which stays the source of truth.

pub mod topics;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use model::{AuctionEvent, PlanEvent};
use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use self::topics::{Subscription, Topics};

/// What a follower of an auction receives.
#[derive(Debug, Clone, PartialEq)]
pub enum BusMessage {
    Event(Published),
    /// The bus may have missed messages (Redis reconnected): catch up from the database.
    Resync,
}

/// An auction event with its server-sent-event frame, made once for every stream that sends it
/// (thousands may): each of them writes the same bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub event: AuctionEvent,
    pub frame: Bytes,
}

impl Published {
    pub fn new(event: AuctionEvent) -> Self {
        let json = serde_json::to_string(&event).unwrap_or_default();
        let id = match &event {
            AuctionEvent::Bid { bid, .. } => Some(bid.id),
            _ => None,
        };
        Self { frame: sse_frame(event.name(), id, &json), event }
    }
}

/// One server-sent event. `data` must be one line, as serde_json writes it; `id` is what a
/// reconnecting client sends back as `Last-Event-ID`.
pub fn sse_frame(name: &str, id: Option<i64>, data: &str) -> Bytes {
    let id = id.map(|id| format!("id: {id}\n")).unwrap_or_default();
    Bytes::from(format!("event: {name}\n{id}data: {data}\n\n"))
}

/// Plan events are many small previews: they travel apart from auction events, and like them
/// wake only the streams of their own plan.
#[derive(Clone)]
pub struct EventBus {
    auctions: Arc<Topics<Arc<BusMessage>>>,
    plans: Arc<Topics<Arc<PlanEvent>>>,
    /// A member's notifications changed: their open pages read the unread count again.
    notices: Arc<Topics<()>>,
    redis: Option<Redis>,
}

#[derive(Clone)]
struct Redis {
    conn: ConnectionManager,
    auctions: String,
    plans: String,
    notices: String,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.redis.is_some() { "EventBus(redis)" } else { "EventBus(memory)" })
    }
}

impl EventBus {
    pub fn memory() -> Self {
        Self { auctions: Topics::new(), plans: Topics::new(), notices: Topics::new(), redis: None }
    }

    /// Publishes through Redis and relays what the channel carries to this instance's subscribers.
    pub async fn redis(url: &str, prefix: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let conn = ConnectionManager::new_with_config(client.clone(), crate::cache::redis_config()).await?;
        let redis = Redis {
            conn,
            auctions: format!("{prefix}auction-events"),
            plans: format!("{prefix}plan-events"),
            notices: format!("{prefix}notice-events"),
        };
        let bus = Self::memory();
        tokio::spawn(relay(client, redis.clone(), bus.clone()));
        Ok(Self { redis: Some(redis), ..bus })
    }

    pub fn backend(&self) -> &'static str {
        if self.redis.is_some() { "redis" } else { "memory" }
    }

    /// Sends an event to every subscriber on every instance. Never fails the caller: the event
    /// is already committed, and receivers catch up from the database.
    pub async fn publish(&self, event: AuctionEvent) {
        if let Some(redis) = &self.redis {
            match send(&redis.conn, &redis.auctions, &event).await {
                Ok(()) => return,
                Err(e) => tracing::warn!(error = %e, "publishing an auction event failed; delivering locally"),
            }
        }
        self.deliver(event);
    }

    fn deliver(&self, event: AuctionEvent) {
        self.auctions.send(event.idea_id(), Arc::new(BusMessage::Event(Published::new(event))));
    }

    /// Follows one idea's auction.
    pub fn subscribe(&self, idea_id: i64) -> Subscription<Arc<BusMessage>> {
        self.auctions.subscribe(idea_id)
    }

    /// Sends a plan event to every instance; a lost one only costs a preview, never content.
    pub async fn publish_plan(&self, event: PlanEvent) {
        if let Some(redis) = &self.redis {
            match send(&redis.conn, &redis.plans, &event).await {
                Ok(()) => return,
                Err(e) => tracing::warn!(error = %e, "publishing a plan event failed; delivering locally"),
            }
        }
        self.plans.send(event.plan_id(), Arc::new(event));
    }

    /// Follows one plan's progress.
    pub fn subscribe_plan(&self, plan_id: i64) -> Subscription<Arc<PlanEvent>> {
        self.plans.subscribe(plan_id)
    }

    /// Tells every instance that `user_id`'s notifications changed. A lost message costs only a
    /// stale count until the next page.
    pub async fn publish_notice(&self, user_id: i64) {
        if let Some(redis) = &self.redis {
            match send(&redis.conn, &redis.notices, &user_id).await {
                Ok(()) => return,
                Err(e) => tracing::warn!(error = %e, "publishing a notice event failed; delivering locally"),
            }
        }
        self.notices.send(user_id, ());
    }

    /// Follows one member's notifications.
    pub fn subscribe_notices(&self, user_id: i64) -> Subscription<()> {
        self.notices.subscribe(user_id)
    }
}

async fn send(conn: &ConnectionManager, channel: &str, event: &impl serde::Serialize) -> Result<(), String> {
    let json = serde_json::to_string(event).map_err(|e| e.to_string())?;
    conn.clone().publish::<_, _, i64>(channel, json).await.map(|_| ()).map_err(|e| e.to_string())
}

/// Subscribes to the Redis channel for as long as the process lives, reconnecting with backoff;
/// after each reconnect the subscribers are told to resync.
async fn relay(client: redis::Client, channels: Redis, bus: EventBus) {
    use futures_util::StreamExt;
    let mut backoff = Duration::from_millis(200);
    let mut first = true;
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&[&channels.auctions, &channels.plans, &channels.notices]).await {
                Ok(()) => {
                    if !first {
                        bus.auctions.send_all(Arc::new(BusMessage::Resync));
                        bus.notices.send_all(());
                    }
                    first = false;
                    backoff = Duration::from_millis(200);
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        let Ok(payload) = msg.get_payload::<String>() else { continue };
                        if msg.get_channel_name() == channels.notices {
                            match payload.parse::<i64>() {
                                Ok(user_id) => bus.notices.send(user_id, ()),
                                Err(e) => tracing::warn!(error = %e, "ignoring a malformed notice event"),
                            }
                            continue;
                        }
                        if msg.get_channel_name() == channels.plans {
                            match serde_json::from_str::<PlanEvent>(&payload) {
                                Ok(event) => bus.plans.send(event.plan_id(), Arc::new(event)),
                                Err(e) => tracing::warn!(error = %e, "ignoring a malformed plan event"),
                            }
                            continue;
                        }
                        match serde_json::from_str::<AuctionEvent>(&payload) {
                            Ok(event) => bus.deliver(event),
                            Err(e) => tracing::warn!(error = %e, "ignoring a malformed auction event"),
                        }
                    }
                    tracing::warn!("the Redis event subscription ended; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, "subscribing to auction events failed"),
            },
            Err(e) => tracing::warn!(error = %e, "connecting to Redis for auction events failed"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}
