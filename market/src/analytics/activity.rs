//! Sign-ins and page views per member per Beijing day. A request only adds to a counter in
//! memory; `flush` adds them to `member_activity` in one statement per member-day every few
//! seconds and at shutdown. Like idea views, these are not money: a crash loses at most the
//! last few seconds of them (and never counts one twice). `ANALYTICS=off` records nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;

use crate::db::Db;
use crate::error::MarketResult;
use crate::{Market, execute};

/// Counts not yet written: (day, member) → (sign-ins, page views).
#[derive(Debug)]
pub struct PendingActivity {
    counts: Mutex<HashMap<(NaiveDate, i64), (i64, i64)>>,
    on: AtomicBool,
}

impl Default for PendingActivity {
    fn default() -> Self {
        Self { counts: Mutex::default(), on: AtomicBool::new(true) }
    }
}

impl PendingActivity {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(NaiveDate, i64), (i64, i64)>> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stops (or resumes) recording: `ANALYTICS=off`.
    pub fn set_enabled(&self, on: bool) {
        self.on.store(on, Ordering::Relaxed);
    }

    /// Counts sign-ins and page views of a member on a day.
    pub fn add(&self, day: NaiveDate, user_id: i64, sign_ins: i64, page_views: i64) {
        if !self.on.load(Ordering::Relaxed) {
            return;
        }
        let mut counts = self.lock();
        let entry = counts.entry((day, user_id)).or_insert((0, 0));
        entry.0 += sign_ins;
        entry.1 += page_views;
    }

    fn take(&self) -> HashMap<(NaiveDate, i64), (i64, i64)> {
        std::mem::take(&mut *self.lock())
    }

    fn put_back(&self, left: HashMap<(NaiveDate, i64), (i64, i64)>) {
        let mut counts = self.lock();
        for (key, (s, v)) in left {
            let entry = counts.entry(key).or_insert((0, 0));
            entry.0 += s;
            entry.1 += v;
        }
    }
}

/// Adds what was counted to `member_activity`; what a failed write leaves is kept for the next.
pub async fn flush(market: &Market) -> MarketResult<usize> {
    let counts = market.activity.take();
    let mut left = HashMap::new();
    let mut written = 0;
    let mut failure = None;
    let upsert = match market.db {
        Db::MySql(_) => {
            "INSERT INTO member_activity (day, user_id, sign_ins, page_views) VALUES (?, ?, ?, ?) \
             ON DUPLICATE KEY UPDATE sign_ins = sign_ins + VALUES(sign_ins), page_views = page_views + VALUES(page_views)"
        }
        Db::Sqlite(_) => {
            "INSERT INTO member_activity (day, user_id, sign_ins, page_views) VALUES (?, ?, ?, ?) \
             ON CONFLICT (day, user_id) DO UPDATE SET sign_ins = sign_ins + excluded.sign_ins, \
             page_views = page_views + excluded.page_views"
        }
    };
    for ((day, user_id), (sign_ins, page_views)) in counts {
        if failure.is_some() {
            left.insert((day, user_id), (sign_ins, page_views));
            continue;
        }
        match execute!(market.db.exec(), upsert, day, user_id, sign_ins, page_views) {
            Ok(_) => written += 1,
            Err(e) => {
                left.insert((day, user_id), (sign_ins, page_views));
                failure = Some(e);
            }
        }
    }
    market.activity.put_back(left);
    match failure {
        Some(e) => Err(e.into()),
        None => Ok(written),
    }
}
