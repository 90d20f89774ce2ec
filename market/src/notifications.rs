//! Notifications: each is written in the transaction of the event that causes it, under a key
//! naming that event (`auction:7:closed`), so a step that is retried or crashes and runs again
//! tells no one twice, and a step that never commits tells no one at all. After the commit the
//! member's open pages are told over the event bus (`announce`); the database stays the truth.
//!
//! Watchers' notices (`watches`) and mail (`outbox`) are swept by the worker instead: they fan out
//! to many members, or talk to a mail server, and neither belongs inside a money transaction.

pub mod inbox;
pub mod outbox;
pub mod watches;

use chrono::{DateTime, Utc};
use model::NoticeKind;

use crate::db::{Tx, is_unique_violation};
use crate::error::MarketResult;
use crate::{Market, execute, query_as};

/// A notification to write.
#[derive(Debug, Clone, Copy)]
pub struct NewNotice<'a> {
    pub user_id: i64,
    pub kind: NoticeKind,
    /// Names the event: the same key never reaches the same member twice.
    pub key: &'a str,
    pub idea_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub amount: Option<i64>,
    pub detail: Option<&'a str>,
}

impl<'a> NewNotice<'a> {
    pub fn new(user_id: i64, kind: NoticeKind, key: &'a str) -> Self {
        Self { user_id, kind, key, idea_id: None, plan_id: None, amount: None, detail: None }
    }

    pub fn idea(self, idea_id: i64) -> Self {
        Self { idea_id: Some(idea_id), ..self }
    }

    pub fn plan(self, plan_id: i64) -> Self {
        Self { plan_id: Some(plan_id), ..self }
    }

    pub fn amount(self, amount: i64) -> Self {
        Self { amount: Some(amount), ..self }
    }

    pub fn detail(self, detail: &'a str) -> Self {
        Self { detail: Some(detail), ..self }
    }
}

/// Writes `notice` in the caller's transaction. Returns false when its event already told this
/// member, or when the account is not a person's (agents and the platform get none).
pub async fn record(tx: &mut Tx, notice: NewNotice<'_>, now: DateTime<Utc>) -> MarketResult<bool> {
    // A plain read, not a locking one: the ledger locks accounts in its own order.
    let Some((wants_mail,)): Option<(bool,)> = query_as!(
        tx.exec(),
        fetch_optional,
        (bool,),
        "SELECT notify_by_email AND email_verified_at IS NOT NULL FROM users WHERE id = ? AND role IN ('user', 'admin') AND closed_at IS NULL",
        notice.user_id
    )?
    else {
        return Ok(false);
    };
    let mail = (wants_mail && notice.kind.is_mailed()).then_some("due");
    let detail = notice.detail.map(|d| d.chars().take(200).collect::<String>());
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO notifications (user_id, kind, idea_id, plan_id, amount, detail, event_key, created_at, mail_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        notice.user_id,
        notice.kind.as_str(),
        notice.idea_id,
        notice.plan_id,
        notice.amount,
        detail,
        notice.key,
        now,
        mail
    );
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Tells the members' open pages, on every instance, that their notifications changed.
pub async fn announce(market: &Market, users: impl IntoIterator<Item = i64>) {
    for user_id in users {
        market.events.publish_notice(user_id).await;
    }
}

/// Forgets an erased member's notifications and watches, in the erasure's transaction.
pub async fn forget_member(tx: &mut Tx, user_id: i64) -> MarketResult<()> {
    execute!(tx.exec(), "DELETE FROM notifications WHERE user_id = ?", user_id)?;
    execute!(tx.exec(), "DELETE FROM idea_watches WHERE user_id = ?", user_id)?;
    Ok(())
}
