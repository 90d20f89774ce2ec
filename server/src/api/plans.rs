//! Business plans: `POST /api/business-plan/generate` (the original plan's body), the plan, its
//! live progress as server-sent events, and its Markdown export.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use market::events::sse_frame;
use market::{Market, plans};
use model::{GeneratePlanRequest, PlanCreated, PlanEvent, PlanQuote, PlanSummary, PlanView};
use tokio::sync::broadcast::error::RecvError;

use super::ApiFailure;
use super::extract::{ApiJson, IdPath, MaybeSignedIn, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;
use crate::live::LiveStreams;
use crate::sse;

type Params = Query<HashMap<String, String>>;

fn share(params: &HashMap<String, String>) -> Option<&str> {
    params.get("share").map(String::as_str)
}

/// Buy a business plan of an idea
///
/// Charges the price and queues the plan in one transaction, then answers at once (202); the plan
/// is written in the background. The same `Idempotency-Key` returns the first plan, charged once.
#[utoipa::path(post, path = "/api/business-plan/generate", tag = "plans", operation_id = "generatePlan",
    security(("bearerAuth" = [])),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,100}$",
        description = "1–100 visible ASCII characters; a retry with the same key returns the same plan.")),
    request_body(content = GeneratePlanRequest, example = json!({"ideaId": 1,
        "options": {"detailed": false, "aiServices": ["baidu", "alibaba", "iflytek", "tencent", "zhipu"]}})),
    responses((status = 202, description = "Charged and queued", body = PlanCreated),
        BodyErrors, Unauthorized, InsufficientCredits, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn generate(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    headers: HeaderMap,
    ApiJson(req): ApiJson<GeneratePlanRequest>,
) -> Result<(StatusCode, Json<PlanCreated>), ApiFailure> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok((StatusCode::ACCEPTED, Json(plans::generate(&market, viewer.id, &req, key).await?)))
}

/// What a plan costs you now
#[utoipa::path(get, path = "/api/business-plan/quote", tag = "plans", operation_id = "quotePlan", security(("bearerAuth" = [])),
    responses((status = 200, body = PlanQuote,
            description = "The standard and detailed price after your level's discount, and your balance"),
        Unauthorized, TooManyRequests, Internal))]
pub async fn quote(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<PlanQuote>, ApiFailure> {
    Ok(Json(plans::quote(&market, viewer.id).await?))
}

/// A business plan
///
/// Its owner sees it (with `shareToken`); anyone else needs `?share=<token>` and sees it without
/// the token. To others it does not exist (404).
#[utoipa::path(get, path = "/api/business-plan/{id}", tag = "plans", operation_id = "getPlan",
    security(("bearerAuth" = []), ()), params(params::Id, params::Share),
    responses((status = 200, description = "The plan", body = PlanView), NotFound, TooManyRequests, Internal))]
pub async fn get(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
    Query(params): Params,
) -> Result<Json<PlanView>, ApiFailure> {
    Ok(Json(plans::view(&market, id, viewer.map(|v| v.id), share(&params)).await?))
}

/// The plan as a Markdown download
#[utoipa::path(get, path = "/api/business-plan/{id}/markdown", tag = "plans", operation_id = "exportPlanMarkdown",
    security(("bearerAuth" = []), ()), params(params::Id, params::Share),
    responses((status = 200, description = "The Markdown document (`business-plan-{id}.md`)",
            content_type = "text/markdown", body = String,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"business-plan-{id}.md\"`"))),
        NotFound, TooManyRequests, Internal))]
pub async fn markdown(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
    Query(params): Params,
) -> Result<impl IntoResponse, ApiFailure> {
    let text = plans::export_markdown(&market, id, viewer.map(|v| v.id), share(&params)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/markdown; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"business-plan-{id}.md\"")),
        ],
        text,
    ))
}

/// Your business plans of this idea, newest first (at most 20)
#[utoipa::path(get, path = "/api/ideas/{id}/plans", tag = "plans", operation_id = "listIdeaPlans",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 200, description = "The plans", body = Vec<PlanSummary>), Unauthorized, NotFound, TooManyRequests, Internal))]
pub async fn of_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(idea_id): IdPath,
) -> Result<Json<Vec<PlanSummary>>, ApiFailure> {
    Ok(Json(plans::list_for_idea(&market, idea_id, viewer.id).await?))
}

/// The plan being written, as server-sent events
///
/// Events: `stage_started` (`{"type","plan_id","stage","agent"}`), `preview`
/// (`{"type","plan_id","stage","text"}`: text as it is written), `preview_restart`, `stage_done`
/// (`{"type","plan_id","stage"}`), `finished` (`{"type","plan_id","status"}`) and `refresh` (`{}`:
/// events may have been missed, read the plan again). A client reads the plan itself (`GET`) on
/// connecting and on `stage_done` or `refresh`. The stream ends after `finished`; a comment line
/// is sent after 15 s without an event.
#[utoipa::path(get, path = "/api/business-plan/{id}/stream", tag = "plans", operation_id = "streamPlan",
    security(("bearerAuth" = []), ()), params(params::Id, params::Share),
    responses((status = 200, description = "An event stream that ends after `finished`",
            content_type = "text/event-stream", body = String),
        NotFound, TooManyRequests, Internal))]
pub async fn stream(
    State(market): State<Market>,
    State(live): State<LiveStreams>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
    Query(params): Params,
) -> Result<Response, ApiFailure> {
    let rx = market.events.subscribe_plan(id);
    plans::view(&market, id, viewer.map(|v| v.id), share(&params)).await?;
    // The stream ends after `finished`: nothing follows it.
    let frames = futures_util::stream::unfold(Some(rx), |rx| async move {
        let mut rx = rx?;
        let (frame, last) = match rx.recv().await {
            Ok(event) => (
                sse_frame(event.name(), None, &serde_json::to_string(&*event).unwrap_or_default()),
                matches!(*event, PlanEvent::Finished { .. }),
            ),
            Err(RecvError::Lagged(_)) => (sse_frame("refresh", None, "{}"), false),
            Err(RecvError::Closed) => return None,
        };
        Some((frame, (!last).then_some(rx)))
    });
    Ok(sse::response(live.follow(frames)))
}
