//! Admin actions on accounts: balance corrections through the ledger, bans.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use market::Market;
use market::accounts::admin;
use model::{AdjustmentDone, CreditAdjustment};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, SignedIn};

/// An `Idempotency-Key` header makes a retry return the first adjustment; without one, each
/// request is a new adjustment.
pub async fn adjust_credits(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(user_id): IdPath,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CreditAdjustment>,
) -> Result<Json<AdjustmentDone>, ApiFailure> {
    let key = match headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim) {
        Some(key) if !key.is_empty() && key.len() <= 64 => key.to_owned(),
        Some(_) => {
            return Err(ApiFailure::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                "Idempotency-Key 需为 1–64 个字符",
            ));
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    Ok(Json(admin::adjust_credits(&market, &viewer, user_id, &req, &key).await?))
}

pub async fn ban(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(user_id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    admin::set_banned(&market, &viewer, user_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn unban(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(user_id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    admin::set_banned(&market, &viewer, user_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
