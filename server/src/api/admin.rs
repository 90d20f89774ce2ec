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
            let message = model::Msg::new("Idempotency-Key 需为 1–64 个字符", "The Idempotency-Key is 1–64 characters");
            return Err(ApiFailure::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message));
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
    admin::set_banned(&market, &viewer, user_id, true, None).await?;
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
    admin::set_banned(&market, &viewer, user_id, false, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The audit log
///
/// Every admin action, newest first, 50 a page: who did what to what, when, why and from which
/// address. Filter by `admin` (username), `action` and `target` (`user:12`, `idea:3`,
/// `report:7`, `order:5`).
#[utoipa::path(get, path = "/api/admin/audit", tag = "admin", operation_id = "auditLog",
    security(("bearerAuth" = [])), params(params::AuditQuery),
    responses((status = 200, description = "One page of the log", body = Vec<model::AuditEntry>),
        Unauthorized, NotAdmin, Invalid, TooManyRequests, Internal))]
pub async fn audit(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Vec<model::AuditEntry>>, ApiFailure> {
    let bad = |field: &str, zh: &'static str, en: &'static str| {
        ApiFailure::from(market::MarketError::invalid(field, model::Msg::new(zh, en)))
    };
    let action = match query.get("action").filter(|a| !a.is_empty()) {
        None => None,
        Some(a) => {
            Some(model::AuditAction::parse(a).ok_or_else(|| bad("action", "没有这种操作", "There is no such action"))?)
        }
    };
    let target = match query.get("target").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let parsed = t.split_once(':').and_then(|(kind, id)| model::AuditTarget::parse(kind, id.parse().ok()?));
            let (zh, en) = (
                "对象应写作 user:12、idea:3、report:7 或 order:5",
                "Write the target as user:12, idea:3, report:7 or order:5",
            );
            Some(parsed.ok_or_else(|| bad("target", zh, en))?)
        }
    };
    let filter = market::accounts::audit::Filter {
        admin: query.get("admin").filter(|a| !a.is_empty()).cloned(),
        action,
        target,
    };
    let page = query.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).clamp(1, 100_000);
    Ok(Json(market::accounts::audit::list(&market, &viewer, &filter, page).await?))
}

/// Find members
///
/// Members whose username, email or phone contains `q` (all members, newest first, without
/// it); 50 at most.
#[utoipa::path(get, path = "/api/admin/users", tag = "admin", operation_id = "searchUsers",
    security(("bearerAuth" = [])), params(params::MemberSearch),
    responses((status = 200, description = "The members found", body = Vec<model::MemberSummary>),
        Unauthorized, NotAdmin, Invalid, TooManyRequests, Internal))]
pub async fn users(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Vec<model::MemberSummary>>, ApiFailure> {
    let q = query.get("q").map_or("", String::as_str);
    Ok(Json(market::console::members::search(&market, &viewer, q).await?))
}

/// A member's account
///
/// The account and its standing, the newest ledger rows, ideas, orders and how many reports
/// their ideas drew.
#[utoipa::path(get, path = "/api/admin/users/{id}", tag = "admin", operation_id = "getUser",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The member", body = model::MemberDetail),
        Unauthorized, NotAdmin, NotFound, TooManyRequests, Internal))]
pub async fn user(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<Json<model::MemberDetail>, ApiFailure> {
    Ok(Json(market::console::members::detail(&market, &viewer, id).await?))
}
