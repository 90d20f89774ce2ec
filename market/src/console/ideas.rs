//! Finding ideas for the console, hidden ones included (admins only). Hiding and showing them
//! again goes through `moderation`.

use chrono::{DateTime, Utc};
use model::{AuctionView, ConsoleIdea, IdeaStatus, Msg};

use crate::accounts::{Viewer, require_admin};
use crate::db::like_pattern;
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as};

/// Ideas shown per search.
pub const RESULTS: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    author: String,
    status: String,
    hidden: bool,
    hidden_reason: Option<String>,
    featured: bool,
    open_reports: i64,
    submitted_at: DateTime<Utc>,
}

/// Ideas whose title contains `text` (all, newest first, when empty); `hidden` narrows them to
/// hidden or visible ones.
pub async fn search(
    market: &Market,
    admin: &Viewer,
    text: &str,
    hidden: Option<bool>,
) -> MarketResult<Vec<ConsoleIdea>> {
    require_admin(admin)?;
    find(market, text, hidden, 0).await
}

/// One idea, hidden or not, with its analyses, auction and bids, for the console's idea page.
pub async fn one(market: &Market, admin: &Viewer, id: i64) -> MarketResult<(ConsoleIdea, AuctionView)> {
    require_admin(admin)?;
    let idea = find(market, "", None, id).await?.pop().ok_or(MarketError::NotFound)?;
    let auction = crate::auction::view::auction_view_including_hidden(market, id).await?;
    Ok((idea, auction))
}

/// `only`: one idea by id (0: any).
async fn find(market: &Market, text: &str, hidden: Option<bool>, only: i64) -> MarketResult<Vec<ConsoleIdea>> {
    let text = text.trim();
    if text.chars().count() > 100 {
        return Err(MarketError::invalid(
            "q",
            Msg::new("搜索内容最多 100 字", "Searches are at most 100 characters long"),
        ));
    }
    let pattern = like_pattern(text);
    let hidden = hidden.map_or(-1, i64::from);
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT i.id, i.title, u.username AS author, i.status, i.hidden, i.hidden_reason, i.submitted_at, \
         i.featured_at IS NOT NULL AS featured, \
         (SELECT COUNT(*) FROM reports r WHERE r.idea_id = i.id AND r.status = 'open') AS open_reports \
         FROM ideas i JOIN users u ON u.id = i.author_id \
         WHERE (? = '' OR i.title LIKE ? ESCAPE '!') AND (? = -1 OR i.hidden = ?) AND (? = 0 OR i.id = ?) \
         ORDER BY i.id DESC LIMIT ?",
        text,
        &pattern,
        hidden,
        hidden,
        only,
        only,
        RESULTS
    )?;
    rows.into_iter()
        .map(|r| {
            let status = IdeaStatus::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("idea {} has status {:?}", r.id, r.status))?;
            Ok(ConsoleIdea {
                id: r.id,
                title: r.title,
                author: r.author,
                status,
                hidden: r.hidden,
                hidden_reason: r.hidden_reason,
                featured: r.featured,
                open_reports: r.open_reports,
                submitted_at: r.submitted_at,
            })
        })
        .collect()
}
