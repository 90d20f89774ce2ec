//! The event bus that carries auction events to every live page: Redis pub/sub across instances,
//! a broadcast channel within one. Pub/sub can drop messages; receivers detect gaps (each bid
//! names the one before it) and fill them from the database, which stays the source of truth.

use std::sync::Arc;
use std::time::Duration;

use model::AuctionEvent;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::broadcast;

/// What a subscriber receives.
#[derive(Debug, Clone, PartialEq)]
pub enum BusMessage {
    Event(AuctionEvent),
    /// The bus may have missed messages (Redis reconnected): catch up from the database.
    Resync,
}

/// Events buffered per subscriber before it counts as lagging (and resyncs).
const CAPACITY: usize = 1024;

#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<Arc<BusMessage>>,
    redis: Option<(ConnectionManager, String)>,
}

impl std::fmt::Debug for EventBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.redis.is_some() { "EventBus(redis)" } else { "EventBus(memory)" })
    }
}

impl EventBus {
    pub fn memory() -> Self {
        Self { local: broadcast::channel(CAPACITY).0, redis: None }
    }

    /// Publishes through Redis and relays what the channel carries to this instance's subscribers.
    pub async fn redis(url: &str, prefix: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let publisher = ConnectionManager::new(client.clone()).await?;
        let channel = format!("{prefix}auction-events");
        let local = broadcast::channel(CAPACITY).0;
        tokio::spawn(relay(client, channel.clone(), local.clone()));
        Ok(Self { local, redis: Some((publisher, channel)) })
    }

    pub fn backend(&self) -> &'static str {
        if self.redis.is_some() { "redis" } else { "memory" }
    }

    /// Sends an event to every subscriber on every instance. Never fails the caller: the event
    /// is already committed, and receivers catch up from the database.
    pub async fn publish(&self, event: AuctionEvent) {
        match &self.redis {
            None => {
                let _ = self.local.send(Arc::new(BusMessage::Event(event)));
            }
            Some((conn, channel)) => {
                let sent = match serde_json::to_string(&event) {
                    Ok(json) => {
                        conn.clone().publish::<_, _, i64>(channel, json).await.map(|_| ()).map_err(|e| e.to_string())
                    }
                    Err(e) => Err(e.to_string()),
                };
                if let Err(e) = sent {
                    tracing::warn!(error = %e, "publishing an auction event failed; delivering locally");
                    let _ = self.local.send(Arc::new(BusMessage::Event(event)));
                }
            }
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BusMessage>> {
        self.local.subscribe()
    }
}

/// Subscribes to the Redis channel for as long as the process lives, reconnecting with backoff;
/// after each reconnect the subscribers are told to resync.
async fn relay(client: redis::Client, channel: String, local: broadcast::Sender<Arc<BusMessage>>) {
    use futures_util::StreamExt;
    let mut backoff = Duration::from_millis(200);
    let mut first = true;
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    if !first {
                        let _ = local.send(Arc::new(BusMessage::Resync));
                    }
                    first = false;
                    backoff = Duration::from_millis(200);
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        let Ok(payload) = msg.get_payload::<String>() else { continue };
                        match serde_json::from_str::<AuctionEvent>(&payload) {
                            Ok(event) => {
                                let _ = local.send(Arc::new(BusMessage::Event(event)));
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
