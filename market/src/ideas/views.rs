//! Idea views, counted in memory and written to the database every few seconds in one
//! statement per idea, instead of one write per page view. Views are not money: a crash loses
//! at most the last few seconds of them, and a graceful shutdown writes them first.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::MarketResult;
use crate::{Market, execute};

#[derive(Debug, Default)]
pub struct PendingViews(Mutex<HashMap<i64, i64>>);

impl PendingViews {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, i64>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one view of `idea_id`; returns the views of it not yet written.
    pub fn add(&self, idea_id: i64) -> i64 {
        let mut map = self.lock();
        let n = map.entry(idea_id).or_insert(0);
        *n += 1;
        *n
    }

    /// Views of `idea_id` not yet written.
    pub fn of(&self, idea_id: i64) -> i64 {
        self.lock().get(&idea_id).copied().unwrap_or(0)
    }

    fn take(&self) -> HashMap<i64, i64> {
        std::mem::take(&mut *self.lock())
    }

    fn put_back(&self, views: HashMap<i64, i64>) {
        let mut map = self.lock();
        for (id, n) in views {
            *map.entry(id).or_insert(0) += n;
        }
    }
}

/// Writes the views counted so far. What a failed write leaves is kept for the next flush.
pub async fn flush(market: &Market) -> MarketResult<usize> {
    let views = market.views.take();
    let mut left = HashMap::new();
    let mut written = 0;
    let mut failure = None;
    for (id, n) in views {
        if failure.is_some() {
            left.insert(id, n);
            continue;
        }
        match execute!(market.db.exec(), "UPDATE ideas SET views = views + ? WHERE id = ?", n, id) {
            Ok(_) => written += 1,
            Err(e) => {
                left.insert(id, n);
                failure = Some(e);
            }
        }
    }
    market.views.put_back(left);
    match failure {
        Some(e) => Err(e.into()),
        None => Ok(written),
    }
}
