use leptos::prelude::*;
use model::OrderView;

use crate::error::AppError;

/// Orders the package of `credits`; the form's `key` makes a repeated submission the same order.
#[server]
pub async fn create_order(credits: i64, key: String) -> Result<OrderView, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let new = model::NewOrder { credits, idempotency_key: key };
    Ok(market::payments::orders::create(&market()?, &viewer, &new).await?)
}
