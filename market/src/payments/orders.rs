//! The `orders` table and its states. Every write to `orders` is here; settling an order writes
//! its ledger transfer in the same transaction.

use chrono::{DateTime, Utc};
use model::{Msg, NewOrder, NoticeKind, OrderState, OrderView, PaymentProvider};
use rand::Rng;

use crate::accounts::Viewer;
use crate::credits::{self, Reason, Transfer};
use crate::db::{Tx, is_unique_violation};
use crate::error::{MarketError, MarketResult};
use crate::notifications::{self, NewNotice};
use crate::{Market, execute, query_as, query_scalar};

/// Orders on one page of a member's history.
pub const HISTORY_PAGE: i64 = 50;

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: i64,
    user_id: i64,
    credits: i64,
    amount_fen: i64,
    provider: String,
    state: String,
    out_trade_no: String,
    trade_no: Option<String>,
    created_at: DateTime<Utc>,
    paid_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    refunded_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT id, user_id, credits, amount_fen, provider, state, out_trade_no, trade_no, created_at, paid_at, closed_at, refunded_at FROM orders";

/// An order with its owner, as the core handles it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub user_id: i64,
    pub view: OrderView,
}

impl OrderRow {
    fn into_order(self) -> MarketResult<Order> {
        let bad = |what: &str, value: &str| anyhow::anyhow!("order {} has unknown {what} {value:?}", self.id);
        let state = OrderState::parse(&self.state).ok_or_else(|| bad("state", &self.state))?;
        let provider = PaymentProvider::parse(&self.provider).ok_or_else(|| bad("provider", &self.provider))?;
        Ok(Order {
            user_id: self.user_id,
            view: OrderView {
                id: self.id,
                credits: self.credits,
                amount_fen: self.amount_fen,
                provider,
                state,
                out_trade_no: self.out_trade_no,
                trade_no: self.trade_no,
                created_at: self.created_at,
                paid_at: self.paid_at,
                closed_at: self.closed_at,
                refunded_at: self.refunded_at,
            },
        })
    }
}

/// Our number for an order at the provider: the date (Beijing) and 16 random hex digits, so it
/// says nothing of how many orders there are.
fn new_out_trade_no(now: DateTime<Utc>) -> String {
    let date = (now + chrono::TimeDelta::hours(8)).format("%Y%m%d");
    format!("AIM{date}{:016x}", rand::thread_rng().r#gen::<u64>())
}

/// A fresh idempotency key for a buy form: submitting the same form twice makes one order.
pub fn new_idempotency_key() -> String {
    format!("buy-{:032x}", rand::thread_rng().r#gen::<u128>())
}

/// Creates an order for one of the packages on sale, or returns the one the member's key made.
pub async fn create(market: &Market, member: &Viewer, new: &NewOrder) -> MarketResult<OrderView> {
    if !new.key_is_valid() {
        return Err(MarketError::invalid(
            "idempotencyKey",
            Msg::new("幂等键须为 8–64 位字母、数字、- 或 _", "The idempotency key is 8–64 letters, digits, - or _"),
        ));
    }
    let package = market.payments.package(new.credits).ok_or_else(|| {
        MarketError::invalid("credits", Msg::new("没有这个积分套餐", "There is no such credit package"))
    })?;
    if let Some(existing) = by_key(market, member.id, &new.idempotency_key).await? {
        return Ok(existing);
    }
    let now = Utc::now();
    let inserted = execute!(
        market.db.exec(),
        "INSERT INTO orders (user_id, credits, amount_fen, provider, out_trade_no, state, idempotency_key, next_check_at, created_at) VALUES (?, ?, ?, ?, ?, 'created', ?, ?, ?)",
        member.id,
        package.credits,
        package.price_fen,
        market.payments.provider.kind().as_str(),
        new_out_trade_no(now),
        &new.idempotency_key,
        now + market.payments.query_every,
        now
    );
    match inserted {
        Ok(done) => {
            tracing::info!(
                order_id = done.last_id,
                user_id = member.id,
                credits = package.credits,
                fen = package.price_fen,
                "order created"
            );
            Ok(get_any(market, done.last_id).await?.view)
        }
        // The same key raced in from another request: that one's order is this one.
        Err(e) if is_unique_violation(&e) => {
            by_key(market, member.id, &new.idempotency_key).await?.ok_or(MarketError::NotFound)
        }
        Err(e) => Err(e.into()),
    }
}

async fn by_key(market: &Market, user_id: i64, key: &str) -> MarketResult<Option<OrderView>> {
    let sql = format!("{SELECT} WHERE user_id = ? AND idempotency_key = ?");
    let row = query_as!(market.db.exec(), fetch_optional, OrderRow, &sql, user_id, key)?;
    Ok(row.map(OrderRow::into_order).transpose()?.map(|o| o.view))
}

/// Any order, for the core's own use (the worker, the cashier, admins).
pub async fn get_any(market: &Market, id: i64) -> MarketResult<Order> {
    let sql = format!("{SELECT} WHERE id = ?");
    query_as!(market.db.exec(), fetch_optional, OrderRow, &sql, id)?.ok_or(MarketError::NotFound)?.into_order()
}

/// One of the member's own orders; anyone else's reads as not found (admins read all).
pub async fn get(market: &Market, viewer: &Viewer, id: i64) -> MarketResult<OrderView> {
    let order = get_any(market, id).await?;
    if order.user_id != viewer.id && !viewer.is_admin {
        return Err(MarketError::NotFound);
    }
    Ok(order.view)
}

/// The member's orders, newest first.
pub async fn list(market: &Market, member: &Viewer) -> MarketResult<Vec<OrderView>> {
    of_user(market, member.id).await
}

/// A member's orders, newest first, for the member's own pages and the admin console.
pub async fn of_user(market: &Market, user_id: i64) -> MarketResult<Vec<OrderView>> {
    let sql = format!("{SELECT} WHERE user_id = ? ORDER BY id DESC LIMIT ?");
    let rows = query_as!(market.db.exec(), fetch_all, OrderRow, &sql, user_id, HISTORY_PAGE)?;
    rows.into_iter().map(|r| r.into_order().map(|o| o.view)).collect()
}

/// Every member's orders, newest first, for admins; `state` narrows them.
pub async fn all(
    market: &Market,
    admin: &Viewer,
    state: Option<OrderState>,
    page: i64,
) -> MarketResult<Vec<model::MemberOrder>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        order: OrderRow,
        member: String,
    }
    crate::accounts::require_admin(admin)?;
    let state = state.map_or("", OrderState::as_str);
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT o.id, o.user_id, o.credits, o.amount_fen, o.provider, o.state, o.out_trade_no, o.trade_no, o.created_at, \
         o.paid_at, o.closed_at, o.refunded_at, u.username AS member FROM orders o JOIN users u ON u.id = o.user_id \
         WHERE (? = '' OR o.state = ?) ORDER BY o.id DESC LIMIT ? OFFSET ?",
        state,
        state,
        HISTORY_PAGE,
        (page.max(1) - 1) * HISTORY_PAGE
    )?;
    rows.into_iter().map(|r| Ok(model::MemberOrder { member: r.member, order: r.order.into_order()?.view })).collect()
}

