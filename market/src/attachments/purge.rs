//! Deleting objects, always after their row says `deleting`, and deleting the row only once the
//! objects are gone: a crash anywhere leaves a row that the next run finishes. The worker also
//! gives up on uploads left `receiving` (the server stopped mid-upload) and on drafts never put
//! on an idea.

use chrono::{DateTime, TimeDelta, Utc};

use crate::error::MarketResult;
use crate::{Market, execute, query_as};

/// An upload not finished in this long was abandoned.
pub const RECEIVING_FOR: TimeDelta = TimeDelta::hours(1);
/// A draft not put on an idea in this long is deleted.
pub const DRAFT_FOR: TimeDelta = TimeDelta::hours(24);

/// Marks everything abandoned for deletion and deletes what is marked; answers how many files
/// went.
pub async fn run(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    execute!(
        market.db.exec(),
        "UPDATE attachments SET state = 'deleting' WHERE (state = 'receiving' AND created_at < ?) \
         OR (state = 'ready' AND idea_id IS NULL AND created_at < ?)",
        now - RECEIVING_FOR,
        now - DRAFT_FOR
    )?;
    let doomed: Vec<(i64, String)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, String),
        "SELECT id, object_key FROM attachments WHERE state = 'deleting' ORDER BY id LIMIT 100"
    )?;
    let mut gone = 0;
    for (id, key) in doomed {
        if finish(market, id, &key).await {
            gone += 1;
        }
    }
    Ok(gone)
}

/// Deletes the objects of a row marked `deleting`, then the row. False when the store failed
/// (logged; the next run tries again).
pub(crate) async fn finish(market: &Market, id: i64, key: &str) -> bool {
    if let Err(e) = market.files.delete(key).await {
        tracing::warn!(attachment_id = id, error = %e, "could not delete an attachment's objects; will retry");
        return false;
    }
    match execute!(market.db.exec(), "DELETE FROM attachments WHERE id = ? AND state = 'deleting'", id) {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(attachment_id = id, error = %e, "could not delete an attachment's row; will retry");
            false
        }
    }
}

/// Gives up on an upload that cannot finish: its row is marked and its objects go. Should the
/// database fail here, the row stays `receiving` and [`run`] takes it after [`RECEIVING_FOR`].
pub(crate) async fn abandon(market: &Market, id: i64, key: &str) {
    match execute!(
        market.db.exec(),
        "UPDATE attachments SET state = 'deleting' WHERE id = ? AND state = 'receiving'",
        id
    ) {
        Ok(_) => {
            finish(market, id, key).await;
        }
        Err(e) => tracing::warn!(attachment_id = id, error = %e, "could not mark an abandoned upload"),
    }
}
