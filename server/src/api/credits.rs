//! `GET /api/me/credits?page=`: balance, level progress, invite link and the ledger, newest first.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use market::Market;
use market::credits::overview::overview;
use model::CreditsOverview;

use super::ApiFailure;
use super::extract::SignedIn;
use super::openapi::errors::{Internal, TooManyRequests, Unauthorized};

/// Your balance, level progress, invite code and credit history (20 a page, newest first)
#[utoipa::path(get, path = "/api/me/credits", tag = "auth", operation_id = "getMyCredits", security(("bearerAuth" = [])),
    params(super::openapi::params::HistoryPage),
    responses((status = 200, description = "The overview", body = CreditsOverview), Unauthorized, TooManyRequests, Internal))]
pub async fn mine(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<CreditsOverview>, ApiFailure> {
    let page = params.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).clamp(1, 1_000_000);
    Ok(Json(overview(&market, viewer.id, page).await?))
}
