//! Ideas as one member sees them: an author's, and the auctions a member watches.

use model::IdeaSummary;

use super::{EXCERPT_CHARS, IdeaRow, SELECT_IDEA};
use crate::error::MarketResult;
use crate::{Market, query_as};

/// At most this many on a page of one member's ideas.
const SHOWN: i64 = 100;

fn select(filter: &str) -> String {
    format!(
        "{} {filter} LIMIT ?",
        SELECT_IDEA.replace("{description}", &format!("SUBSTR(i.description, 1, {})", EXCERPT_CHARS + 1))
    )
}

/// The author's ideas, newest first; hidden ones only when asked (their own space).
pub async fn by_author(market: &Market, author_id: i64, with_hidden: bool) -> MarketResult<Vec<IdeaSummary>> {
    let sql = select("WHERE i.author_id = ? AND (? OR i.hidden = FALSE) ORDER BY i.submitted_at DESC, i.id DESC");
    let rows = query_as!(market.db.exec(), fetch_all, IdeaRow, &sql, author_id, with_hidden, SHOWN)?;
    rows.into_iter().map(IdeaRow::into_summary).collect()
}

/// The visible ideas whose auctions the member watches, newest watch first.
pub async fn watched_by(market: &Market, user_id: i64) -> MarketResult<Vec<IdeaSummary>> {
    let sql = select(
        "JOIN idea_watches w ON w.idea_id = i.id WHERE w.user_id = ? AND i.hidden = FALSE ORDER BY w.created_at DESC, i.id DESC",
    );
    let rows = query_as!(market.db.exec(), fetch_all, IdeaRow, &sql, user_id, SHOWN)?;
    rows.into_iter().map(IdeaRow::into_summary).collect()
}
