//! Key-value cache with expiry: Redis when configured, otherwise a map in this process.
//! Sessions, SMS codes and the idea-list cache live here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
}

#[derive(Clone)]
pub enum Cache {
    Memory(Arc<MemoryStore>),
    Redis { conn: ConnectionManager, prefix: String },
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.backend())
    }
}

/// Entries past this count trigger a sweep of expired ones, bounding memory.
const MEMORY_SWEEP_AT: usize = 50_000;

#[derive(Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, (String, Option<Instant>)>>,
}

impl MemoryStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, Option<Instant>)>> {
        // A panic while holding the lock cannot leave a half-written entry: recover the map.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Cache {
    pub fn memory() -> Self {
        Self::Memory(Arc::new(MemoryStore::default()))
    }

    /// Connects to Redis; every key gets `prefix` so that several tests or apps can share one.
    pub async fn redis(url: &str, prefix: &str) -> Result<Self, CacheError> {
        let client = redis::Client::open(url)?;
        let conn = ConnectionManager::new(client).await?;
        Ok(Self::Redis { conn, prefix: prefix.to_owned() })
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Memory(_) => "memory",
            Self::Redis { .. } => "redis",
        }
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>, CacheError> {
        match self {
            Self::Memory(m) => {
                let mut map = m.lock();
                match map.get(key) {
                    Some((_, Some(exp))) if *exp <= Instant::now() => {
                        map.remove(key);
                        Ok(None)
                    }
                    Some((v, _)) => Ok(Some(v.clone())),
                    None => Ok(None),
                }
            }
            Self::Redis { conn, prefix } => Ok(conn.clone().get(format!("{prefix}{key}")).await?),
        }
    }

    pub async fn set_ex(&self, key: &str, value: &str, ttl: Duration) -> Result<(), CacheError> {
        match self {
            Self::Memory(m) => {
                let mut map = m.lock();
                sweep(&mut map);
                map.insert(key.to_owned(), (value.to_owned(), Some(Instant::now() + ttl)));
                Ok(())
            }
            Self::Redis { conn, prefix } => {
                // Milliseconds: rounding down to whole seconds would cut short timeouts early.
                let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
                let _: () = conn.clone().pset_ex(format!("{prefix}{key}"), value, millis).await?;
                Ok(())
            }
        }
    }

    /// Sets the key only if it is absent; true if this call set it (a lock or a rate limit).
    pub async fn set_nx_ex(&self, key: &str, value: &str, ttl: Duration) -> Result<bool, CacheError> {
        match self {
            Self::Memory(m) => {
                let mut map = m.lock();
                let now = Instant::now();
                let live = matches!(map.get(key), Some((_, exp)) if exp.is_none_or(|e| e > now));
                if live {
                    return Ok(false);
                }
                sweep(&mut map);
                map.insert(key.to_owned(), (value.to_owned(), Some(now + ttl)));
                Ok(true)
            }
            Self::Redis { conn, prefix } => {
                let opts = redis::SetOptions::default()
                    .conditional_set(redis::ExistenceCheck::NX)
                    .with_expiration(redis::SetExpiry::EX(ttl.as_secs().max(1)));
                let set: Option<String> = conn.clone().set_options(format!("{prefix}{key}"), value, opts).await?;
                Ok(set.is_some())
            }
        }
    }

    /// Seconds until the key expires, if it exists with an expiry.
    pub async fn ttl(&self, key: &str) -> Result<Option<u64>, CacheError> {
        match self {
            Self::Memory(m) => {
                let map = m.lock();
                let now = Instant::now();
                Ok(map.get(key).and_then(|(_, exp)| *exp).filter(|e| *e > now).map(|e| (e - now).as_secs().max(1)))
            }
            Self::Redis { conn, prefix } => {
                let t: i64 = conn.clone().ttl(format!("{prefix}{key}")).await?;
                Ok(u64::try_from(t).ok().filter(|t| *t > 0))
            }
        }
    }

    pub async fn del(&self, key: &str) -> Result<(), CacheError> {
        match self {
            Self::Memory(m) => {
                m.lock().remove(key);
                Ok(())
            }
            Self::Redis { conn, prefix } => {
                let _: () = conn.clone().del(format!("{prefix}{key}")).await?;
                Ok(())
            }
        }
    }

    /// Counts an event in a window: increments `key`, which expires `window` after its first
    /// count. Returns the count so far and the seconds left in the window (rate limits).
    pub async fn count(&self, key: &str, window: Duration) -> Result<(i64, u64), CacheError> {
        match self {
            Self::Memory(m) => {
                let mut map = m.lock();
                let now = Instant::now();
                sweep(&mut map);
                let entry = map.entry(key.to_owned()).or_insert_with(|| ("0".to_owned(), Some(now + window)));
                if entry.1.is_none_or(|e| e <= now) {
                    *entry = ("0".to_owned(), Some(now + window));
                }
                let next = entry.0.parse::<i64>().unwrap_or(0) + 1;
                entry.0 = next.to_string();
                let left = entry.1.map_or(0, |e| e.saturating_duration_since(now).as_secs().max(1));
                Ok((next, left))
            }
            Self::Redis { conn, prefix } => {
                let key = format!("{prefix}{key}");
                // Creating the key with its expiry first means a counter can never outlive its window.
                let (_, count, ttl): (Option<String>, i64, i64) = redis::pipe()
                    .atomic()
                    .cmd("SET")
                    .arg(&key)
                    .arg(0)
                    .arg("EX")
                    .arg(window.as_secs().max(1))
                    .arg("NX")
                    .cmd("INCR")
                    .arg(&key)
                    .cmd("TTL")
                    .arg(&key)
                    .query_async(&mut conn.clone())
                    .await?;
                Ok((count, u64::try_from(ttl).unwrap_or(1).max(1)))
            }
        }
    }

    /// Increments a counter that never expires (used as a cache generation number).
    pub async fn incr(&self, key: &str) -> Result<i64, CacheError> {
        match self {
            Self::Memory(m) => {
                let mut map = m.lock();
                let entry = map.entry(key.to_owned()).or_insert_with(|| ("0".to_owned(), None));
                let next = entry.0.parse::<i64>().unwrap_or(0) + 1;
                entry.0 = next.to_string();
                Ok(next)
            }
            Self::Redis { conn, prefix } => Ok(conn.clone().incr(format!("{prefix}{key}"), 1).await?),
        }
    }

    /// For `/readyz`.
    pub async fn ping(&self) -> Result<(), CacheError> {
        match self {
            Self::Memory(_) => Ok(()),
            Self::Redis { conn, .. } => {
                let _: String = redis::cmd("PING").query_async(&mut conn.clone()).await?;
                Ok(())
            }
        }
    }
}

fn sweep(map: &mut HashMap<String, (String, Option<Instant>)>) {
    if map.len() >= MEMORY_SWEEP_AT {
        let now = Instant::now();
        map.retain(|_, (_, exp)| exp.is_none_or(|e| e > now));
    }
}
