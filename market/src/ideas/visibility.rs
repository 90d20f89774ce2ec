//! Whether an idea is public. An admin hides one with a reason and unhides it; the screening on
//! submission holds one for review (`ideas::create`). Nothing else writes `ideas.hidden*`; every
//! read for others filters on `hidden = FALSE`.

use chrono::{DateTime, Utc};

use crate::db::{Exec, Tx};
use crate::error::MarketResult;
use crate::{execute, query_scalar};

/// What the author reads about a hidden idea that has no reason of its own.
pub const UNDER_REVIEW: &str = "内容审核中";

/// What the author of an idea held by the screening reads.
pub const HELD_FOR_REVIEW: &str = "你的创意包含需要人工审核的内容，审核通过后才会公开并进入 AI 分析与竞拍";

/// Hides a public idea; `by` is the admin. False when it was hidden already (or does not exist).
pub async fn hide(tx: &mut Tx, id: i64, reason: &str, by: i64, now: DateTime<Utc>) -> MarketResult<bool> {
    let done = execute!(
        tx.exec(),
        "UPDATE ideas SET hidden = TRUE, hidden_reason = ?, hidden_by = ?, hidden_at = ? WHERE id = ? AND hidden = FALSE",
        reason,
        by,
        now,
        id
    )?;
    Ok(done.rows == 1)
}

/// Makes a hidden idea public again. False when it was not hidden.
pub async fn unhide(tx: &mut Tx, id: i64) -> MarketResult<bool> {
    let done = execute!(
        tx.exec(),
        "UPDATE ideas SET hidden = FALSE, hidden_reason = NULL, hidden_by = NULL, hidden_at = NULL WHERE id = ? AND hidden = TRUE",
        id
    )?;
    Ok(done.rows == 1)
}

/// Whether the idea is hidden; `None` when there is no such idea.
pub async fn is_hidden(exec: Exec<'_>, id: i64) -> MarketResult<Option<bool>> {
    Ok(query_scalar!(exec, fetch_optional, bool, "SELECT hidden FROM ideas WHERE id = ?", id)?)
}
