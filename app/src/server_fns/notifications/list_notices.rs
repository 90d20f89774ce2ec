use leptos::prelude::*;
use model::NoticePage;

use crate::error::AppError;

/// The member's notifications older than `before` (newest first), or `None` for a visitor.
#[server]
pub async fn list_notices(before: Option<i64>) -> Result<Option<NoticePage>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::notifications::inbox::list(&market()?, viewer.id, before.filter(|b| *b > 0)).await?))
}
