use leptos::prelude::*;

use crate::error::AppError;

/// Marks every notification of the member read (a plain form on the notifications page).
#[server]
pub async fn read_all_notices() -> Result<i64, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::notifications::inbox::mark_all_read(&market()?, viewer.id).await?)
}