/// A payment as a provider reported it.
#[derive(Debug, Clone, Copy)]
pub struct Payment<'a> {
    pub out_trade_no: &'a str,
    pub trade_no: &'a str,
    pub amount_fen: i64,
    /// `notify`, `query` or `dev`, for the log.
    pub source: &'static str,
}

/// What settling a payment did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// This call credited the order (or marked it paid when its member is gone).
    Now(OrderState),
    /// An earlier message did; nothing moved.
    Already(OrderState),
}

/// Why a reported payment was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SettleRefusal {
    #[error("no order has this number")]
    UnknownOrder,
    #[error("the amount paid is not the order's")]
    WrongAmount,
}

impl SettleRefusal {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnknownOrder => "unknown_order",
            Self::WrongAmount => "wrong_amount",
        }
    }
}

/// Records a payment: the order becomes `credited` and its credits reach the member through the
/// ledger in this one transaction, or, if an earlier message did that, nothing happens. A payment
/// for an order closed meanwhile still counts (the money arrived). An erased member's order
/// becomes `paid`, for an admin to refund.
pub async fn settle(market: &Market, payment: Payment<'_>) -> MarketResult<Result<Settled, SettleRefusal>> {
    #[derive(sqlx::FromRow)]
    struct Found {
        id: i64,
        user_id: i64,
        credits: i64,
        amount_fen: i64,
        erased: bool,
    }
    let mut tx = market.db.begin().await?;
    // The conditional update below takes the order's row lock first; a racing settlement waits
    // for it and then finds the order settled.
    let found = query_as!(
        tx.exec(),
        fetch_optional,
        Found,
        "SELECT o.id, o.user_id, o.credits, o.amount_fen, (u.closed_at IS NOT NULL) AS erased FROM orders o JOIN users u ON u.id = o.user_id WHERE o.out_trade_no = ?",
        payment.out_trade_no
    )?;
    let Some(order) = found else { return Ok(Err(SettleRefusal::UnknownOrder)) };
    if order.amount_fen != payment.amount_fen {
        return Ok(Err(SettleRefusal::WrongAmount));
    }
    let now = Utc::now();
    let state = if order.erased { OrderState::Paid } else { OrderState::Credited };
    let claimed = execute!(
        tx.exec(),
        "UPDATE orders SET state = ?, trade_no = ?, paid_at = ?, closed_at = NULL WHERE id = ? AND state IN ('created', 'closed')",
        state.as_str(),
        payment.trade_no,
        now,
        order.id
    )?;
    if claimed.rows == 0 {
        drop(tx);
        let current = current_state(market, order.id).await?.unwrap_or(OrderState::Credited);
        tracing::info!(
            order_id = order.id,
            source = payment.source,
            state = current.as_str(),
            "payment already settled"
        );
        return Ok(Ok(Settled::Already(current)));
    }
    if state == OrderState::Credited {
        let key = format!("order:{}", order.id);
        credits::transfer(&mut tx, Transfer::issue(order.user_id, order.credits, Reason::TopUp, &key)).await?;
        let notice = NewNotice::new(order.user_id, NoticeKind::TopUpCredited, &key).amount(order.credits);
        notifications::record(&mut tx, notice, now).await?;
    }
    tx.commit().await?;
    if state == OrderState::Credited {
        notifications::announce(market, [order.user_id]).await;
    }
    tracing::info!(
        order_id = order.id,
        user_id = order.user_id,
        source = payment.source,
        state = state.as_str(),
        "payment settled"
    );
    Ok(Ok(Settled::Now(state)))
}

