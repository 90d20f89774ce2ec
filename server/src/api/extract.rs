//! Extractors whose rejections are JSON errors in the API's shape, in both languages.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use model::Msg;
use serde::de::DeserializeOwned;

use super::ApiFailure;

/// A JSON body: 400 when malformed, 413 when too large, 415 without a JSON content type,
/// 422 when a field is missing or of the wrong type.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiFailure {
    let status = rejection.status();
    let (code, message) = match (rejection, status) {
        (_, StatusCode::PAYLOAD_TOO_LARGE) => ("too_large", Msg::new("请求内容过大", "The request is too large")),
        (JsonRejection::MissingJsonContentType(_), _) => (
            "unsupported_media_type",
            Msg::new("请求需使用 Content-Type: application/json", "The request needs Content-Type: application/json"),
        ),
        (JsonRejection::JsonDataError(e), _) => (
            "invalid_field",
            Msg::new(
                format!("字段缺失或类型不正确：{}", e.body_text()),
                format!("A field is missing or of the wrong type: {}", e.body_text()),
            ),
        ),
        (JsonRejection::JsonSyntaxError(_), _) => {
            ("malformed", Msg::new("请求不是合法的 JSON", "The request is not valid JSON"))
        }
        _ => ("malformed", Msg::new("无法读取请求内容", "The request could not be read")),
    };
    let status = match status {
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY => status,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiFailure::new(status, code, message)
}

/// A numeric id in the path; anything else is a 404, as no such resource can exist.
pub struct IdPath(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IdPath {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let not_found = || ApiFailure::new(StatusCode::NOT_FOUND, "not_found", Msg::new("找不到该内容", "Not found"));
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(raw)) => {
                raw.parse::<i64>().ok().filter(|id| *id > 0).map(Self).ok_or_else(not_found)
            }
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(not_found()),
            Err(_) => Err(not_found()),
        }
    }
}

/// The signed-in viewer, or 401.
pub struct SignedIn(pub market::accounts::Viewer);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Option<market::accounts::Viewer>>()
            .cloned()
            .flatten()
            .map(Self)
            .ok_or_else(|| market::MarketError::Unauthorized.into())
    }
}

/// The viewer if signed in.
pub struct MaybeSignedIn(pub Option<market::accounts::Viewer>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<Option<market::accounts::Viewer>>().cloned().flatten()))
    }
}
