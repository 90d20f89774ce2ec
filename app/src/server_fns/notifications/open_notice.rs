use leptos::prelude::*;

use crate::error::AppError;

/// Marks a notification read and goes where it leads (a plain form on the notifications page).
/// The address comes from the stored notification, never from the request.
#[server]
pub async fn open_notice(id: i64) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let market = market()?;
    let notice = market::notifications::inbox::mine(&market, viewer.id, id).await?;
    market::notifications::inbox::mark_read(&market, viewer.id, id).await?;
    leptos_axum::redirect(&notice.link());
    Ok(())
}
