//! The REST API under `/api`, for scripts and other clients (the pages use server functions).

mod admin;
mod auth;
mod credits;
mod error;
mod extract;
mod ideas;
mod openapi;
mod plans;
mod stream;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};

pub use error::ApiFailure;
pub use stream::CatchUps;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::AppState;

pub fn routes(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/auth/sms-code", post(auth::sms_code))
        .route("/api/auth/register", post(auth::register))
        .route("/api/auth/login", post(auth::login))
        .route("/api/auth/logout", post(auth::logout))
        .route("/api/auth/password-reset", post(auth::reset_password))
        .route("/api/auth/logout-everywhere", post(auth::logout_everywhere))
        .route("/api/me/password", post(auth::change_password))
        .route("/api/me/email", post(auth::change_email))
        .route("/api/me/phone", post(auth::change_phone))
        .route("/api/me/tokens", get(auth::tokens).post(auth::create_token))
        .route("/api/me/tokens/{id}", axum::routing::delete(auth::revoke_token))
        .route("/api/me", get(auth::me))
        .route("/api/me/export", get(auth::export))
        .route("/api/me/terms", post(auth::accept_terms))
        .route("/api/me/credits", get(credits::mine))
        .route("/api/ideas", get(ideas::list).post(ideas::create))
        .route("/api/ideas/{id}", get(ideas::get))
        .route("/api/ideas/{id}/like", post(ideas::like).delete(ideas::unlike))
        .route("/api/ideas/{id}/bids", get(ideas::bids))
        .route("/api/ideas/{id}/auction", get(ideas::auction))
        .route("/api/ideas/{id}/stream", get(stream::stream))
        .route("/api/ideas/{id}/plans", get(plans::of_idea))
        .route("/api/business-plan/generate", post(plans::generate))
        .route("/api/business-plan/quote", get(plans::quote))
        .route("/api/business-plan/{id}", get(plans::get))
        .route("/api/business-plan/{id}/stream", get(plans::stream))
        .route("/api/business-plan/{id}/markdown", get(plans::markdown))
        .route("/api/admin/users/{id}/credits", post(admin::adjust_credits))
        .route("/api/admin/users/{id}/ban", post(admin::ban).delete(admin::unban))
        .route("/api/openapi.json", get(openapi::spec))
        .route("/api/{*rest}", any(error::not_found))
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
}

/// Browsers on the allowed origins may call the API (with a Bearer token; cookies stay
/// same-site). Without allowed origins, no cross-origin reads at all.
pub fn cors(allowed_origins: &[String]) -> CorsLayer {
    use axum::http::{HeaderName, HeaderValue, Method, header};
    let origins: Vec<HeaderValue> = allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, HeaderName::from_static("idempotency-key")])
        .max_age(std::time::Duration::from_secs(600))
}
