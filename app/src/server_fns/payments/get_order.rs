use leptos::prelude::*;
use model::OrderView;

use crate::error::AppError;

/// One of the member's orders (another member's is not found), or `None` for a visitor.
#[server]
pub async fn get_order(id: i64) -> Result<Option<(OrderView, String)>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let order = market::payments::orders::get(&market()?, &viewer, id).await?;
    Ok(Some((order, viewer.username)))
}
