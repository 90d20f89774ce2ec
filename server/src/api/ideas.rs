use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use market::{Market, MarketError, ideas};
use model::{AuctionView, BidView, IdeaDetail, IdeaPage, IdeaQuery, IdeaSummary, LikeState, NewIdea};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, MaybeSignedIn, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// A page of ideas (12 a page)
#[utoipa::path(get, path = "/api/ideas", tag = "ideas", operation_id = "listIdeas", params(params::IdeaList),
    responses((status = 200, description = "The page", body = IdeaPage), Invalid, TooManyRequests, Internal))]
pub async fn list(
    State(market): State<Market>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<IdeaPage>, ApiFailure> {
    let p = |k: &str| params.get(k).map(String::as_str);
    let query = IdeaQuery::parse(p("category"), p("search"), p("sort"), p("page")).map_err(MarketError::Invalid)?;
    Ok(Json(ideas::list(&market, &query).await?))
}

/// The featured ideas (精选创意)
///
/// Chosen by admins, newest choice first, at most 6; hidden ideas never appear.
#[utoipa::path(get, path = "/api/ideas/featured", tag = "ideas", operation_id = "featuredIdeas",
    responses((status = 200, description = "The featured ideas", body = Vec<IdeaSummary>), TooManyRequests, Internal))]
pub async fn featured(State(market): State<Market>) -> Result<Json<Vec<IdeaSummary>>, ApiFailure> {
    Ok(Json(ideas::featured::list(&market).await?))
}

/// Submit an idea
///
/// The idea starts `pending` while the five agents analyse it, then goes to auction.
#[utoipa::path(post, path = "/api/ideas", tag = "ideas", operation_id = "createIdea", security(("bearerAuth" = [])),
    request_body(content = NewIdea, example = json!({"title": "共享厨房预约",
        "description": "把写字楼里闲置的茶水间改造成可预约的共享厨房，白领可以自己做健康午餐。",
        "category": "lifestyle", "tags": ["共享经济", "餐饮"]})),
    responses((status = 201, description = "The idea as stored", body = IdeaDetail),
        BodyErrors, Unauthorized, Forbidden, TooManyIdeas, Internal))]
pub async fn create(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(idea): ApiJson<NewIdea>,
) -> Result<(StatusCode, Json<IdeaDetail>), ApiFailure> {
    Ok((StatusCode::CREATED, Json(ideas::create(&market, viewer.id, idea).await?)))
}

/// One idea (counts a view)
#[utoipa::path(get, path = "/api/ideas/{id}", tag = "ideas", operation_id = "getIdea",
    security(("bearerAuth" = []), ()), params(params::Id),
    responses((status = 200, description = "The idea; `liked` tells whether the signed-in viewer likes it", body = IdeaDetail),
        NotFound, TooManyRequests, Internal))]
pub async fn get(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
) -> Result<Json<IdeaDetail>, ApiFailure> {
    Ok(Json(ideas::get(&market, id, viewer.map(|v| v.id), true).await?))
}

/// Like an idea (repeating is harmless)
#[utoipa::path(post, path = "/api/ideas/{id}/like", tag = "ideas", operation_id = "likeIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The like and the idea's count", body = LikeState),
        Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn like(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<LikeState>, ApiFailure> {
    Ok(Json(ideas::set_like(&market, viewer.id, id, true).await?))
}

/// Take a like back (repeating is harmless)
#[utoipa::path(delete, path = "/api/ideas/{id}/like", tag = "ideas", operation_id = "unlikeIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The like and the idea's count", body = LikeState),
        Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn unlike(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<LikeState>, ApiFailure> {
    Ok(Json(ideas::set_like(&market, viewer.id, id, false).await?))
}

/// The bids on an idea, newest first
#[utoipa::path(get, path = "/api/ideas/{id}/bids", tag = "ideas", operation_id = "listIdeaBids", params(params::Id),
    responses((status = 200, description = "The bids", body = Vec<BidView>), NotFound, TooManyRequests, Internal))]
pub async fn bids(State(market): State<Market>, IdPath(id): IdPath) -> Result<Json<Vec<BidView>>, ApiFailure> {
    Ok(Json(market::auction::view::auction_view(&market, id).await?.bids))
}

/// The five analyses, the auction and its bids
#[utoipa::path(get, path = "/api/ideas/{id}/auction", tag = "ideas", operation_id = "getIdeaAuction", params(params::Id),
    responses((status = 200, body = AuctionView,
            description = "The analyses (none while pending), the auction (`null` until it opens) and the bids, newest first"),
        NotFound, TooManyRequests, Internal))]
pub async fn auction(State(market): State<Market>, IdPath(id): IdPath) -> Result<Json<AuctionView>, ApiFailure> {
    Ok(Json(market::auction::view::auction_view(&market, id).await?))
}
