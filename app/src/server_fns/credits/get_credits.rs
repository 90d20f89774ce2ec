use leptos::prelude::*;
use model::CreditsOverview;

use crate::error::AppError;

/// The signed-in member's credits page (balance, level, invites, one page of the ledger), or
/// `None` for a visitor.
#[server]
pub async fn get_credits(page: i64) -> Result<Option<CreditsOverview>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let page = page.clamp(1, 1_000_000);
    Ok(Some(market::credits::overview::overview(&market()?, viewer.id, page).await?))
}
