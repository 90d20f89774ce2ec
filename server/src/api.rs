//! The REST API under `/api`, for scripts and other clients (the pages use server functions).

mod auth;
mod error;
mod extract;
mod ideas;
mod plans;
mod stream;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get, post};

pub use error::ApiFailure;

use crate::AppState;

pub fn routes(body_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/api/auth/sms-code", post(auth::sms_code))
        .route("/api/auth/register", post(auth::register))
        .route("/api/auth/login", post(auth::login))
        .route("/api/auth/logout", post(auth::logout))
        .route("/api/me", get(auth::me))
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
        .route("/api/{*rest}", any(error::not_found))
        .layer(DefaultBodyLimit::max(body_limit))
}
