//! The credit ledger, kept by double entry: every movement is a transfer between two accounts,
//! written as two append-only rows (one per account) under the transfer's idempotency key, so
//! the rows of the whole ledger always sum to zero. `users.credits` is kept equal to the sum of
//! an account's rows inside the same transaction.
//!
//! The platform account issues what nobody paid for (signup bonuses, rewards, refunds, the
//! agents' endowments, royalties) and receives what users spend on plans. It is the one balance
//! allowed below zero: minus the credits in circulation.

pub mod invites;
pub mod levels;
pub mod overview;

use crate::db::Tx;
use crate::error::{MarketError, MarketResult};
use crate::{execute, query_as, query_scalar};

/// The platform account's username: registration refuses '.', so no person can hold it.
pub const PLATFORM_USERNAME: &str = "platform.ledger";

/// Why credits moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    SignupBonus,
    /// An agent's starting balance, from which it buys ideas.
    AgentEndowment,
    /// The winning agent pays the idea's author the winning bid.
    AuctionPayout,
    /// A user pays for a business plan when it starts...
    PlanPurchase,
    /// ...gets it back in full if the plan fails...
    PlanRefund,
    /// ...and the idea's author earns a share when the buyer is someone else.
    PlanRoyalty,
    /// An inviter's reward when a friend registers with their code.
    InviteReward,
    /// An admin's correction, with the admin and their reason recorded.
    AdminAdjustment,
    /// A closed account's balance goes back to the platform.
    AccountClosed,
    /// Credits bought with money (a paid top-up order)...
    TopUp,
    /// ...and taken back when the order is refunded.
    TopUpRefund,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignupBonus => "signup_bonus",
            Self::AgentEndowment => "agent_endowment",
            Self::AuctionPayout => "auction_payout",
            Self::PlanPurchase => "plan_purchase",
            Self::PlanRefund => "plan_refund",
            Self::PlanRoyalty => "plan_royalty",
            Self::InviteReward => "invite_reward",
            Self::AdminAdjustment => "admin_adjustment",
            Self::AccountClosed => "account_closed",
            Self::TopUp => "top_up",
            Self::TopUpRefund => "top_up_refund",
        }
    }

    /// Whether credits received for this reason count towards a member level.
    pub fn is_earning(self) -> bool {
        model::EARNING_REASONS.contains(&self.as_str())
    }
}

/// One side of the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// The issuer of credits.
    Platform,
    /// A person's or an agent's account: never below zero.
    User(i64),
}

/// Credits moving from one account to another.
#[derive(Debug, Clone, Copy)]
pub struct Transfer<'a> {
    pub from: Account,
    pub to: Account,
    /// Always above zero: the direction is `from` → `to`.
    pub amount: i64,
    pub reason: Reason,
    /// The same key names the same transfer: a replay returns the first one and moves nothing.
    pub key: &'a str,
    /// The admin behind an adjustment, and the reason they gave.
    pub actor: Option<i64>,
    pub memo: Option<&'a str>,
}

impl<'a> Transfer<'a> {
    pub fn new(from: Account, to: Account, amount: i64, reason: Reason, key: &'a str) -> Self {
        Self { from, to, amount, reason, key, actor: None, memo: None }
    }

    /// The platform pays `user`.
    pub fn issue(user: i64, amount: i64, reason: Reason, key: &'a str) -> Self {
        Self::new(Account::Platform, Account::User(user), amount, reason, key)
    }

    /// `user` pays the platform.
    pub fn charge(user: i64, amount: i64, reason: Reason, key: &'a str) -> Self {
        Self::new(Account::User(user), Account::Platform, amount, reason, key)
    }

    /// Between the platform and `user`, by sign: a positive `amount` pays the user, a negative
    /// one charges them.
    pub fn with_platform(user: i64, amount: i64, reason: Reason, key: &'a str) -> Self {
        if amount >= 0 { Self::issue(user, amount, reason, key) } else { Self::charge(user, -amount, reason, key) }
    }

