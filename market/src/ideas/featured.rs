//! 精选创意: the ideas admins choose for the home page, newest choice first, topped up with the
//! hottest of the rest. Only `moderation` changes the choice (with the audit log); hidden ideas
//! never show, featured or not.

use chrono::{DateTime, Utc};
use model::{IdeaSummary, Sort};

use super::{EXCERPT_CHARS, IdeaRow, SELECT_IDEA};
use crate::db::Tx;
use crate::error::MarketResult;
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

/// The visible featured ideas, the newest choice first, then the hottest others up to `SHOWN`
/// (see `hot`), cached with the idea lists.
pub async fn list(market: &Market) -> MarketResult<Vec<IdeaSummary>> {
    let key = format!("ideas:featured:{}", crate::idea_lists::generation(market).await?);
    market.fills.cached(&market.cache, &key, market.settings.idea_list_ttl, || chosen_and_hottest(market)).await
}

async fn chosen_and_hottest(market: &Market) -> MarketResult<Vec<IdeaSummary>> {
    let select = SELECT_IDEA.replace("{description}", &format!("SUBSTR(i.description, 1, {})", EXCERPT_CHARS + 1));
    let chosen = format!(
        "{select} WHERE i.hidden = FALSE AND i.featured_at IS NOT NULL ORDER BY i.featured_at DESC, i.id DESC LIMIT ?"
    );
    let mut rows = query_as!(market.db.exec(), fetch_all, IdeaRow, &chosen, SHOWN)?;
    // Fewer chosen than there is room for: the hottest of the rest fill the section.
    let room = SHOWN - rows.len() as i64;
    if room > 0 {
        let hot = super::hot::order_by(Sort::Hottest, market.db.backend() == "mysql", Utc::now());
        let hottest = format!("{select} WHERE i.hidden = FALSE AND i.featured_at IS NULL ORDER BY {hot} LIMIT ?");
        rows.extend(query_as!(market.db.exec(), fetch_all, IdeaRow, &hottest, room)?);
    }
    rows.into_iter().map(IdeaRow::into_summary).collect()
}
