//! `GET /files/{key}` and `GET /files/{key}/thumb`: attachments as the pages show them. Files of
//! visible ideas may be cached by anyone for a year (a key never changes its content); drafts and
//! hidden ideas' files reach only their uploader and admins, and nothing keeps them. Every answer
//! carries `nosniff` and a sandboxing CSP, and PDFs come as downloads.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use market::Market;
use market::attachments::Who;
use market::attachments::read::{self, FileBody};

use crate::AppState;
use crate::api::ApiFailure;
use crate::api::extract::MaybeSignedIn;

pub fn routes() -> Router<AppState> {
    Router::new().route("/files/{key}", get(file)).route("/files/{key}/thumb", get(thumb))
}

async fn file(State(market): State<Market>, viewer: MaybeSignedIn, Path(key): Path<String>) -> Response {
    serve(&market, viewer, &key, false).await
}

async fn thumb(State(market): State<Market>, viewer: MaybeSignedIn, Path(key): Path<String>) -> Response {
    serve(&market, viewer, &key, true).await
}

async fn serve(market: &Market, MaybeSignedIn(viewer): MaybeSignedIn, key: &str, thumb: bool) -> Response {
    let who = viewer.map(|v| Who { id: v.id, admin: v.is_admin });
    let (head, body) = match read::open(market, who, key, thumb).await {
        Ok(found) => found,
        Err(e) => return ApiFailure::from(e).into_response(),
    };
    let mut response = match body {
        FileBody::Redirect(url) => Redirect::temporary(url.as_str()).into_response(),
        FileBody::Stream(stream) => {
            let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(head.size));
            if let Ok(v) = HeaderValue::from_str(&head.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Some(v) = head.disposition.as_deref().and_then(|d| HeaderValue::from_str(d).ok()) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if head.public { "public, max-age=31536000, immutable" } else { "private, no-store" }),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    response
}