    /// Records who made this transfer and why.
    pub fn by(self, actor: i64, memo: &'a str) -> Self {
        Self { actor: Some(actor), memo: Some(memo), ..self }
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

/// Both rows of one transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    /// The paying account's row (a negative amount)...
    pub debit: Movement,
    /// ...and the receiving account's row.
    pub credit: Movement,
}

/// Writes `t` in the caller's transaction, or returns the transfer its key already wrote. A
/// transfer that would take an account other than the platform below zero is refused with
/// `InsufficientCredits`, and writes nothing.
///
/// On MySQL both accounts are locked first (people's and agents' in id order, the platform's
/// last, which every transaction that moves credits keeps to), then the key is looked up past
/// the transaction's snapshot: a replay racing the first use of its key waits for it and then
/// finds it. SQLite transactions start with the write lock and see everything committed.
pub async fn transfer(tx: &mut Tx, t: Transfer<'_>) -> MarketResult<Posted> {
    if t.amount <= 0 || t.from == t.to {
        return Err(anyhow::anyhow!("invalid transfer of {} from {:?} to {:?}", t.amount, t.from, t.to).into());
    }
    if let Some(p) = posted(tx, t.key, false).await? {
        return Ok(p);
    }
    let platform = platform_id(tx).await?;
    let id = |a: Account| match a {
        Account::Platform => platform,
        Account::User(id) => id,
    };
    let (from, to) = (id(t.from), id(t.to));
    if let Tx::MySql(_) = tx {
        let mut order = [from, to];
        order.sort_by_key(|&account| (account == platform, account));
        for account in order {
            query_scalar!(tx.exec(), fetch_optional, i64, "SELECT id FROM users WHERE id = ? FOR UPDATE", account)?;
        }
        if let Some(p) = posted(tx, t.key, true).await? {
            return Ok(p);
        }
    }
    let debited = execute!(
        tx.exec(),
        "UPDATE users SET credits = credits - ? WHERE id = ? AND (credits >= ? OR role = 'platform')",
        t.amount,
        from,
        t.amount
    )?;
    if debited.rows == 0 {
        return Err(MarketError::InsufficientCredits);
    }
    let credited = execute!(tx.exec(), "UPDATE users SET credits = credits + ? WHERE id = ?", t.amount, to)?;
    if credited.rows == 0 {
        return Err(anyhow::anyhow!("no account {to} to credit").into());
    }
    let debit = write_row(tx, &t, from, to, -t.amount).await?;
    let credit = write_row(tx, &t, to, from, t.amount).await?;
    if t.reason.is_earning() && to != platform {
        levels::refresh(tx, to).await?;
    }
    Ok(Posted { debit, credit })
}

async fn write_row(tx: &mut Tx, t: &Transfer<'_>, user: i64, counterparty: i64, amount: i64) -> MarketResult<Movement> {
    let balance = query_scalar!(tx.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user)?;
    let done = execute!(
        tx.exec(),
        "INSERT INTO credit_ledger (user_id, counterparty_id, amount, balance_after, reason, idempotency_key, actor_id, memo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        user,
        counterparty,
        amount,
        balance,
        t.reason.as_str(),
        t.key,
        t.actor,
        t.memo,
        chrono::Utc::now()
    )?;
    Ok(Movement { id: done.last_id, user_id: user, amount, balance_after: balance })
}

/// The transfer already written under `key`. `latest` reads the newest committed rows with a
/// shared lock (MySQL's repeatable-read snapshot would miss rows committed since it began).
async fn posted(tx: &mut Tx, key: &str, latest: bool) -> MarketResult<Option<Posted>> {
    let sql = match (latest, &*tx) {
        (true, Tx::MySql(_)) => {
            "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE idempotency_key = ? ORDER BY amount LOCK IN SHARE MODE"
        }
        _ => "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE idempotency_key = ? ORDER BY amount",
    };
    let mut rows = query_as!(tx.exec(), fetch_all, Movement, sql, key)?.into_iter();
    Ok(match (rows.next(), rows.next()) {
        (Some(debit), Some(credit)) => Some(Posted { debit, credit }),
        (None, _) => None,
        (Some(row), None) => return Err(anyhow::anyhow!("ledger key {key} has one row: {row:?}").into()),
    })
}

/// Holds `user`'s balance row until the transaction ends, so that requests of one member that
/// will spend credits run one after the other (a no-op write: SQLite locks the whole database at
/// the first write anyway, InnoDB locks the row).
pub async fn lock_balance(tx: &mut Tx, user: i64) -> MarketResult<()> {
    execute!(tx.exec(), "UPDATE users SET credits = credits WHERE id = ?", user)?;
    Ok(())
}

/// The platform account's user id (created by the migrations).
pub async fn platform_id(tx: &mut Tx) -> MarketResult<i64> {
    query_scalar!(tx.exec(), fetch_optional, i64, "SELECT id FROM users WHERE username = ?", PLATFORM_USERNAME)?
        .ok_or_else(|| anyhow::anyhow!("the platform account {PLATFORM_USERNAME} is missing").into())
}
