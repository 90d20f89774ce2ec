//! Members watching an idea's auction, told when it enters its last minute and when it closed.
//! The worker sweeps for watchers not yet told (`tell_watchers`): each notice is keyed by its
//! event, so a sweep that crashes or runs on two instances at once tells no one twice.

use chrono::{DateTime, TimeDelta, Utc};
use model::{Msg, NoticeKind, WatchRecord};

use super::NewNotice;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

/// How long before the close watchers are told it is closing.
pub const CLOSING_NOTICE: TimeDelta = TimeDelta::seconds(60);
/// Closed auctions older than this are no longer swept (a worker down longer loses those).
const CLOSED_LOOKBACK: TimeDelta = TimeDelta::days(1);
/// Notices written per sweep at most; the next sweep takes the rest.
const BATCH: i64 = 500;

/// Starts watching a visible idea that is not yet sold. Watching twice is watching.
pub async fn watch(market: &Market, user_id: i64, idea_id: i64) -> MarketResult<()> {
    let status = query_scalar!(
        market.db.exec(),
        fetch_optional,
        String,
        "SELECT status FROM ideas WHERE id = ? AND hidden = FALSE",
        idea_id
    )?
    .ok_or(MarketError::NotFound)?;
    if status == "completed" {
        return Err(MarketError::invalid(
            "ideaId",
            Msg::new("这场竞拍已经结束，无需关注", "This auction has ended; there is nothing to watch"),
        ));
    }
    // Already watching is the primary key refusing a second row: the first watch stands.
    let inserted = execute!(
        market.db.exec(),
        "INSERT INTO idea_watches (user_id, idea_id, created_at) VALUES (?, ?, ?)",
        user_id,
        idea_id,
        Utc::now()
    );
    match inserted {
        Err(e) if !crate::db::is_unique_violation(&e) => Err(e.into()),
        _ => Ok(()),
    }
}

/// Stops watching; not watching is no error.
pub async fn unwatch(market: &Market, user_id: i64, idea_id: i64) -> MarketResult<()> {
    execute!(market.db.exec(), "DELETE FROM idea_watches WHERE user_id = ? AND idea_id = ?", user_id, idea_id)?;
    Ok(())
}

pub async fn is_watching(market: &Market, user_id: i64, idea_id: i64) -> MarketResult<bool> {
    Ok(query_scalar!(
        market.db.exec(),
        fetch_optional,
        i64,
        "SELECT idea_id FROM idea_watches WHERE user_id = ? AND idea_id = ?",
        user_id,
        idea_id
    )?
    .is_some())
}

/// The auctions the member watches, oldest watch first (their data export).
pub async fn of_member(market: &Market, user_id: i64) -> MarketResult<Vec<WatchRecord>> {
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, DateTime<Utc>),
        "SELECT idea_id, created_at FROM idea_watches WHERE user_id = ? ORDER BY created_at, idea_id",
        user_id
    )?;
    Ok(rows.into_iter().map(|(idea_id, watched_since)| WatchRecord { idea_id, watched_since }).collect())
}

#[derive(sqlx::FromRow)]
struct Due {
    user_id: i64,
    idea_id: i64,
    price: Option<i64>,
    leader: Option<String>,
}

/// Tells watchers of auctions in their last minute, and of auctions that closed, what they have
/// not been told yet. Returns how many notices it wrote.
pub async fn tell_watchers(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    // The idea's author hears of its close as its author, not as a watcher.
    let closing = query_as!(
        market.db.exec(),
        fetch_all,
        Due,
        "SELECT w.user_id, w.idea_id, NULL AS price, NULL AS leader FROM idea_watches w \
         JOIN auctions a ON a.idea_id = w.idea_id JOIN ideas i ON i.id = w.idea_id \
         WHERE a.status = 'open' AND a.closes_at > ? AND a.closes_at <= ? AND i.hidden = FALSE AND w.user_id <> i.author_id \
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = w.user_id AND n.idea_id = w.idea_id AND n.kind = 'watch_closing') \
         LIMIT ?",
        now,
        now + CLOSING_NOTICE,
        BATCH
    )?;
    let closed = query_as!(
        market.db.exec(),
        fetch_all,
        Due,
        "SELECT w.user_id, w.idea_id, CASE WHEN a.outcome = 'sold' THEN a.price END AS price, a.leader FROM idea_watches w \
         JOIN auctions a ON a.idea_id = w.idea_id JOIN ideas i ON i.id = w.idea_id \
         WHERE a.status = 'closed' AND a.closed_at >= ? AND w.user_id <> i.author_id \
         AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = w.user_id AND n.idea_id = w.idea_id AND n.kind = 'watch_closed') \
         LIMIT ?",
        now - CLOSED_LOOKBACK,
        BATCH
    )?;
    if closing.is_empty() && closed.is_empty() {
        return Ok(0);
    }
    let mut told = Vec::new();
    let mut tx = market.db.begin().await?;
    for (due, kind) in
        closing.iter().map(|d| (d, NoticeKind::WatchClosing)).chain(closed.iter().map(|d| (d, NoticeKind::WatchClosed)))
    {
        let key = format!("auction:{}:{}", due.idea_id, kind.as_str());
        let mut notice = NewNotice::new(due.user_id, kind, &key).idea(due.idea_id);
        if let (Some(price), Some(leader)) = (due.price, due.leader.as_deref()) {
            notice = notice.amount(price).detail(leader);
        }
        if super::record(&mut tx, notice, now).await? {
            told.push(due.user_id);
        }
    }
    tx.commit().await?;
    let count = told.len();
    super::announce(market, told).await;
    Ok(count)
}
