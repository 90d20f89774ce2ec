use axum::Json;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use market::MarketError;
use model::{ApiError, ApiErrorBody, Lang, Msg};

/// An API error response: the status and `{"error": {"code", "message", "fields"?}}`, written in
/// both languages; [`localize`] answers in the request's.
#[derive(Debug)]
pub struct ApiFailure {
    status: StatusCode,
    zh: ApiError,
    en: ApiError,
    retry_after: Option<u64>,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &str, message: Msg) -> Self {
        let error = |lang| ApiError::new(code, message.get(lang));
        Self { status, zh: error(Lang::Zh), en: error(Lang::En), retry_after: None }
    }

    /// 503 for a moment's outage of a store, with a hint to retry shortly.
    pub fn unavailable() -> Self {
        let message =
            Msg::new("服务暂时不可用，请稍后重试", "The service is briefly unavailable; please try again soon");
        Self { retry_after: Some(5), ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message) }
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
        Self { status, zh: e.to_api_error(Lang::Zh), en: e.to_api_error(Lang::En), retry_after }
    }
}

/// The English body of an error response, kept aside for [`localize`]; the body itself is Chinese.
#[derive(Debug, Clone)]
struct English(ApiError);

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(ApiErrorBody { error: self.zh })).into_response();
        response.extensions_mut().insert(English(self.en));
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

/// Writes an error response in `lang`: a response from [`ApiFailure`] is Chinese unless asked for
/// English; any other response passes unchanged.
pub fn localize(mut response: Response, lang: Lang) -> Response {
    let Some(English(error)) = response.extensions_mut().remove::<English>() else {
        return response;
    };
    if lang == Lang::Zh {
        return response;
    }
    let Ok(json) = serde_json::to_vec(&ApiErrorBody { error }) else {
        return response;
    };
    let (mut parts, _chinese) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(json))
}

pub async fn not_found() -> ApiFailure {
    ApiFailure::new(StatusCode::NOT_FOUND, "not_found", Msg::new("没有这个接口", "There is no such endpoint"))
}

/// A known path asked with a method it does not take; axum keeps the `Allow` header.
pub async fn method_not_allowed() -> ApiFailure {
    let message = Msg::new("该接口不支持这种请求方法", "This endpoint does not take this method");
    ApiFailure::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body(response: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    #[tokio::test]
    async fn a_failure_answers_in_the_language_asked_for() {
        let failure = || ApiFailure::from(MarketError::RateLimited { retry_after_secs: 42 });
        let zh = localize(failure().into_response(), Lang::Zh);
        assert_eq!(zh.headers()[header::RETRY_AFTER], "42");
        assert_eq!(body(zh).await["error"]["message"], "操作太频繁，请 42 秒后再试");
        let en = localize(failure().into_response(), Lang::En);
        assert_eq!(en.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(en.headers()[header::RETRY_AFTER], "42", "the headers stay");
        assert_eq!(body(en).await["error"]["message"], "Too many requests: try again in 42 s");
        let other = localize((StatusCode::OK, "fine").into_response(), Lang::En);
        assert_eq!(axum::body::to_bytes(other.into_body(), 64).await.unwrap_or_default(), "fine");
    }
}
