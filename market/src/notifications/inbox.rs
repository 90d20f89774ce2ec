//! A member's notifications: the list, the unread count, and marking them read.

use chrono::{DateTime, Utc};
use model::{NOTICES_PAGE, Notice, NoticeKind, NoticePage};

use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    idea_id: Option<i64>,
    idea_title: Option<String>,
    plan_id: Option<i64>,
    amount: Option<i64>,
    detail: Option<String>,
    created_at: DateTime<Utc>,
    is_read: bool,
}

impl Row {
    fn into_notice(self) -> Option<Notice> {
        Some(Notice {
            id: self.id,
            kind: NoticeKind::parse(&self.kind)?,
            idea_id: self.idea_id,
            idea_title: self.idea_title,
            plan_id: self.plan_id,
            amount: self.amount,
            detail: self.detail,
            created_at: self.created_at,
            read: self.is_read,
        })
    }
}

const SELECT_NOTICE: &str = "SELECT n.id, n.kind, n.idea_id, i.title AS idea_title, n.plan_id, n.amount, n.detail, n.created_at, \
     n.read_at IS NOT NULL AS is_read FROM notifications n LEFT JOIN ideas i ON i.id = n.idea_id";

/// One notification, whoever's it is.
pub(super) async fn one(market: &Market, id: i64) -> MarketResult<Option<Notice>> {
    let sql = format!("{SELECT_NOTICE} WHERE n.id = ?");
    Ok(query_as!(market.db.exec(), fetch_optional, Row, &sql, id)?.and_then(Row::into_notice))
}

/// One of the member's notifications (someone else's is not found).
pub async fn mine(market: &Market, user_id: i64, id: i64) -> MarketResult<Notice> {
    let sql = format!("{SELECT_NOTICE} WHERE n.id = ? AND n.user_id = ?");
    query_as!(market.db.exec(), fetch_optional, Row, &sql, id, user_id)?
        .and_then(Row::into_notice)
        .ok_or(MarketError::NotFound)
}

/// The member's notifications older than `before` (all when none), newest first.
pub async fn list(market: &Market, user_id: i64, before: Option<i64>) -> MarketResult<NoticePage> {
    let sql = format!("{SELECT_NOTICE} WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?");
    let rows =
        query_as!(market.db.exec(), fetch_all, Row, &sql, user_id, before.unwrap_or(i64::MAX), NOTICES_PAGE + 1)?;
    let more = rows.len() as i64 > NOTICES_PAGE;
    let items: Vec<Notice> = rows.into_iter().take(NOTICES_PAGE as usize).filter_map(Row::into_notice).collect();
    let next_before = if more { items.last().map(|n| n.id) } else { None };
    Ok(NoticePage { items, unread: unread(market, user_id).await?, next_before })
}

/// Every notification of the member, newest first (their data export).
pub async fn all(market: &Market, user_id: i64) -> MarketResult<Vec<Notice>> {
    let sql = format!("{SELECT_NOTICE} WHERE n.user_id = ? ORDER BY n.id DESC");
    let rows = query_as!(market.db.exec(), fetch_all, Row, &sql, user_id)?;
    Ok(rows.into_iter().filter_map(Row::into_notice).collect())
}

/// How many of the member's notifications are unread.
pub async fn unread(market: &Market, user_id: i64) -> MarketResult<i64> {
    Ok(query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
        user_id
    )?)
}

/// Marks one of the member's notifications read (someone else's is not found). Returns the
/// unread count after.
pub async fn mark_read(market: &Market, user_id: i64, id: i64) -> MarketResult<i64> {
    mine(market, user_id, id).await?;
    execute!(
        market.db.exec(),
        "UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
        Utc::now(),
        id,
        user_id
    )?;
    changed(market, user_id).await
}

/// Marks all of the member's notifications read. Returns the unread count after (0, unless one
/// arrived meanwhile).
pub async fn mark_all_read(market: &Market, user_id: i64) -> MarketResult<i64> {
    execute!(
        market.db.exec(),
        "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
        Utc::now(),
        user_id
    )?;
    changed(market, user_id).await
}

/// The member's other pages show the new count too.
async fn changed(market: &Market, user_id: i64) -> MarketResult<i64> {
    super::announce(market, [user_id]).await;
    unread(market, user_id).await
}
