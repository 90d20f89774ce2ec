use std::collections::HashMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use market::attachments::{self, receive};
use market::{Market, MarketError};
use model::{Attachment, Msg};

use super::ApiFailure;
use super::extract::{IdPath, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// Upload a file
///
/// The body is the file itself (at most 10 MB unless configured otherwise). What it is comes from
/// its first bytes, not from its name or `Content-Type`: JPEG, PNG and WebP images (decoded and
/// encoded again, so their metadata is gone; thumbnail made) and PDF documents; anything else is
/// refused. With `idea`, the file goes onto that idea of yours while it is still `pending`;
/// without, it waits as a draft for 24 hours, to be named in `attachments` when you submit the
/// idea. At most 6 files and 30 MB per idea.
#[utoipa::path(post, path = "/api/attachments", tag = "ideas", operation_id = "uploadAttachment",
    security(("bearerAuth" = [])), params(params::Upload),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "The file's bytes, as they are"),
    responses((status = 201, description = "The file as stored", body = Attachment),
        Unauthorized, ForbiddenOrBanned, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn upload(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let received = async {
        let idea = match query.get("idea").map(|v| v.parse::<i64>()) {
            None => None,
            Some(Ok(id)) if id > 0 => Some(id),
            Some(_) => return Err(MarketError::NotFound),
        };
        let name = query.get("name").map(String::as_str).unwrap_or("");
        // A declared length over the limit is refused before a byte is read.
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|len| len > market.files.limits.per_file) {
            let mb = market.files.limits.per_file / (1024 * 1024);
            let message = Msg::new(format!("单个文件不能超过 {mb} MB"), format!("A file is at most {mb} MB"));
            return Err(MarketError::invalid("file", message));
        }
        receive::receive(&market, viewer.id, idea, name, body.into_data_stream()).await
    }
    .await;
    match received {
        Ok(attachment) => (StatusCode::CREATED, Json(attachment)).into_response(),
        Err(e) => {
            let mut response = ApiFailure::from(e).into_response();
            // The rest of a refused upload is never read: the connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// Your drafts: files uploaded without an idea, not yet submitted with one
#[utoipa::path(get, path = "/api/attachments", tag = "ideas", operation_id = "listDraftAttachments",
    security(("bearerAuth" = [])),
    responses((status = 200, description = "Oldest first", body = Vec<Attachment>),
        Unauthorized, TooManyRequests, Internal))]
pub async fn drafts(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<Attachment>>, ApiFailure> {
    Ok(Json(attachments::drafts(market.db.exec(), viewer.id).await?))
}

/// Remove a file
///
/// A draft, or a file on your idea while it is still `pending`.
#[utoipa::path(delete, path = "/api/attachments/{id}", tag = "ideas", operation_id = "removeAttachment",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "Removed"),
        Unauthorized, ForbiddenOrBanned, NotFound, Invalid, TooManyRequests, Internal))]
pub async fn remove(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    IdPath(id): IdPath,
) -> Result<StatusCode, ApiFailure> {
    receive::remove(&market, viewer.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
