//! Admins refund paid orders: the credits come back through the ledger first (refused when the
//! member spent them), then the provider returns the money. The provider call repeats until it
//! confirms, under one request number, so a crash or a failed call refunds once.

use model::{AuditAction, AuditTarget, Msg, RefundOrder};

use super::{Provider, orders};
use crate::Market;
use crate::accounts::audit;
use crate::accounts::{Viewer, admin::require_admin};
use crate::error::{MarketError, MarketResult};

/// Refunds order `id` in full. Refused unless it is paid and not refunded, or when the member no
/// longer holds its credits.
pub async fn refund(market: &Market, admin: &Viewer, id: i64, request: &RefundOrder) -> MarketResult<model::OrderView> {
    require_admin(admin)?;
    let reason = request.reason.trim();
    if !(2..=500).contains(&reason.chars().count()) {
        return Err(MarketError::invalid(
            "reason",
            Msg::new("请填写 2–500 字的退款原因", "Please give the reason for the refund (2–500 characters)"),
        ));
    }
    let order = orders::get_any(market, id).await?;
    if !matches!(order.view.state, model::OrderState::Credited | model::OrderState::Paid) {
        return Err(MarketError::invalid(
            "orderId",
            Msg::new("只有已支付的订单可以退款", "Only paid orders can be refunded"),
        ));
    }
    let mut tx = market.db.begin().await?;
    match orders::mark_refunded(&mut tx, &order, admin, reason).await {
        Err(MarketError::InsufficientCredits) => {
            return Err(MarketError::invalid(
                "orderId",
                Msg::new(
                    "该订单的积分已被使用，无法退款",
                    "The credits of this order have been spent: it cannot be refunded",
                ),
            ));
        }
        other => other?,
    }
    audit::record(&mut tx, admin, AuditAction::RefundOrder, AuditTarget::Order(id), Some(reason)).await?;
    tx.commit().await?;
    tracing::info!(order_id = id, admin = admin.id, "order refunded; returning the money");
    if let Err(e) = return_money(market, &order, reason).await {
        tracing::warn!(order_id = id, error = %e, "the provider's refund failed; the worker retries it");
    }
    Ok(orders::get_any(market, id).await?.view)
}

/// Asks the provider to return the money of a refunded order, and records its confirmation.
pub(super) async fn return_money(market: &Market, order: &orders::Order, reason: &str) -> anyhow::Result<()> {
    match &market.payments.provider {
        Provider::Dev => {}
        Provider::Alipay(alipay) => {
            let request_no = format!("{}R", order.view.out_trade_no);
            alipay.refund(&order.view.out_trade_no, order.view.amount_fen, &request_no, reason).await?;
        }
    }
    orders::confirm_refund(market, order.view.id).await?;
    Ok(())
}
