//! Cache entries filled once however many ask at the same moment. When a popular entry (a page
//! of the idea list) is missing under load, every request used to query the database for it at
//! once; a thousand such queries emptied the connection pool and requests failed (HTTP 500 in
//! `bench/load.sh`). Now the first rebuilds the entry and the others wait and read it.

use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use crate::cache::Cache;
use crate::error::MarketResult;

/// Locks striped by key: fills of one key run one at a time in this process, fills of different
/// keys rarely wait for each other, and memory stays fixed whatever the keys.
#[derive(Debug)]
pub struct Fills {
    stripes: Box<[Mutex<()>]>,
}

const STRIPES: usize = 64;

impl Default for Fills {
    fn default() -> Self {
        Self { stripes: (0..STRIPES).map(|_| Mutex::new(())).collect() }
    }
}

impl Fills {
    /// The cached value of `key`, or `fill`'s, stored for `ttl`. Only one caller at a time runs
    /// `fill` for a key; the others find its value in the cache when their turn comes.
    pub async fn cached<T, F, Fut>(&self, cache: &Cache, key: &str, ttl: Duration, fill: F) -> MarketResult<T>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: Future<Output = MarketResult<T>>,
    {
        if let Some(hit) = read(cache, key).await? {
            return Ok(hit);
        }
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let _turn = self.stripes[(hasher.finish() % STRIPES as u64) as usize].lock().await;
        if let Some(hit) = read(cache, key).await? {
            return Ok(hit);
        }
        let value = fill().await?;
        let json = serde_json::to_string(&value).map_err(anyhow::Error::from)?;
        cache.set_ex(key, &json, ttl).await?;
        Ok(value)
    }
}

/// An entry that no longer parses (written by an older release) counts as missing.
async fn read<T: DeserializeOwned>(cache: &Cache, key: &str) -> MarketResult<Option<T>> {
    Ok(cache.get(key).await?.and_then(|hit| serde_json::from_str(&hit).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MarketError;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn many_callers_of_a_missing_entry_fill_it_once_and_all_get_it() {
        let fills = Arc::new(Fills::default());
        let cache = Cache::memory();
        let runs = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..20)
            .map(|_| {
                let (fills, cache, runs) = (fills.clone(), cache.clone(), runs.clone());
                tokio::spawn(async move {
                    fills
                        .cached(&cache, "page:1", Duration::from_secs(60), || async {
                            runs.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Ok(vec![1, 2, 3])
                        })
                        .await
                })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.unwrap().unwrap(), vec![1, 2, 3]);
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1, "one fill for twenty callers");
        let other: Vec<i32> =
            fills.cached(&cache, "page:2", Duration::from_secs(60), || async { Ok(vec![9]) }).await.unwrap();
        assert_eq!(other, vec![9], "another key fills on its own");
    }

    #[tokio::test]
    async fn a_failed_fill_stores_nothing_and_the_next_caller_tries_again() {
        let fills = Fills::default();
        let cache = Cache::memory();
        let failed: MarketResult<Vec<i32>> =
            fills.cached(&cache, "k", Duration::from_secs(60), || async { Err(MarketError::NotFound) }).await;
        assert!(matches!(failed, Err(MarketError::NotFound)));
        let filled: Vec<i32> =
            fills.cached(&cache, "k", Duration::from_secs(60), || async { Ok(vec![4]) }).await.unwrap();
        assert_eq!(filled, vec![4]);
    }
}
