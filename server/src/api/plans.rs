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
use crate::live::LiveStreams;
use crate::sse;

type Params = Query<HashMap<String, String>>;

fn share(params: &HashMap<String, String>) -> Option<&str> {
    params.get("share").map(String::as_str)
}

/// Charges and queues the plan; answers at once with its id (202), generation follows. An
/// `Idempotency-Key` header makes a retried request return the same plan, charged once.
pub async fn generate(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    headers: HeaderMap,
    ApiJson(req): ApiJson<GeneratePlanRequest>,
) -> Result<(StatusCode, Json<PlanCreated>), ApiFailure> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok((StatusCode::ACCEPTED, Json(plans::generate(&market, viewer.id, &req, key).await?)))
}

pub async fn quote(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<PlanQuote>, ApiFailure> {
    Ok(Json(plans::quote(&market, viewer.id).await?))
}

pub async fn get(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    IdPath(id): IdPath,
    Query(params): Params,
) -> Result<Json<PlanView>, ApiFailure> {
    Ok(Json(plans::view(&market, id, viewer.map(|v| v.id), share(&params)).await?))
}

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

/// The user's plans of one idea.
pub async fn of_idea(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(idea_id): IdPath,
) -> Result<Json<Vec<PlanSummary>>, ApiFailure> {
    Ok(Json(plans::list_for_idea(&market, idea_id, viewer.id).await?))
}

/// The plan's progress: `stage_started`, `preview` (text as it is written), `preview_restart`,
/// `stage_done`, `finished` (the last); `refresh` when events may have been missed. A client
/// reads the plan itself (`GET`) on connecting and on `stage_done`/`refresh`.
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
