//! The REST API under `/api`, for scripts and other clients (the pages use server functions).

mod auth;
mod error;
mod extract;
mod ideas;
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
        .route("/api/{*rest}", any(error::not_found))
        .layer(DefaultBodyLimit::max(body_limit))
}
