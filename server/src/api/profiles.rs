//! An author's public page and the signed-in member's own space.

use axum::Json;
use axum::extract::{Path, State};
use market::{Market, MarketError, profiles};
use model::{AuthorPage, MySpace};

use super::ApiFailure;
use super::extract::SignedIn;
use super::openapi::errors::*;

/// An author's public page: their published ideas and totals (nothing private)
#[utoipa::path(get, path = "/api/users/{username}", tag = "ideas", operation_id = "getAuthor",
    params(("username" = String, Path, description = "The author's username, as shown on their ideas")),
    responses((status = 200, description = "The author", body = AuthorPage), NotFound, TooManyRequests, Internal))]
pub async fn author(
    State(market): State<Market>,
    Path(username): Path<String>,
) -> Result<Json<AuthorPage>, ApiFailure> {
    if username.chars().count() > model::USERNAME_MAX {
        return Err(MarketError::NotFound.into());
    }
    Ok(Json(profiles::author(&market, &username).await?))
}

/// Your ideas with where each stands and what it earned, your plans, the auctions you watch and your balance
#[utoipa::path(get, path = "/api/me/space", tag = "auth", operation_id = "getMySpace", security(("bearerAuth" = [])),
    responses((status = 200, description = "Your space", body = MySpace), Unauthorized, TooManyRequests, Internal))]
pub async fn mine(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<MySpace>, ApiFailure> {
    Ok(Json(profiles::mine(&market, viewer.id).await?))
}
