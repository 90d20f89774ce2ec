use leptos::prelude::*;
use model::BuyPage;

use crate::error::AppError;

/// The buy page's packages, provider and the member's orders waiting for payment, or `None` for
/// a visitor.
#[server]
pub async fn get_buy_page() -> Result<Option<BuyPage>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let market = market()?;
    let mut waiting = market::payments::orders::list(&market, &viewer).await?;
    waiting.retain(|o| o.state == model::OrderState::Created);
    Ok(Some(BuyPage {
        packages: market.payments.packages.clone(),
        provider: market.payments.provider.kind(),
        waiting,
        idempotency_key: market::payments::orders::new_idempotency_key(),
    }))
}
