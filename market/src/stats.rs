//! Figures about the market's state for `/metrics`, read at scrape time.

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::MarketResult;
use crate::{Market, query_as, query_scalar};

/// An open auction whose close passed this long ago without settling is stuck.
const OVERDUE_AFTER: TimeDelta = TimeDelta::seconds(60);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Ideas by status (`pending`, `bidding`, `completed`).
    pub ideas: Vec<(String, i64)>,
    /// Business plans by status (`generating`, `completed`, `failed`).
    pub plans: Vec<(String, i64)>,
    /// Open auctions more than a minute past their close.
    pub auctions_overdue: i64,
    /// Age of the oldest idea still being analysed, in seconds (0 when none is).
    pub oldest_pending_secs: i64,
}

pub async fn gauges(market: &Market, now: DateTime<Utc>) -> MarketResult<Gauges> {
    let db = &market.db;
    let ideas = query_as!(db.exec(), fetch_all, (String, i64), "SELECT status, COUNT(*) FROM ideas GROUP BY status")?;
    let plans =
        query_as!(db.exec(), fetch_all, (String, i64), "SELECT status, COUNT(*) FROM business_plans GROUP BY status")?;
    let auctions_overdue = query_scalar!(
        db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM auctions WHERE status = 'open' AND closes_at < ?",
        now - OVERDUE_AFTER
    )?;
    let oldest = query_scalar!(
        db.exec(),
        fetch_one,
        Option<DateTime<Utc>>,
        "SELECT MIN(submitted_at) FROM ideas WHERE status = 'pending'"
    )?;
    let oldest_pending_secs = oldest.map_or(0, |t| (now - t).num_seconds().max(0));
    Ok(Gauges { ideas, plans, auctions_overdue, oldest_pending_secs })
}
