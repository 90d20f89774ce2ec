//! Every change of an idea's status: `pending` until the agents have analysed it, `bidding` while
//! its auction runs, `completed` once it closes. The auction calls these inside its own
//! transactions; nothing else writes `ideas.status`.

use chrono::{DateTime, Utc};

use crate::db::Tx;
use crate::error::MarketResult;
use crate::{Market, execute, query_scalar};

/// Pending ideas that no instance is analysing (no lease, or a lapsed one), oldest first.
pub async fn awaiting_analysis(market: &Market, now: DateTime<Utc>) -> MarketResult<Vec<i64>> {
    Ok(query_scalar!(
        market.db.exec(),
        fetch_all,
        i64,
        "SELECT id FROM ideas WHERE status = 'pending' AND hidden = FALSE AND (analysis_lease_until IS NULL OR analysis_lease_until < ?) ORDER BY id LIMIT 20",
        now
    )?)
}

/// Takes the analysis of a pending idea until `until`, unless another instance holds it.
pub async fn lease_analysis(market: &Market, id: i64, until: DateTime<Utc>, now: DateTime<Utc>) -> MarketResult<bool> {
    let claimed = execute!(
        market.db.exec(),
        "UPDATE ideas SET analysis_lease_until = ? WHERE id = ? AND status = 'pending' AND hidden = FALSE AND (analysis_lease_until IS NULL OR analysis_lease_until < ?)",
        until,
        id,
        now
    )?;
    Ok(claimed.rows == 1)
}

/// Pending → bidding, with the agents' consensus score and how much they disagree. False when the
/// idea was no longer pending (another instance opened it).
pub async fn open_bidding(tx: &mut Tx, id: i64, ai_score: f64, disagreement: f64) -> MarketResult<bool> {
    let moved = execute!(
        tx.exec(),
        "UPDATE ideas SET status = 'bidding', ai_score = ?, ai_disagreement = ?, analysis_lease_until = NULL WHERE id = ? AND status = 'pending'",
        ai_score,
        disagreement,
        id
    )?;
    Ok(moved.rows == 1)
}

/// Bidding → completed, when its auction closes. Returns the author, who is paid for a sale.
pub async fn complete(tx: &mut Tx, id: i64) -> MarketResult<i64> {
    execute!(tx.exec(), "UPDATE ideas SET status = 'completed' WHERE id = ?", id)?;
    Ok(query_scalar!(tx.exec(), fetch_one, i64, "SELECT author_id FROM ideas WHERE id = ?", id)?)
}
