//! The credit ledger: append-only rows, each with an idempotency key; `users.credits` is kept
//! equal to the sum of a user's rows inside the same transaction.

use crate::db::Tx;
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
        }
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
pub async fn apply(tx: &mut Tx, user_id: i64, amount: i64, reason: Reason, key: &str) -> MarketResult<Movement> {
    let earlier = query_as!(
        tx.exec(),
        fetch_optional,
        Movement,
        "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE idempotency_key = ?",
        key
    )?;
    if let Some(m) = earlier {
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
        return Err(MarketError::InsufficientCredits);
    }
    let balance: i64 =
        crate::query_scalar!(tx.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user_id)?;
    let done = execute!(
        tx.exec(),
        "INSERT INTO credit_ledger (user_id, amount, balance_after, reason, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        user_id,
        amount,
        balance,
        reason.as_str(),
        key,
        chrono::Utc::now()
    )?;
    Ok(Movement { id: done.last_id, user_id, amount, balance_after: balance })
}
