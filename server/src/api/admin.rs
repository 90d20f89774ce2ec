//! Admin actions on accounts: balance corrections through the ledger, bans.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use market::Market;
use market::accounts::admin;
use model::{AdjustmentDone, CreditAdjustment};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// Correct a member's balance
///
/// Moves credits between the platform and the member through the ledger, recording the admin and
/// the reason, which the member reads in their history. A negative amount takes credits back and
/// is refused (402) beyond the balance. The same `Idempotency-Key` returns the first adjustment;
/// without one, each request is a new adjustment.
#[utoipa::path(post, path = "/api/admin/users/{id}/credits", tag = "admin", operation_id = "adjustCredits",
    security(("bearerAuth" = [])),
    params(params::Id, ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 64,
        description = "1–64 characters; a retry with the same key returns the first adjustment.")),
    request_body(content = CreditAdjustment, example = json!({"amount": 200, "memo": "服务故障补偿"})),
    responses((status = 200, description = "Adjusted", body = AdjustmentDone),
        BodyErrors, Unauthorized, InsufficientCredits, NotAdmin, NotFound, TooManyRequests, Internal))]
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

/// Ban a member
///
/// Their sessions and API tokens stop working at their next request.
#[utoipa::path(post, path = "/api/admin/users/{id}/ban", tag = "admin", operation_id = "banUser",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "Banned"), Unauthorized, NotAdmin, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn ban(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(user_id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    admin::set_banned(&market, &viewer, user_id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a ban
#[utoipa::path(delete, path = "/api/admin/users/{id}/ban", tag = "admin", operation_id = "unbanUser",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "No longer banned"), Unauthorized, NotAdmin, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn unban(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(user_id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    admin::set_banned(&market, &viewer, user_id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
