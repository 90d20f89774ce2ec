use leptos::prelude::*;
use model::MemberSummary;

use crate::error::AppError;

/// Members whose name, email or phone contains `q` (admins only; `None` for a visitor).
#[server]
pub async fn search_members(q: String) -> Result<Option<Vec<MemberSummary>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::console::members::search(&market()?, &viewer, &q).await?))
}
