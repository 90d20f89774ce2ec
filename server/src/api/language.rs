//! `POST /api/me/language`: the member's language of the interface, kept with the account and
//! in the browser's language cookie.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use market::{Market, accounts};
use model::LanguagePreference;

use super::ApiFailure;
use super::extract::{ApiJson, SignedIn};
use super::openapi::errors::*;

/// Choose the language of the interface
///
/// `zh-CN` (the default) or `en`. Kept with the account, so a sign-in elsewhere brings it back,
/// and set as the browser's language cookie. Ideas, plans and the AI analyses stay in the language
/// they were written in.
#[utoipa::path(post, path = "/api/me/language", tag = "auth", operation_id = "setLanguage",
    security(("bearerAuth" = [])), request_body(content = LanguagePreference, example = json!({"language": "en"})),
    responses((status = 200, description = "The user", body = model::Me,
            headers(("Set-Cookie" = String, description = "The language cookie"))),
        BodyErrors, Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn set_language(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(pref): ApiJson<LanguagePreference>,
) -> Result<Response, ApiFailure> {
    let me = accounts::settings::set_language(&market, viewer.id, pref.language).await?;
    let cookie = app::web::language_cookie(pref.language, market.settings.cookie_secure);
    Ok(super::auth::with_cookie(Json(me).into_response(), &cookie))
}
