//! The REST API under `/api`, for scripts and other clients (the pages use server functions).

mod admin;
mod attachments;
mod auth;
mod credits;
mod error;
pub(crate) mod extract;
mod ideas;
mod language;
mod moderation;
mod notifications;
mod openapi;
mod orders;
mod plans;
mod profiles;
mod stream;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::any;

pub use error::{ApiFailure, localize};
pub use stream::CatchUps;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// Every route of the API with its description: `routes!` registers a handler and its
/// `#[utoipa::path]` together, so nothing is served that the description leaves out.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(auth::sms_code))
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::reset_password))
        .routes(routes!(auth::logout_everywhere))
        .routes(routes!(auth::change_password))
        .routes(routes!(auth::change_email))
        .routes(routes!(auth::change_phone))
        .routes(routes!(auth::tokens, auth::create_token))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(auth::me))
        .routes(routes!(auth::export))
        .routes(routes!(auth::accept_terms))
        .routes(routes!(auth::close_account))
        .routes(routes!(auth::verify_email))
        .routes(routes!(auth::resend_verification))
        .routes(routes!(credits::mine))
        .routes(routes!(profiles::mine))
        .routes(routes!(profiles::author))
        .routes(routes!(ideas::list, ideas::create))
        .routes(routes!(ideas::get))
        .routes(routes!(ideas::featured))
        .routes(routes!(attachments::upload, attachments::drafts))
        .routes(routes!(attachments::remove))
        .routes(routes!(ideas::like, ideas::unlike))
        .routes(routes!(ideas::bids))
        .routes(routes!(ideas::auction))
        .routes(routes!(stream::stream))
        .routes(routes!(plans::of_idea))
        .routes(routes!(plans::generate))
        .routes(routes!(plans::quote))
        .routes(routes!(plans::get))
        .routes(routes!(plans::stream))
        .routes(routes!(plans::markdown))
        .routes(routes!(admin::adjust_credits))
        .routes(routes!(admin::ban, admin::unban))
        .routes(routes!(admin::audit))
        .routes(routes!(admin::users))
        .routes(routes!(admin::user))
        .routes(routes!(moderation::report_idea))
        .routes(routes!(moderation::report_plan))
        .routes(routes!(moderation::queue))
        .routes(routes!(moderation::decide))
        .routes(routes!(moderation::hide_idea, moderation::unhide_idea))
        .routes(routes!(moderation::feature_idea, moderation::unfeature_idea))
        .routes(routes!(notifications::list))
        .routes(routes!(notifications::unread))
        .routes(routes!(notifications::stream))
        .routes(routes!(notifications::read_one))
        .routes(routes!(notifications::read_all))
        .routes(routes!(notifications::watching, notifications::watch, notifications::unwatch))
        .routes(routes!(notifications::mail_preference))
        .routes(routes!(language::set_language))
        .routes(routes!(orders::packages))
        .routes(routes!(orders::list, orders::create))
        .routes(routes!(orders::get))
        .routes(routes!(orders::confirm))
        .routes(routes!(orders::refund))
        .routes(routes!(orders::daily))
        .routes(routes!(openapi::spec))
}

/// The OpenAPI description of [`routes`], served at `/api/openapi.json`.
pub fn description() -> utoipa::openapi::OpenApi {
    documented().into_openapi()
}

pub fn routes(body_limit: usize) -> Router<AppState> {
    let (api, _) = documented().split_for_parts();
    api.route("/api/{*rest}", any(error::not_found))
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
