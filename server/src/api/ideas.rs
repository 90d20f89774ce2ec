use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use market::{Market, MarketError, ideas};
use model::{AuctionView, BidView, IdeaDetail, IdeaPage, IdeaQuery, LikeState, NewIdea};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, MaybeSignedIn, SignedIn};

/// `GET /api/ideas?category=&search=&sort=newest|hottest&page=`.
pub async fn list(
    State(market): State<Market>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<IdeaPage>, ApiFailure> {
    let p = |k: &str| params.get(k).map(String::as_str);
    let query = IdeaQuery::parse(p("category"), p("search"), p("sort"), p("page")).map_err(MarketError::Invalid)?;
    Ok(Json(ideas::list(&market, &query).await?))
}

pub async fn create(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(idea): ApiJson<NewIdea>,
) -> Result<(StatusCode, Json<IdeaDetail>), ApiFailure> {
    Ok((StatusCode::CREATED, Json(ideas::create(&market, viewer.id, idea).await?)))
}

pub async fn get(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
) -> Result<Json<IdeaDetail>, ApiFailure> {
    Ok(Json(ideas::get(&market, id, viewer.map(|v| v.id), true).await?))
}

pub async fn like(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<LikeState>, ApiFailure> {
    Ok(Json(ideas::set_like(&market, viewer.id, id, true).await?))
}

pub async fn unlike(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<LikeState>, ApiFailure> {
    Ok(Json(ideas::set_like(&market, viewer.id, id, false).await?))
}

/// Every bid on an idea, newest first.
pub async fn bids(State(market): State<Market>, IdPath(id): IdPath) -> Result<Json<Vec<BidView>>, ApiFailure> {
    Ok(Json(market::auction::view::auction_view(&market, id).await?.bids))
}

/// The five analyses, the auction and its bids.
pub async fn auction(State(market): State<Market>, IdPath(id): IdPath) -> Result<Json<AuctionView>, ApiFailure> {
    Ok(Json(market::auction::view::auction_view(&market, id).await?))
}
