use leptos::prelude::*;
use model::OrderView;

use crate::error::AppError;

/// The member's orders, newest first, or `None` for a visitor.
#[server]
pub async fn list_orders() -> Result<Option<Vec<OrderView>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::payments::orders::list(&market()?, &viewer).await?))
}
