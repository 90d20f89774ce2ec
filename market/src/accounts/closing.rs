//! Closing an account (注销). The member asks with their password and is signed out everywhere;
//! for [`COOLING_OFF`] signing in again cancels it (`login`). Then the worker erases the account's personal
//! data: the name and email become placeholders nobody can register or sign in with, the phone
//! and invite code go, every session and API token ends, and the balance goes back to the
//! platform through the ledger, and the files they uploaded are deleted. Ideas and plans stay
//! (shown as by `已注销用户·<id>`), as do the ledger rows, so the books still balance.

use std::net::IpAddr;

use chrono::{DateTime, TimeDelta, Utc};
use model::ClosingScheduled;

use super::{Viewer, settings::reauthenticate};
use crate::credits::{self, Reason, Transfer};
use crate::error::MarketResult;
use crate::{Market, execute, query_as, query_scalar};

/// How long a member has to change their mind.
pub const COOLING_OFF: TimeDelta = TimeDelta::days(7);

/// The placeholder name of a closed account: `·` is not allowed in usernames, so no member can
/// take it, and the id keeps it unique.
pub fn closed_name(id: i64) -> String {
    format!("已注销用户·{id}")
}

/// Schedules the account's closing after the password, and ends every session and API token.
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn request(
    market: &Market,
    viewer: &Viewer,
    password: String,
    client: Option<IpAddr>,
) -> MarketResult<ClosingScheduled> {
    reauthenticate(market, viewer, password, client).await?;
    let erase_at = Utc::now() + COOLING_OFF;
    execute!(
        market.db.exec(),
        "UPDATE users SET closing_due_at = ?, session_epoch = session_epoch + 1 WHERE id = ? AND closed_at IS NULL",
        erase_at,
        viewer.id
    )?;
    market.cache.del(&viewer.session_key).await?;
    tracing::info!(%erase_at, "account closing requested");
    Ok(ClosingScheduled { erase_at })
}

/// Erases the accounts whose cooling-off has ended, and sweeps credits that reached a closed
/// account since (a royalty, an auction payout) back to the platform. Each account is one
/// transaction, so a crash leaves it either as it was or done, and a replay finds nothing to do.
pub async fn erase_due(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    let due: Vec<i64> = query_scalar!(
        market.db.exec(),
        fetch_all,
        i64,
        "SELECT id FROM users WHERE (closing_due_at <= ? AND closed_at IS NULL) OR (closed_at IS NOT NULL AND credits > 0) ORDER BY id LIMIT 20",
        now
    )?;
    let mut erased = 0;
    for id in due {
        if erase(market, id, now).await? {
            erased += 1;
        }
    }
    Ok(erased)
}

#[derive(sqlx::FromRow)]
struct Closing {
    credits: i64,
    closed: bool,
    /// The account's newest ledger row: it keys the sweep, so a replay is the same transfer.
    last_entry: Option<i64>,
}

async fn erase(market: &Market, id: i64, now: DateTime<Utc>) -> MarketResult<bool> {
    let mut tx = market.db.begin().await?;
    // Read again inside the transaction: a sign-in may have cancelled it meanwhile.
    let Some(account) = query_as!(
        tx.exec(),
        fetch_optional,
        Closing,
        "SELECT credits, closed_at IS NOT NULL AS closed, (SELECT MAX(l.id) FROM credit_ledger l WHERE l.user_id = u.id) AS last_entry \
         FROM users u WHERE id = ? AND ((closing_due_at <= ? AND closed_at IS NULL) OR (closed_at IS NOT NULL AND credits > 0))",
        id,
        now
    )?
    else {
        return Ok(false);
    };
    if account.credits > 0 {
        let key = format!("closing:{id}:{}", account.last_entry.unwrap_or(0));
        credits::transfer(&mut tx, Transfer::with_platform(id, -account.credits, Reason::AccountClosed, &key)).await?;
    }
    if !account.closed {
        execute!(
            tx.exec(),
            "UPDATE users SET username = ?, email = ?, phone = NULL, password_hash = '!closed', invite_code = NULL, \
             closed_at = ?, closing_due_at = NULL, session_epoch = session_epoch + 1 WHERE id = ?",
            closed_name(id),
            format!("closed-{id}@closed.invalid"),
            now,
            id
        )?;
        execute!(tx.exec(), "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now, id)?;
        // Their files go too; the worker deletes the objects (`attachments::purge`).
        crate::attachments::forget_member(&mut tx, id).await?;
        crate::notifications::forget_member(&mut tx, id).await?;
    }
    tx.commit().await?;
    tracing::info!(user_id = id, swept = account.credits, "closed account erased");
    Ok(true)
}