async fn current_state(market: &Market, id: i64) -> MarketResult<Option<OrderState>> {
    let state = query_scalar!(market.db.exec(), fetch_optional, String, "SELECT state FROM orders WHERE id = ?", id)?;
    Ok(state.as_deref().and_then(OrderState::parse))
}

/// Closes an order that was never paid. `false` when it had been settled meanwhile.
pub async fn close(market: &Market, id: i64) -> MarketResult<bool> {
    let done = execute!(
        market.db.exec(),
        "UPDATE orders SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'created'",
        Utc::now(),
        id
    )?;
    if done.rows == 1 {
        tracing::info!(order_id = id, "unpaid order closed");
    }
    Ok(done.rows == 1)
}

/// Unpaid orders due for a question to the provider, each claimed for `query_every` by moving
/// its `next_check_at` on (a second instance claiming the same order finds it moved).
pub async fn claim_due(market: &Market, now: DateTime<Utc>, limit: i64) -> MarketResult<Vec<Order>> {
    let sql = format!("{SELECT} WHERE state = 'created' AND next_check_at <= ? ORDER BY next_check_at LIMIT ?");
    let rows = query_as!(market.db.exec(), fetch_all, OrderRow, &sql, now, limit)?;
    let mut claimed = Vec::new();
    for row in rows {
        let next = now + market.payments.query_every;
        let done = execute!(
            market.db.exec(),
            "UPDATE orders SET next_check_at = ? WHERE id = ? AND state = 'created' AND next_check_at <= ?",
            next,
            row.id,
            now
        )?;
        if done.rows == 1 {
            claimed.push(row.into_order()?);
        }
    }
    Ok(claimed)
}

/// Marks a credited (or paid, undelivered) order refunded in the caller's transaction and takes
/// its credits back through the ledger; refused with `InsufficientCredits` when they were spent.
pub(super) async fn mark_refunded(tx: &mut Tx, order: &Order, admin: &Viewer, reason: &str) -> MarketResult<()> {
    let done = execute!(
        tx.exec(),
        "UPDATE orders SET state = 'refunded', refunded_at = ?, refunded_by = ?, refund_reason = ? WHERE id = ? AND state = ?",
        Utc::now(),
        admin.id,
        reason,
        order.view.id,
        order.view.state.as_str()
    )?;
    if done.rows == 0 {
        return Err(MarketError::invalid(
            "orderId",
            Msg::new("订单状态已变化，请刷新后重试", "The order has changed; please refresh and try again"),
        ));
    }
    if order.view.state == OrderState::Credited {
        let key = format!("order:{}:refund", order.view.id);
        credits::lock_balance(tx, order.user_id).await?;
        credits::transfer(
            tx,
            Transfer::charge(order.user_id, order.view.credits, Reason::TopUpRefund, &key).by(admin.id, reason),
        )
        .await?;
    }
    Ok(())
}

/// Refunded orders the provider has not confirmed yet.
pub async fn unconfirmed_refunds(market: &Market, limit: i64) -> MarketResult<Vec<Order>> {
    let sql = format!("{SELECT} WHERE state = 'refunded' AND refund_confirmed_at IS NULL ORDER BY id LIMIT ?");
    let rows = query_as!(market.db.exec(), fetch_all, OrderRow, &sql, limit)?;
    rows.into_iter().map(OrderRow::into_order).collect()
}

pub async fn confirm_refund(market: &Market, id: i64) -> MarketResult<()> {
    execute!(
        market.db.exec(),
        "UPDATE orders SET refund_confirmed_at = ? WHERE id = ? AND refund_confirmed_at IS NULL",
        Utc::now(),
        id
    )?;
    Ok(())
}

/// The refund reason recorded on an order.
pub async fn refund_reason(market: &Market, id: i64) -> MarketResult<String> {
    Ok(query_scalar!(
        market.db.exec(),
        fetch_optional,
        Option<String>,
        "SELECT refund_reason FROM orders WHERE id = ?",
        id
    )?
    .flatten()
    .unwrap_or_default())
}
