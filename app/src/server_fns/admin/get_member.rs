use leptos::prelude::*;
use model::MemberDetail;

use crate::error::AppError;

/// One member's page, with a fresh key for the page's credit adjustment form.
#[server]
pub async fn get_member(id: i64) -> Result<Option<(MemberDetail, String)>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let detail = market::console::members::detail(&market()?, &viewer, id).await?;
    Ok(Some((detail, market::payments::orders::new_idempotency_key())))
}
