//! The development provider: the member's own button on the order page pays the order, as if the
//! provider had reported it. Only while `Provider::Dev` is configured, which production refuses.

use model::{Msg, OrderState};

use super::Provider;
use super::orders::{self, Payment, Settled};
use crate::Market;
use crate::accounts::Viewer;
use crate::error::{MarketError, MarketResult};

/// Pays the member's own order `id`; paying it again changes nothing.
pub async fn confirm(market: &Market, member: &Viewer, id: i64) -> MarketResult<OrderState> {
    if !matches!(market.payments.provider, Provider::Dev) {
        return Err(MarketError::NotFound);
    }
    let order = orders::get(market, member, id).await?;
    if order.provider != model::PaymentProvider::Dev {
        return Err(MarketError::invalid(
            "orderId",
            Msg::new("该订单不能在开发环境中支付", "This order cannot be paid in the development environment"),
        ));
    }
    let trade_no = format!("DEV{}", order.out_trade_no);
    let payment =
        Payment { out_trade_no: &order.out_trade_no, trade_no: &trade_no, amount_fen: order.amount_fen, source: "dev" };
    match orders::settle(market, payment).await? {
        Ok(Settled::Now(state) | Settled::Already(state)) => Ok(state),
        Err(refusal) => Err(anyhow::anyhow!("a development payment was refused: {refusal}").into()),
    }
}
