use leptos::prelude::*;
use model::{MemberOrder, OrderState};

use crate::error::AppError;

/// Every member's orders, newest first, 50 a page (admins only; `None` for a visitor).
#[server]
pub async fn member_orders(state: Option<OrderState>, page: i64) -> Result<Option<Vec<MemberOrder>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::payments::orders::all(&market()?, &viewer, state, page).await?))
}
