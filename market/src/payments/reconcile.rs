//! The worker's part: ask the provider about orders whose notification has not come, settle the
//! paid ones, close those unpaid for 30 minutes (at the provider first, so nobody can pay them
//! afterwards), and repeat unconfirmed refunds. Each step is safe to repeat after a crash.

use chrono::{DateTime, Utc};

use super::alipay::TradeState;
use super::orders::{self, Payment};
use super::{Provider, UNPAID_CLOSE_AFTER, refunds};
use crate::Market;
use crate::error::MarketResult;

/// Orders asked about per run.
const BATCH: i64 = 20;

/// One pass; returns how many orders changed state.
pub async fn run(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    let mut changed = 0;
    for order in orders::claim_due(market, now, BATCH).await? {
        let expired =
            now - order.view.created_at >= chrono::TimeDelta::from_std(UNPAID_CLOSE_AFTER).unwrap_or_default();
        let id = order.view.id;
        let state = match &market.payments.provider {
            // Development orders are paid only by the order page's button.
            Provider::Dev => TradeState::Waiting,
            Provider::Alipay(alipay) => match alipay.query(&order.view.out_trade_no).await {
                Ok(state) => state,
                Err(e) => {
                    tracing::warn!(order_id = id, error = %e, "querying an order at Alipay failed; asking again later");
                    continue;
                }
            },
        };
        match state {
            TradeState::Paid { trade_no, amount_fen } => {
                let payment = Payment {
                    out_trade_no: &order.view.out_trade_no,
                    trade_no: &trade_no,
                    amount_fen,
                    source: "query",
                };
                match orders::settle(market, payment).await? {
                    Ok(orders::Settled::Now(_)) => changed += 1,
                    Ok(orders::Settled::Already(_)) => {}
                    Err(refusal) => {
                        tracing::error!(order_id = id, %refusal, "Alipay reports a payment that does not match the order")
                    }
                }
            }
            TradeState::Closed => changed += usize::from(orders::close(market, id).await?),
            TradeState::Waiting | TradeState::Unknown if expired => {
                if let Provider::Alipay(alipay) = &market.payments.provider
                    && let Err(e) = alipay.close(&order.view.out_trade_no).await
                {
                    // Paid at the last moment (ACQ.TRADE_STATUS_ERROR) or unreachable: the next
                    // query settles or closes it.
                    tracing::warn!(order_id = id, error = %e, "closing an order at Alipay failed; asking again later");
                    continue;
                }
                changed += usize::from(orders::close(market, id).await?);
            }
            TradeState::Waiting | TradeState::Unknown => {}
        }
    }
    for order in orders::unconfirmed_refunds(market, BATCH).await? {
        let reason = orders::refund_reason(market, order.view.id).await?;
        if let Err(e) = refunds::return_money(market, &order, &reason).await {
            tracing::warn!(order_id = order.view.id, error = %e, "returning a refund's money failed; trying again later");
        }
    }
    Ok(changed)
}
