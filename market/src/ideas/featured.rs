//! 精选创意: the ideas admins choose for the home page, newest choice first. Only `moderation`
//! changes the choice (with the audit log); hidden ideas never show, featured or not.

use chrono::{DateTime, Utc};
use model::IdeaSummary;

use super::{EXCERPT_CHARS, IdeaRow, SELECT_IDEA};
use crate::db::Tx;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as};

/// At most this many on the home page.
pub const SHOWN: i64 = 6;

/// Features (`by` the admin) or unfeatures (`None`) an idea. False when nothing changed.
pub async fn set(tx: &mut Tx, id: i64, by: Option<i64>, now: DateTime<Utc>) -> MarketResult<bool> {
    let done = match by {
        Some(admin) => execute!(
            tx.exec(),
            "UPDATE ideas SET featured_at = ?, featured_by = ? WHERE id = ? AND featured_at IS NULL",
            now,
            admin,
            id
        )?,
        None => execute!(
            tx.exec(),
            "UPDATE ideas SET featured_at = NULL, featured_by = NULL WHERE id = ? AND featured_at IS NOT NULL",
            id
        )?,
    };
    Ok(done.rows == 1)
}

/// The visible featured ideas, the newest choice first, cached with the idea lists.
pub async fn list(market: &Market) -> MarketResult<Vec<IdeaSummary>> {
    let key = format!("ideas:featured:{}", crate::idea_lists::generation(market).await?);
    if let Some(hit) = market.cache.get(&key).await?
        && let Ok(items) = serde_json::from_str::<Vec<IdeaSummary>>(&hit)
    {
        return Ok(items);
    }
    let sql = format!(
        "{} WHERE i.hidden = FALSE AND i.featured_at IS NOT NULL ORDER BY i.featured_at DESC, i.id DESC LIMIT ?",
        SELECT_IDEA.replace("{description}", &format!("SUBSTR(i.description, 1, {})", EXCERPT_CHARS + 1))
    );
    let rows = query_as!(market.db.exec(), fetch_all, IdeaRow, &sql, SHOWN)?;
    let items = rows.into_iter().map(IdeaRow::into_summary).collect::<MarketResult<Vec<_>>>()?;
    let json = serde_json::to_string(&items).map_err(|e| MarketError::Internal(e.into()))?;
    market.cache.set_ex(&key, &json, market.settings.idea_list_ttl).await?;
    Ok(items)
}
