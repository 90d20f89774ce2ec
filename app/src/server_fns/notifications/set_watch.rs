use leptos::prelude::*;

use crate::error::AppError;

/// Watches an idea's auction, or (`watch` false) stops (a plain form on the idea page).
#[server]
pub async fn set_watch(id: i64, watch: bool) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let market = market()?;
    if watch {
        market::notifications::watches::watch(&market, viewer.id, id).await?;
    } else {
        market::notifications::watches::unwatch(&market, viewer.id, id).await?;
    }
    Ok(())
}
