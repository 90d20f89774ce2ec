//! Per-request layers: who is asking, metrics, and a trace span carrying the request id.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use market::accounts::{self, Viewer};

use crate::AppState;

/// Resolves the session cookie or Bearer token once, for handlers and server functions alike
/// (they read `Extension<Option<Viewer>>`). A store failure counts as signed out, and is logged.
pub async fn resolve_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let token = app::web::session_token(
        headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()),
        headers.get(COOKIE).and_then(|v| v.to_str().ok()),
        state.market.settings.cookie_secure,
    )
    .map(str::to_owned);
    let viewer: Option<Viewer> = match token {
        None => None,
        Some(token) => accounts::resolve_session(&state.market, &token).await.unwrap_or_else(|e| {
            tracing::error!(error = ?e, "resolving the session failed");
            None
        }),
    };
    let address = req.extensions().get::<app::web::ClientIp>().map(|ip| ip.0);
    if let Some(v) = &viewer
        && req.method() == axum::http::Method::GET
        && is_page(req.uri().path())
    {
        // Only a counter in memory: the analytics never slow a page down.
        state.market.count_page_view(v.id);
    }
    req.extensions_mut().insert(viewer.map(|v| Viewer { address, ..v }));
    next.run(req).await
}

/// Writes the API's errors in the language of the request ([`app::web::answer_language`]), the
/// middleware's own refusals (rate limits, CSRF) included.
pub async fn localize_errors(req: Request, next: Next) -> Response {
    let headers = req.headers();
    let cookie = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| app::web::language_from_cookies(c).is_some());
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let lang = app::web::answer_language(cookie, accept);
    crate::api::localize(next.run(req).await, lang)
}

pub async fn record_metrics(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    // The route pattern, not the raw path, keeps label cardinality bounded.
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    state.metrics.requests.with_label_values(&[&method, &route, &status]).inc();
    state.metrics.latency.with_label_values(&[&method, &route]).observe(started.elapsed().as_secs_f64());
    response
}

/// Bundles under `/pkg/` named after their content may be cached for a year; unhashed ones (a
/// development build) must be revalidated. A name that is not there reaches the not-found page.
pub async fn cache_assets(immutable: bool, req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut response = next.run(req).await;
    if is_asset && response.status().is_success() {
        let policy = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
        response.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static(policy));
    }
    response
}

/// Pages render in a task of their own, so a client that leaves mid-render cannot cut the render
/// short: Leptos' rendering effects would then run on with the page's reactive values already
/// disposed, and panic. The response is simply dropped once complete.
pub async fn render_to_completion(req: Request, next: Next) -> Response {
    let page = !req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/pkg/");
    if !page {
        return next.run(req).await;
    }
    match tokio::spawn(next.run(req)).await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!(error = %e, "rendering a page failed");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// One span per request, carrying the request id into every log line.
pub fn request_span(req: &Request) -> tracing::Span {
    let request_id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id)
}

/// A page a member reads, as opposed to the API, assets, files and probes.
fn is_page(path: &str) -> bool {
    const NOT_PAGES: [&str; 5] = ["/api/", "/pkg/", "/files/", "/payments/", "/.well-known/"];
    !NOT_PAGES.iter().any(|prefix| path.starts_with(prefix))
        && !path.rsplit('/').next().unwrap_or("").contains('.')
        && !matches!(path, "/healthz" | "/readyz" | "/metrics")
}
