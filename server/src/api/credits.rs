//! `GET /api/me/credits?page=`: balance, level progress, invite link and the ledger, newest first.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use market::Market;
use market::credits::overview::overview;
use model::CreditsOverview;

use super::ApiFailure;
use super::extract::SignedIn;

pub async fn mine(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<CreditsOverview>, ApiFailure> {
    let page = params.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).clamp(1, 1_000_000);
    Ok(Json(overview(&market, viewer.id, page).await?))
}
