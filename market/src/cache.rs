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

/// The hits of a sliding window: the current fixed window's and the previous one's, and how far
/// into the current one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlidingWindow {
    pub current: i64,
    pub previous: i64,
    pub elapsed_ms: u64,
    pub length_ms: u64,
}

impl SlidingWindow {
    fn share_of_previous(&self, after_ms: u64) -> i64 {
        let left = self.length_ms.saturating_sub(self.elapsed_ms + after_ms);
        i64::try_from(u128::from(left) * u128::try_from(self.previous.max(0)).unwrap_or(0) / u128::from(self.length_ms))
            .unwrap_or(i64::MAX)
    }

    /// Hits in the last window length: this window's, plus the share of the previous window's
    /// that still lies within it (hits assumed spread evenly over it).
    pub fn estimate(&self) -> i64 {
        self.current.saturating_add(self.share_of_previous(0))
    }

    /// Whole seconds (at least 1) until, without further hits, one more would fit in `limit`.
    pub fn retry_after(&self, limit: i64) -> u64 {
        let room = (limit - 1).max(0);
        let to_end = self.length_ms.saturating_sub(self.elapsed_ms);
        let wait_ms = if self.current <= room {
            // The previous window's share has to shrink to what room is left.
            let spare = room - self.current;
            if self.previous <= 0 {
                0
            } else {
                let keep_ms = u128::from(self.length_ms) * u128::try_from(spare).unwrap_or(0)
                    / u128::try_from(self.previous).unwrap_or(1);
                u128::from(to_end).saturating_sub(keep_ms) as u64
            }
        } else {
            // Only once this window is the previous one and enough of it has slid past.
            let past = u128::from(self.length_ms) * u128::try_from(self.current - room).unwrap_or(0)
                / u128::try_from(self.current).unwrap_or(1);
            to_end.saturating_add(u64::try_from(past).unwrap_or(u64::MAX))
        };
        wait_ms.div_ceil(1000).max(1)
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

/// How long to wait on Redis before a request gets an error instead: a Redis that is gone must
/// not hold requests open (the defaults wait forever for an answer).
pub fn redis_config() -> redis::aio::ConnectionManagerConfig {
    redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Duration::from_secs(1))
        .set_response_timeout(Duration::from_secs(2))
        .set_number_of_retries(2)
        .set_max_delay(1_000)
}

impl Cache {
    pub fn memory() -> Self {
        Self::Memory(Arc::new(MemoryStore::default()))
    }

    /// Connects to Redis; every key gets `prefix` so that several tests or apps can share one.
    pub async fn redis(url: &str, prefix: &str) -> Result<Self, CacheError> {
        let client = redis::Client::open(url)?;
        let conn = ConnectionManager::new_with_config(client, redis_config()).await?;
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

    /// Counts a hit on a sliding window of length `window` that ends now, as two fixed windows
    /// (aligned to the Unix epoch, so every instance agrees on them): this one's hits so far and
    /// the previous one's.
    pub async fn hit_sliding(&self, key: &str, window: Duration) -> Result<SlidingWindow, CacheError> {
        let length = u64::try_from(window.as_millis()).unwrap_or(u64::MAX).max(1);
        let now = u64::try_from(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_millis(),
        )
        .unwrap_or(0);
        let index = now / length;
        let (this, last) = (format!("{key}@{index}"), format!("{key}@{}", index.saturating_sub(1)));
        // Each window's counter is kept for two lengths: long enough to be read as the previous one.
        let (current, previous) = match self {
            Self::Memory(_) => {
                let (current, _) = self.count(&this, window * 2).await?;
                (current, self.get(&last).await?.and_then(|n| n.parse().ok()).unwrap_or(0))
            }
            // One round trip: this is on the path of every API request.
            Self::Redis { conn, prefix } => {
                let (this, last) = (format!("{prefix}{this}"), format!("{prefix}{last}"));
                let (_, current, previous): (Option<String>, i64, Option<i64>) = redis::pipe()
                    .atomic()
                    .cmd("SET")
                    .arg(&this)
                    .arg(0)
                    .arg("EX")
                    .arg((window * 2).as_secs().max(1))
                    .arg("NX")
                    .cmd("INCR")
                    .arg(&this)
                    .cmd("GET")
                    .arg(&last)
                    .query_async(&mut conn.clone())
                    .await?;
                (current, previous.unwrap_or(0))
            }
        };
        let previous = if index == 0 { 0 } else { previous };
        Ok(SlidingWindow { current, previous, elapsed_ms: now % length, length_ms: length })
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

#[cfg(test)]
mod tests {
    use super::SlidingWindow;

    fn window(current: i64, previous: i64, elapsed_ms: u64) -> SlidingWindow {
        SlidingWindow { current, previous, elapsed_ms, length_ms: 60_000 }
    }

    #[test]
    fn the_previous_window_counts_for_what_still_lies_in_the_sliding_one() {
        assert_eq!(window(10, 0, 30_000).estimate(), 10);
        assert_eq!(window(10, 100, 15_000).estimate(), 10 + 75, "three quarters of the previous window");
        assert_eq!(window(0, 100, 59_999).estimate(), 0);
        // A burst at the end of one window still counts at the start of the next: no doubling.
        assert_eq!(window(1, 100, 0).estimate(), 101);
    }

    #[test]
    fn retry_after_is_when_one_more_hit_fits() {
        // 100 allowed: 80 now and 40 before, 30 s in: the previous share (20) must shrink to 19.
        let w = window(80, 40, 30_000);
        assert_eq!(w.estimate(), 100);
        assert_eq!(w.retry_after(100), 2, "19 of 40 left when 28.5 s of the 60 remain");
        // This window alone is over: wait for its end and then for enough of it to slide past.
        let w = window(150, 0, 50_000);
        assert_eq!(w.retry_after(100), 10 + 21, "10 s to the end, then 51/150 of a window");
        assert_eq!(window(1, 0, 0).retry_after(100), 1);
        for elapsed in (0..60_000).step_by(997) {
            for (current, previous) in [(0, 500), (99, 99), (250, 3), (100, 0)] {
                let w = window(current, previous, elapsed);
                let after = w.retry_after(100);
                // Once that time has passed, without more hits, one more fits; a second earlier it did not.
                let later = |secs: u64| {
                    let t = secs * 1000;
                    let to_end = 60_000 - elapsed;
                    if t < to_end {
                        SlidingWindow { elapsed_ms: elapsed + t, ..w }.estimate()
                    } else {
                        SlidingWindow { current: 0, previous: current, elapsed_ms: t - to_end, length_ms: 60_000 }
                            .estimate()
                    }
                };
                assert!(later(after) < 100, "{w:?}: {after} s");
                if after > 1 && w.estimate() >= 100 {
                    assert!(later(after - 2) >= 99, "{w:?}: not much sooner than {after} s");
                }
            }
        }
    }
}
