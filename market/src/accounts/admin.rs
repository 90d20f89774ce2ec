//! What admins may do to accounts: correct a balance (always through the ledger, with the admin
//! and their reason recorded), ban and unban. Admins are made from the command line
//! (`ai-market grant-admin <username>`), never through the API.

use model::{AdjustmentDone, AuditAction, AuditTarget, CreditAdjustment, Msg};

use super::Viewer;
use super::audit;
use crate::credits::{self, Reason, Transfer};
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_scalar};

pub(crate) use super::require_admin;

/// The role of a person's account, or `NotFound` (agents and the platform are not adjustable).
async fn member_role(market: &Market, user_id: i64) -> MarketResult<String> {
    query_scalar!(market.db.exec(), fetch_optional, String, "SELECT role FROM users WHERE id = ?", user_id)?
        .filter(|role| role == "user" || role == "admin")
        .ok_or(MarketError::NotFound)
}

/// Adds (or, negative, takes back) credits between the platform and a member. `key` makes a
/// retried request return the first adjustment; taking back more than the balance is refused.
pub async fn adjust_credits(
    market: &Market,
    admin: &Viewer,
    user_id: i64,
    adjustment: &CreditAdjustment,
    key: &str,
) -> MarketResult<AdjustmentDone> {
    require_admin(admin)?;
    adjustment.validate().map_err(MarketError::Invalid)?;
    member_role(market, user_id).await?;
    let key = format!("admin:{}:{key}", admin.id);
    let memo = adjustment.memo.trim();
    let mut tx = market.db.begin().await?;
    let posted = credits::transfer(
        &mut tx,
        Transfer::with_platform(user_id, adjustment.amount, Reason::AdminAdjustment, &key).by(admin.id, memo),
    )
    .await?;
    audit::record(&mut tx, admin, AuditAction::AdjustCredits, AuditTarget::User(user_id), Some(memo)).await?;
    tx.commit().await?;
    let row = if posted.credit.user_id == user_id { posted.credit } else { posted.debit };
    tracing::info!(admin = admin.id, user_id, amount = row.amount, "credits adjusted by an admin");
    Ok(AdjustmentDone { user_id, amount: row.amount, balance: row.balance_after, entry_id: row.id })
}

/// Bans or unbans a member. A ban takes effect at their next request (sessions and tokens are
/// resolved against the account's status every time) and ends them for good: lifting it later
/// does not bring them back, the member signs in again. `reason` goes to the audit log.
pub async fn set_banned(
    market: &Market,
    admin: &Viewer,
    user_id: i64,
    banned: bool,
    reason: Option<&str>,
) -> MarketResult<()> {
    require_admin(admin)?;
    if user_id == admin.id {
        return Err(MarketError::invalid("userId", Msg::new("不能封禁自己的账号", "You cannot ban your own account")));
    }
    member_role(market, user_id).await?;
    let status = if banned { "banned" } else { "active" };
    let epoch = i64::from(banned);
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(MarketError::invalid(
            "reason",
            Msg::new("原因最多 500 字", "Reasons are at most 500 characters long"),
        ));
    }
    let mut tx = market.db.begin().await?;
    execute!(
        tx.exec(),
        "UPDATE users SET status = ?, session_epoch = session_epoch + ? WHERE id = ?",
        status,
        epoch,
        user_id
    )?;
    let action = if banned { AuditAction::Ban } else { AuditAction::Unban };
    audit::record(&mut tx, admin, action, AuditTarget::User(user_id), reason).await?;
    tx.commit().await?;
    tracing::info!(admin = admin.id, user_id, status, "account status set by an admin");
    Ok(())
}

/// Makes `username` an admin; for the command line of whoever runs the server.
pub async fn grant(market: &Market, username: &str) -> MarketResult<i64> {
    let id = query_scalar!(
        market.db.exec(),
        fetch_optional,
        i64,
        "SELECT id FROM users WHERE username = ? AND role IN ('user', 'admin')",
        username
    )?
    .ok_or(MarketError::NotFound)?;
    execute!(market.db.exec(), "UPDATE users SET role = 'admin' WHERE id = ?", id)?;
    Ok(id)
}
