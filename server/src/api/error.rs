use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use market::MarketError;
use model::{ApiError, ApiErrorBody};

/// An API error response: the status and `{"error": {"code", "message", "fields"?}}`.
#[derive(Debug)]
pub struct ApiFailure {
    status: StatusCode,
    error: ApiError,
    retry_after: Option<u64>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self { status, error: ApiError::new(code, message), retry_after: None }
    }

    /// 503 for a moment's outage of a store, with a hint to retry shortly.
    pub fn unavailable() -> Self {
        Self {
            retry_after: Some(5),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "服务暂时不可用，请稍后重试")
        }
    }
}

impl From<MarketError> for ApiFailure {
    fn from(e: MarketError) -> Self {
        if let MarketError::Internal(cause) = &e {
            // The cause stays in the log (with the request id of the span); the client gets none of it.
            tracing::error!(error = ?cause, "request failed");
        }
        let retry_after = e.retry_after_secs();
        let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self { status, error: e.to_api_error(), retry_after }
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(ApiErrorBody { error: self.error })).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            // The rest of the body was never read, so the connection cannot carry another request.
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

pub async fn not_found() -> ApiFailure {
    ApiFailure::new(StatusCode::NOT_FOUND, "not_found", "没有这个接口")
}

/// A known path asked with a method it does not take; axum keeps the `Allow` header.
pub async fn method_not_allowed() -> ApiFailure {
    ApiFailure::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "该接口不支持这种请求方法")
}
