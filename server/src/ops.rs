//! Liveness, readiness and metrics for the load balancer and Prometheus.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::AppState;
use crate::metrics::Scrape;

pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database and the cache (Redis, if configured) answer.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let db = state.market.db.ping().await.map_err(|e| e.to_string());
    let cache = state.market.cache.ping().await.map_err(|e| e.to_string());
    let ok = db.is_ok() && cache.is_ok();
    if let (Err(e), _) | (_, Err(e)) = (&db, &cache) {
        tracing::warn!(error = %e, "not ready");
    }
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = json!({
        "ready": ok,
        "database": { "backend": state.market.db.backend(), "ok": db.is_ok() },
        "cache": { "backend": state.market.cache.backend(), "ok": cache.is_ok() },
    });
    (status, axum::Json(body))
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let market = &state.market;
    let gauges = market::stats::gauges(market, chrono::Utc::now())
        .await
        .inspect_err(|e| tracing::warn!(error = ?e, "reading the market's gauges failed"))
        .ok();
    let cache_up = market.cache.ping().await.is_ok();
    let scrape = Scrape { db: &market.db, gauges, sse_streams: state.live.open(), cache_up };
    let mut text = state.metrics.render(scrape);
    text.push_str(&market.providers.metrics_text());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}
