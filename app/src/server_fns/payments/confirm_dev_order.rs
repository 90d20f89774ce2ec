use leptos::prelude::*;
use model::OrderState;

use crate::error::AppError;

/// Pays the member's own order with the development provider (a plain form on the order page;
/// not found when a real provider takes the money).
#[server]
pub async fn confirm_dev_order(id: i64) -> Result<OrderState, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::payments::dev::confirm(&market()?, &viewer, id).await?)
}
