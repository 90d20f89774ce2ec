//! The event bus that carries auction and plan events to every live page: Redis pub/sub across instances,
//! a broadcast channel within one. Pub/sub can drop messages; receivers detect gaps (each bid
//! names the one before it) and fill them from the database, which stays the source of truth.

use std::sync::Arc;
use std::time::Duration;

use model::{AuctionEvent, PlanEvent};
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::broadcast;

/// What a subscriber receives.
#[derive(Debug, Clone, PartialEq)]
pub enum BusMessage {
    Event(Published),
    /// The bus may have missed messages (Redis reconnected): catch up from the database.
    Resync,
}

/// An event with its JSON, serialised once for every stream that sends it (thousands may).
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub event: AuctionEvent,
    pub json: Arc<str>,
}

impl Published {
    pub fn new(event: AuctionEvent) -> Self {
        let json = serde_json::to_string(&event).unwrap_or_default().into();
        Self { event, json }
    }
}

/// Events buffered per subscriber before it counts as lagging (and resyncs).
const CAPACITY: usize = 1024;

/// Plan events are many small previews: they travel on their own channel so that auction
/// watchers never wake for them.
#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<Arc<BusMessage>>,
    plans: broadcast::Sender<Arc<PlanEvent>>,
    redis: Option<Redis>,
}

#[derive(Clone)]
struct Redis {
    conn: ConnectionManager,
    auctions: String,
    plans: String,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.redis.is_some() { "EventBus(redis)" } else { "EventBus(memory)" })
    }
}

impl EventBus {
    pub fn memory() -> Self {
        Self { local: broadcast::channel(CAPACITY).0, plans: broadcast::channel(CAPACITY).0, redis: None }
    }

    /// Publishes through Redis and relays what the channel carries to this instance's subscribers.
    pub async fn redis(url: &str, prefix: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let conn = ConnectionManager::new_with_config(client.clone(), crate::cache::redis_config()).await?;
        let redis = Redis { conn, auctions: format!("{prefix}auction-events"), plans: format!("{prefix}plan-events") };
        let bus = Self { local: broadcast::channel(CAPACITY).0, plans: broadcast::channel(CAPACITY).0, redis: None };
        tokio::spawn(relay(client, redis.clone(), bus.clone()));
        Ok(Self { redis: Some(redis), ..bus })
    }

    pub fn backend(&self) -> &'static str {
        if self.redis.is_some() { "redis" } else { "memory" }
    }

    /// Sends an event to every subscriber on every instance. Never fails the caller: the event
    /// is already committed, and receivers catch up from the database.
    pub async fn publish(&self, event: AuctionEvent) {
        match &self.redis {
            None => {
                let _ = self.local.send(Arc::new(BusMessage::Event(Published::new(event))));
            }
            Some(redis) => {
                if let Err(e) = send(&redis.conn, &redis.auctions, &event).await {
                    tracing::warn!(error = %e, "publishing an auction event failed; delivering locally");
                    let _ = self.local.send(Arc::new(BusMessage::Event(Published::new(event))));
                }
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BusMessage>> {
        self.local.subscribe()
    }

    /// Sends a plan event to every instance; a lost one only costs a preview, never content.
    pub async fn publish_plan(&self, event: PlanEvent) {
        match &self.redis {
            None => {
                let _ = self.plans.send(Arc::new(event));
            }
            Some(redis) => {
                if let Err(e) = send(&redis.conn, &redis.plans, &event).await {
                    tracing::warn!(error = %e, "publishing a plan event failed; delivering locally");
                    let _ = self.plans.send(Arc::new(event));
                }
            }
        }
    }

    pub fn subscribe_plans(&self) -> broadcast::Receiver<Arc<PlanEvent>> {
        self.plans.subscribe()
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
            Ok(mut pubsub) => match pubsub.subscribe(&[&channels.auctions, &channels.plans]).await {
                Ok(()) => {
                    if !first {
                        let _ = bus.local.send(Arc::new(BusMessage::Resync));
                    }
                    first = false;
                    backoff = Duration::from_millis(200);
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        let Ok(payload) = msg.get_payload::<String>() else { continue };
                        if msg.get_channel_name() == channels.plans {
                            match serde_json::from_str::<PlanEvent>(&payload) {
                                Ok(event) => {
                                    let _ = bus.plans.send(Arc::new(event));
                                }
                                Err(e) => tracing::warn!(error = %e, "ignoring a malformed plan event"),
                            }
                            continue;
                        }
                        match serde_json::from_str::<AuctionEvent>(&payload) {
                            Ok(event) => {
                                let published = Published { event, json: payload.into() };
                                let _ = bus.local.send(Arc::new(BusMessage::Event(published)));
                            }
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
