use leptos::prelude::*;

use crate::error::AppError;

/// An admin refunds a paid order with a reason (a plain form in the console).
#[server]
pub async fn refund_member_order(id: i64, reason: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    market::payments::refunds::refund(&market()?, &viewer, id, &model::RefundOrder { reason }).await?;
    Ok(())
}
