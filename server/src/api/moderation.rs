//! Reports of ideas and shared plans, and what admins do about them: the review queue, hiding
//! and unhiding ideas.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use market::moderation::{self, reports};
use market::{Market, MarketError};
use model::{HideIdea, NewReport, ReportDecision, ReportStatus, ReportView};

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// Report an idea
///
/// Once per member per idea (409 after), at most 10 reports an hour. An admin reviews it.
#[utoipa::path(post, path = "/api/ideas/{id}/report", tag = "ideas", operation_id = "reportIdea",
    security(("bearerAuth" = [])), params(params::Id),
    request_body(content = NewReport, example = json!({"reason": "spam", "note": "重复发布的广告"})),
    responses((status = 204, description = "Reported"),
        BodyErrors, Unauthorized, Forbidden, NotFound, Duplicate, TooManyRequests, Internal))]
pub async fn report_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
    ApiJson(report): ApiJson<NewReport>,
) -> Result<StatusCode, ApiFailure> {
    reports::report_idea(&market, &viewer, id, report).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Report a shared business plan
///
/// For readers of the plan's share link (`?share=`); its owner cannot report it. Once per member
/// per plan (409 after), at most 10 reports an hour.
#[utoipa::path(post, path = "/api/business-plan/{id}/report", tag = "plans", operation_id = "reportPlan",
    security(("bearerAuth" = [])), params(params::Id, params::Share),
    request_body(content = NewReport, example = json!({"reason": "infringement", "note": "内容抄袭了我的公司资料"})),
    responses((status = 204, description = "Reported"),
        BodyErrors, Unauthorized, Forbidden, NotFound, Duplicate, TooManyRequests, Internal))]
pub async fn report_plan(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
    Query(query): Query<HashMap<String, String>>,
    ApiJson(report): ApiJson<NewReport>,
) -> Result<StatusCode, ApiFailure> {
    reports::report_plan(&market, &viewer, id, query.get("share").map(String::as_str), report).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The review queue
///
/// 50 reports a page: the open ones oldest first, handled ones newest first.
#[utoipa::path(get, path = "/api/admin/reports", tag = "admin", operation_id = "listReports",
    security(("bearerAuth" = [])), params(params::ReportQueue),
    responses((status = 200, description = "The reports", body = Vec<ReportView>),
        Unauthorized, NotAdmin, Invalid, TooManyRequests, Internal))]
pub async fn queue(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<ReportView>>, ApiFailure> {
    let status = match query.get("status").map(String::as_str) {
        None | Some("") => ReportStatus::Open,
        Some(s) => ReportStatus::parse(s).ok_or_else(|| {
            MarketError::invalid(
                "status",
                model::Msg::new(
                    "状态只能是 open、upheld 或 dismissed",
                    "The status is one of open, upheld or dismissed",
                ),
            )
        })?,
    };
    let page = query.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1);
    Ok(Json(reports::queue(&market, &viewer, status, page).await?))
}

/// Decide on a report
///
/// `uphold` with a reason (the author reads it) hides the idea, or ends the plan's share link;
/// otherwise the report is dismissed. A report is decided once.
#[utoipa::path(post, path = "/api/admin/reports/{id}", tag = "admin", operation_id = "decideReport",
    security(("bearerAuth" = [])), params(params::Id),
    request_body(content = ReportDecision, example = json!({"uphold": true, "reason": "含有虚假宣传内容"})),
    responses((status = 200, description = "The report as decided", body = ReportView),
        BodyErrors, Unauthorized, NotAdmin, NotFound, TooManyRequests, Internal))]
pub async fn decide(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
    ApiJson(decision): ApiJson<ReportDecision>,
) -> Result<Json<ReportView>, ApiFailure> {
    Ok(Json(reports::decide(&market, &viewer, id, &decision).await?))
}

/// Hide an idea
///
/// It disappears from lists, search and its page for everyone but its author, who reads the
/// reason; a running auction closes unsold, paying nobody. Open reports of it are upheld.
#[utoipa::path(post, path = "/api/admin/ideas/{id}/hide", tag = "admin", operation_id = "hideIdea",
    security(("bearerAuth" = [])), params(params::Id),
    request_body(content = HideIdea, example = json!({"reason": "含有违法违规内容"})),
    responses((status = 204, description = "Hidden"), BodyErrors, Unauthorized, NotAdmin, NotFound, TooManyRequests, Internal))]
pub async fn hide_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
    ApiJson(req): ApiJson<HideIdea>,
) -> Result<StatusCode, ApiFailure> {
    moderation::hide_idea(&market, &viewer, id, &req.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Show a hidden idea again
///
/// Also how an idea held by the screening is let through: it goes on to analysis and auction.
#[utoipa::path(delete, path = "/api/admin/ideas/{id}/hide", tag = "admin", operation_id = "unhideIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "Public again"), Unauthorized, NotAdmin, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn unhide_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    moderation::unhide_idea(&market, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Feature an idea (精选)
///
/// It shows among the featured ideas on the home page (`GET /api/ideas/featured`), newest choice
/// first; a hidden idea cannot be featured.
#[utoipa::path(post, path = "/api/admin/ideas/{id}/feature", tag = "admin", operation_id = "featureIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "Featured"), Unauthorized, NotAdmin, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn feature_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    moderation::feature_idea(&market, &viewer, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop featuring an idea
#[utoipa::path(delete, path = "/api/admin/ideas/{id}/feature", tag = "admin", operation_id = "unfeatureIdea",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "No longer featured"), Unauthorized, NotAdmin, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn unfeature_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    moderation::feature_idea(&market, &viewer, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
