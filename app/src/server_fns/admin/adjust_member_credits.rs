use leptos::prelude::*;

use crate::error::AppError;

/// Adds (or, negative, takes back) credits with a reason the member reads (a plain form; `key`
/// makes a repeated submission one adjustment).
#[server]
pub async fn adjust_member_credits(id: i64, amount: i64, memo: String, key: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let adjustment = model::CreditAdjustment { amount, memo };
    market::accounts::admin::adjust_credits(&market()?, &viewer, id, &adjustment, &key).await?;
    Ok(())
}
