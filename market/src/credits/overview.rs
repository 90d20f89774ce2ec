//! What a member sees of their credits: balance, level progress, invites and the ledger.

use chrono::{DateTime, Utc};
use model::{CreditsOverview, LEDGER_PAGE_SIZE, LedgerEntry, Level};

use super::{invites, levels};
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as, query_scalar};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    amount: i64,
    balance_after: i64,
    reason: String,
    memo: Option<String>,
    created_at: DateTime<Utc>,
}

impl Row {
    fn entry(self) -> LedgerEntry {
        LedgerEntry {
            id: self.id,
            amount: self.amount,
            balance_after: self.balance_after,
            reason_zh: model::reason_label_zh(&self.reason, self.amount).to_owned(),
            reason: self.reason,
            memo: self.memo,
            created_at: self.created_at,
        }
    }
}

/// Every ledger row of the member, oldest first (the data export).
pub async fn all_entries(market: &Market, user_id: i64) -> MarketResult<Vec<LedgerEntry>> {
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT id, amount, balance_after, reason, memo, created_at FROM credit_ledger WHERE user_id = ? ORDER BY id",
        user_id
    )?;
    Ok(rows.into_iter().map(Row::entry).collect())
}

/// The member's credits page; `page` is 1-based and clamped to at least 1.
pub async fn overview(market: &Market, user_id: i64, page: i64) -> MarketResult<CreditsOverview> {
    let page = page.max(1);
    let (balance, level): (i64, String) = query_as!(
        market.db.exec(),
        fetch_optional,
        (i64, String),
        "SELECT credits, level FROM users WHERE id = ?",
        user_id
    )?
    .ok_or(MarketError::Unauthorized)?;
    let level = Level::parse(&level).unwrap_or(Level::Bronze);
    let earned = levels::earned(market.db.exec(), user_id).await?;
    let total: i64 = query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM credit_ledger WHERE user_id = ?",
        user_id
    )?;
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT id, amount, balance_after, reason, memo, created_at FROM credit_ledger WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
        user_id,
        LEDGER_PAGE_SIZE,
        (page - 1).saturating_mul(LEDGER_PAGE_SIZE)
    )?;
    let entries = rows.into_iter().map(Row::entry).collect();
    let invite_code = invites::code_for(market, user_id).await?;
    let settings = &market.settings.invites;
    Ok(CreditsOverview {
        balance,
        level,
        level_zh: level.label_zh().to_owned(),
        earned,
        next_level: level.next().map(|(l, _)| l),
        next_threshold: level.next().map(|(_, t)| t),
        daily_idea_limit: level.daily_idea_limit(),
        discount_percent: level.plan_discount_percent(),
        invite_path: format!("/register?invite={invite_code}"),
        invite_code,
        invites_rewarded_this_month: invites::rewarded_this_month(market.db.exec(), user_id).await?,
        invite_monthly_cap: settings.monthly_cap,
        invite_reward: settings.reward,
        entries,
        page,
        page_size: LEDGER_PAGE_SIZE,
        total,
    })
}
