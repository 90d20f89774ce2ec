//! A member's data export: everything the market holds about them, read from each feature, as
//! one document. It only reads, so it sits beside the features rather than in one of them.

use chrono::{DateTime, Utc};
use model::{AccountExport, LikeRecord};

use crate::error::{MarketError, MarketResult};
use crate::{Market, accounts, credits, ideas, notifications, plans, query_as, query_scalar};

/// Everything about member `user_id`: the account, tokens, ideas, likes, watches,
/// notifications, plans and ledger.
pub async fn everything(market: &Market, user_id: i64) -> MarketResult<AccountExport> {
    let account = accounts::me(market, user_id).await?;
    let (registered_at, invite_code, invited_by): (DateTime<Utc>, Option<String>, Option<String>) = query_as!(
        market.db.exec(),
        fetch_optional,
        (DateTime<Utc>, Option<String>, Option<String>),
        "SELECT u.created_at, u.invite_code, i.username FROM users u LEFT JOIN users i ON i.id = u.invited_by WHERE u.id = ?",
        user_id
    )?
    .ok_or(MarketError::Unauthorized)?;
    let idea_ids: Vec<i64> =
    // Nothing hides an idea yet; when moderation does, its author's export must still hold it.
        query_scalar!(market.db.exec(), fetch_all, i64, "SELECT id FROM ideas WHERE author_id = ? ORDER BY id", user_id)?;
    let mut own_ideas = Vec::with_capacity(idea_ids.len());
    for id in idea_ids {
        // Reading them for the export counts no view.
        own_ideas.push(ideas::get(market, id, Some(user_id), false).await?);
    }
    let likes = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, DateTime<Utc>),
        "SELECT idea_id, created_at FROM idea_likes WHERE user_id = ? ORDER BY created_at, idea_id",
        user_id
    )?
    .into_iter()
    .map(|(idea_id, liked_at)| LikeRecord { idea_id, liked_at })
    .collect();
    let plan_ids: Vec<i64> = query_scalar!(
        market.db.exec(),
        fetch_all,
        i64,
        "SELECT id FROM business_plans WHERE user_id = ? ORDER BY id",
        user_id
    )?;
    let mut own_plans = Vec::with_capacity(plan_ids.len());
    for id in plan_ids {
        own_plans.push(plans::view(market, id, Some(user_id), None).await?);
    }
    Ok(AccountExport {
        exported_at: Utc::now(),
        account,
        registered_at,
        invite_code,
        invited_by,
        api_tokens: accounts::tokens::list(market, user_id).await?,
        ideas: own_ideas,
        likes,
        watches: notifications::watches::of_member(market, user_id).await?,
        notifications: notifications::inbox::all(market, user_id).await?,
        plans: own_plans,
        ledger: credits::overview::all_entries(market, user_id).await?,
    })
}
