use app::web::ClientIp;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use market::{Market, accounts};
use model::{LoginRequest, LoginResponse, Me, RegisterRequest, SmsCodeRequest};
use serde_json::json;

use super::ApiFailure;
use super::extract::{ApiJson, MaybeSignedIn, SignedIn};

pub async fn sms_code(
    State(market): State<Market>,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<SmsCodeRequest>,
) -> Result<impl IntoResponse, ApiFailure> {
    accounts::send_sms_code(&market, &req.phone, client.map(|c| c.0.0)).await?;
    Ok(Json(json!({ "sent": true, "resendAfterSeconds": market.settings.sms_resend_after.as_secs() })))
}

/// The answer to register and login: the token in the body, the same session as a cookie.
fn signed_in(market: &Market, status: StatusCode, done: LoginResponse) -> Response {
    let s = &market.settings;
    let cookie = app::web::session_cookie(&done.token, s.cookie_secure, s.session_ttl.as_secs());
    let mut response = (status, Json(done)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub async fn register(
    State(market): State<Market>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<Response, ApiFailure> {
    let done = accounts::register(&market, req).await?;
    Ok(signed_in(&market, StatusCode::CREATED, done))
}

/// A new session; the one the request came with (if any) ends.
pub async fn login(
    State(market): State<Market>,
    client: Option<Extension<ClientIp>>,
    MaybeSignedIn(previous): MaybeSignedIn,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiFailure> {
    let done = accounts::login(&market, req, client.map(|c| c.0.0)).await?;
    if let Some(previous) = previous {
        accounts::logout(&market, &previous).await?;
    }
    Ok(signed_in(&market, StatusCode::OK, done))
}

pub async fn logout(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Response, ApiFailure> {
    accounts::logout(&market, &viewer).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&app::web::clear_session_cookie(market.settings.cookie_secure)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// Ends every session of the user, this one included.
pub async fn logout_everywhere(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, ApiFailure> {
    accounts::logout_everywhere(&market, viewer.id).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&app::web::clear_session_cookie(market.settings.cookie_secure)) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// `{phone, smsCode, newPassword}`: a forgotten password, reset by a code sent to the account's
/// phone; every session and API token of the account ends.
pub async fn reset_password(
    State(market): State<Market>,
    ApiJson(req): ApiJson<model::ResetPasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    accounts::reset_password(&market, req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `{currentPassword, newPassword}`: every other session ends; this one is renewed.
pub async fn change_password(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangePasswordRequest>,
) -> Result<Response, ApiFailure> {
    let client = client.map(|c| c.0.0);
    let token = accounts::change_password(&market, &viewer, req.current_password, req.new_password, client).await?;
    let done = LoginResponse { token, user: accounts::me(&market, viewer.id).await? };
    Ok(signed_in(&market, StatusCode::OK, done))
}

/// `{currentPassword, email}`: the password again, then the new address.
pub async fn change_email(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangeEmailRequest>,
) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::change_email(&market, &viewer, req, client.map(|c| c.0.0)).await?))
}

/// `{currentPassword, phone, smsCode}`: the password again, then the code sent to the new number.
pub async fn change_phone(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangePhoneRequest>,
) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::change_phone(&market, &viewer, req, client.map(|c| c.0.0)).await?))
}

pub async fn me(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::me(&market, viewer.id).await?))
}

/// Everything the market holds about the member, as a JSON file to keep
/// (`ai-market-<username>.json`).
pub async fn export(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Response, ApiFailure> {
    let data = market::export::everything(&market, viewer.id).await?;
    let name = model::url::percent_encode(&format!("ai-market-{}.json", viewer.username));
    let disposition = format!("attachment; filename=\"ai-market-export.json\"; filename*=UTF-8''{name}");
    let mut response = Json(data).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The member accepts the 用户协议 and 隐私政策 in force (`model::TERMS_VERSION`).
pub async fn accept_terms(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::accept_terms(&market, viewer.id).await?))
}

/// The user's personal API tokens (never their secrets).
pub async fn tokens(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<model::ApiTokenView>>, ApiFailure> {
    Ok(Json(market::accounts::tokens::list(&market, viewer.id).await?))
}

/// Creates a token; its secret is in this answer only.
pub async fn create_token(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(req): ApiJson<model::NewApiToken>,
) -> Result<(StatusCode, Json<model::CreatedApiToken>), ApiFailure> {
    Ok((StatusCode::CREATED, Json(market::accounts::tokens::create(&market, viewer.id, &req.name).await?)))
}

pub async fn revoke_token(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    super::extract::IdPath(id): super::extract::IdPath,
) -> Result<StatusCode, ApiFailure> {
    market::accounts::tokens::revoke(&market, viewer.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
