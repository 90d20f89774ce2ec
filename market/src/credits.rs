//! The credit ledger: append-only rows, each with an idempotency key; `users.credits` is kept
//! equal to the sum of a user's rows inside the same transaction.

pub mod overview;

use crate::db::{Tx, is_unique_violation};
use crate::error::{MarketError, MarketResult};
use crate::{execute, query_as};

/// Why credits moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    SignupBonus,
    /// An agent's starting balance, from which it buys ideas.
    AgentEndowment,
    /// The winning agent pays for the idea...
    AuctionPurchase,
    /// ...and the author receives the winning bid.
    AuctionPayout,
    /// A user pays for a business plan when it starts...
    PlanPurchase,
    /// ...gets it back in full if the plan fails...
    PlanRefund,
    /// ...and the idea's author earns a share when the buyer is someone else.
    PlanRoyalty,
    /// An inviter's reward when a friend registers with their code.
    InviteReward,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignupBonus => "signup_bonus",
            Self::AgentEndowment => "agent_endowment",
            Self::AuctionPurchase => "auction_purchase",
            Self::AuctionPayout => "auction_payout",
            Self::PlanPurchase => "plan_purchase",
            Self::PlanRefund => "plan_refund",
            Self::PlanRoyalty => "plan_royalty",
            Self::InviteReward => "invite_reward",
        }
    }

    /// Whether credits received for this reason count towards a member level.
    pub fn is_earning(self) -> bool {
        model::EARNING_REASONS.contains(&self.as_str())
    }
}

/// A ledger row as written (or found, when the key was used before).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Movement {
    pub id: i64,
    pub user_id: i64,
    pub amount: i64,
    pub balance_after: i64,
}

/// Moves `amount` (positive or negative) on `user_id`'s balance. Replaying `key` returns the
/// first movement and changes nothing; a movement that would go below zero is refused.
///
/// A replay may race the first use of its key (both look before either commits). The user's
/// row lock makes the later one wait; it then finds the key taken, either as a refusal (the
/// first spend left too little) or as a unique violation on insert. Both are answered with the
/// first movement, read past the transaction's snapshot, after undoing this call's own change.
pub async fn apply(tx: &mut Tx, user_id: i64, amount: i64, reason: Reason, key: &str) -> MarketResult<Movement> {
    if let Some(m) = earlier(tx, key, false).await? {
        return Ok(m);
    }
    let updated = execute!(
        tx.exec(),
        "UPDATE users SET credits = credits + ? WHERE id = ? AND credits + ? >= 0",
        amount,
        user_id,
        amount
    )?;
    if updated.rows == 0 {
        return earlier(tx, key, true).await?.ok_or(MarketError::InsufficientCredits);
    }
    let balance: i64 =
        crate::query_scalar!(tx.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user_id)?;
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO credit_ledger (user_id, amount, balance_after, reason, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        user_id,
        amount,
        balance,
        reason.as_str(),
        key,
        chrono::Utc::now()
    );
    match inserted {
        Ok(done) => {
            if reason.is_earning() && amount > 0 {
                crate::levels::refresh(tx, user_id).await?;
            }
            Ok(Movement { id: done.last_id, user_id, amount, balance_after: balance })
        }
        // Only the failed statement was rolled back: take back the balance change (this
        // transaction still holds the user's row), then return the movement that won.
        Err(e) if is_unique_violation(&e) => {
            execute!(tx.exec(), "UPDATE users SET credits = credits - ? WHERE id = ?", amount, user_id)?;
            earlier(tx, key, true).await?.ok_or_else(|| e.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// The movement already written under `key`. `latest` reads the newest committed row with a
/// shared lock (MySQL's repeatable-read snapshot would miss a row committed since it began;
/// SQLite's `BEGIN IMMEDIATE` transactions already see everything committed).
async fn earlier(tx: &mut Tx, key: &str, latest: bool) -> MarketResult<Option<Movement>> {
    let sql = match (latest, &*tx) {
        (true, Tx::MySql(_)) => {
            "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE idempotency_key = ? LOCK IN SHARE MODE"
        }
        _ => "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE idempotency_key = ?",
    };
    Ok(query_as!(tx.exec(), fetch_optional, Movement, sql, key)?)
}
