use app::web::ClientIp;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use market::{Market, accounts};
use model::{LoginRequest, LoginResponse, Me, RegisterRequest, SmsCodeRequest, SmsCodeSent};

use super::ApiFailure;
use super::extract::{ApiJson, MaybeSignedIn, SignedIn};
use super::openapi::errors::*;
use super::openapi::params;

/// Send a 6-digit code to a mainland mobile
///
/// For registration, a new phone number or a forgotten password. At most one code per phone per
/// minute and 10 per day (429 with `Retry-After`). The phone may be typed with spaces, dashes or
/// a `+86` prefix.
#[utoipa::path(post, path = "/api/auth/sms-code", tag = "auth", operation_id = "sendSmsCode",
    request_body(content = SmsCodeRequest, example = json!({"phone": "13800138000"})),
    responses((status = 200, description = "The code was sent", body = SmsCodeSent),
        BodyErrors, Forbidden, TooManyRequests, Internal, SmsFailed))]
pub async fn sms_code(
    State(market): State<Market>,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<SmsCodeRequest>,
) -> Result<Json<SmsCodeSent>, ApiFailure> {
    accounts::send_sms_code(&market, &req.phone, client.map(|c| c.0.0)).await?;
    Ok(Json(SmsCodeSent { sent: true, resend_after_seconds: market.settings.sms_resend_after.as_secs() }))
}

/// Adds a `Set-Cookie` header to an answer.
pub(super) fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// The answer to register and login: the token in the body, the same session as a cookie. A
/// sign-in (`restore_language`) also brings back the member's language as the browser's
/// language cookie; a new account has not chosen one.
fn signed_in(market: &Market, status: StatusCode, done: LoginResponse, restore_language: bool) -> Response {
    let s = &market.settings;
    let session = app::web::session_cookie(&done.token, s.cookie_secure, s.session_ttl.as_secs());
    let language = restore_language.then(|| app::web::language_cookie(done.user.language, s.cookie_secure));
    let response = with_cookie((status, Json(done)).into_response(), &session);
    match language {
        Some(cookie) => with_cookie(response, &cookie),
        None => response,
    }
}

/// The same answer, with the session cookie cleared (the browser is signed out).
fn signed_out(market: &Market, response: Response) -> Response {
    with_cookie(response, &app::web::clear_session_cookie(market.settings.cookie_secure))
}

/// Create an account (1000 credits) and sign in
///
/// Needs the SMS code sent to `phone`; five wrong codes void it. Answers with a Bearer token and
/// sets the same session as a cookie.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", operation_id = "register",
    request_body(content = RegisterRequest, example = json!({"username": "tea_lover", "email": "tea@example.com",
        "password": "tea-garden-2026", "phone": "13800138001", "smsCode": "123456"})),
    responses((status = 201, description = "Registered and signed in", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The session cookie (see `bearerAuth`)"))),
        BodyErrors, Forbidden, Duplicate, TooManyRequests, Internal))]
pub async fn register(
    State(market): State<Market>,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> Result<Response, ApiFailure> {
    let done = accounts::register(&market, req).await?;
    Ok(signed_in(&market, StatusCode::CREATED, done, false))
}

/// Sign in with a username or email and the password
///
/// A new session; the one the request came with (if any) ends. Ten failed tries for one account
/// name within 15 minutes make further tries wait (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", operation_id = "login",
    request_body(content = LoginRequest, example = json!({"login": "tea_lover", "password": "tea-garden-2026"})),
    responses((status = 200, description = "Signed in", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The session cookie (see `bearerAuth`)"))),
        BodyErrors, BadCredentials, ForbiddenOrBanned, TooManyRequests, Internal))]
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
    Ok(signed_in(&market, StatusCode::OK, done, true))
}

/// End this session
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", operation_id = "logout", security(("bearerAuth" = [])),
    responses((status = 204, description = "Signed out; the session cookie is cleared",
            headers(("Set-Cookie" = String, description = "The session cookie (see `bearerAuth`)"))),
        Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn logout(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Response, ApiFailure> {
    accounts::logout(&market, &viewer).await?;
    Ok(signed_out(&market, StatusCode::NO_CONTENT.into_response()))
}

/// End every session of the user, on every device, this one included
#[utoipa::path(post, path = "/api/auth/logout-everywhere", tag = "auth", operation_id = "logoutEverywhere",
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Signed out everywhere; the session cookie is cleared",
            headers(("Set-Cookie" = String, description = "The session cookie (see `bearerAuth`)"))),
        Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn logout_everywhere(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, ApiFailure> {
    accounts::logout_everywhere(&market, viewer.id).await?;
    Ok(signed_out(&market, StatusCode::NO_CONTENT.into_response()))
}

/// Set a new password for a forgotten one, with an SMS code to the account's phone
///
/// Send the code with `POST /api/auth/sms-code` first (the same limits apply). Every session and
/// personal API token of the account ends; sign in again with the new password.
#[utoipa::path(post, path = "/api/auth/password-reset", tag = "auth", operation_id = "resetPassword",
    request_body(content = model::ResetPasswordRequest,
        example = json!({"phone": "13800138001", "smsCode": "123456", "newPassword": "new-tea-garden-2027"})),
    responses((status = 204, description = "The password is set; every session and API token of the account has ended"),
        BodyErrors, Forbidden, TooManyRequests, Internal))]
pub async fn reset_password(
    State(market): State<Market>,
    ApiJson(req): ApiJson<model::ResetPasswordRequest>,
) -> Result<StatusCode, ApiFailure> {
    accounts::reset_password(&market, req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password
///
/// Needs the current password (else 422 on `currentPassword`). Every other session ends; this one
/// is replaced by the new token and cookie in the answer.
#[utoipa::path(post, path = "/api/me/password", tag = "auth", operation_id = "changePassword", security(("bearerAuth" = [])),
    request_body(content = model::ChangePasswordRequest,
        example = json!({"currentPassword": "tea-garden-2026", "newPassword": "green-tea-garden-2027"})),
    responses((status = 200, description = "Changed; signed in with a fresh session", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The session cookie (see `bearerAuth`)"))),
        BodyErrors, Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn change_password(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangePasswordRequest>,
) -> Result<Response, ApiFailure> {
    let client = client.map(|c| c.0.0);
    let token = accounts::change_password(&market, &viewer, req.current_password, req.new_password, client).await?;
    let done = LoginResponse { token, user: accounts::me(&market, viewer.id).await?, closing_cancelled: false };
    Ok(signed_in(&market, StatusCode::OK, done, true))
}

/// Change the email address
///
/// Needs the current password again (else 422 on `currentPassword`; wrong passwords count as
/// failed logins). 409 when another account has the address.
#[utoipa::path(post, path = "/api/me/email", tag = "auth", operation_id = "changeEmail", security(("bearerAuth" = [])),
    request_body(content = model::ChangeEmailRequest,
        example = json!({"currentPassword": "tea-garden-2026", "email": "new@example.com"})),
    responses((status = 200, description = "Changed", body = Me),
        BodyErrors, Unauthorized, Forbidden, Duplicate, TooManyRequests, Internal))]
pub async fn change_email(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangeEmailRequest>,
) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::change_email(&market, &viewer, req, client.map(|c| c.0.0)).await?))
}

/// Change the phone number
///
/// Needs the current password again and the code sent to the new number by
/// `POST /api/auth/sms-code` (else 422 on `currentPassword` or `smsCode`). 409 when another account
/// has the number.
#[utoipa::path(post, path = "/api/me/phone", tag = "auth", operation_id = "changePhone", security(("bearerAuth" = [])),
    request_body(content = model::ChangePhoneRequest,
        example = json!({"currentPassword": "tea-garden-2026", "phone": "13900139000", "smsCode": "123456"})),
    responses((status = 200, description = "Changed", body = Me),
        BodyErrors, Unauthorized, Forbidden, Duplicate, TooManyRequests, Internal))]
pub async fn change_phone(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::ChangePhoneRequest>,
) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::change_phone(&market, &viewer, req, client.map(|c| c.0.0)).await?))
}

/// Verify an email address with the token of the link mailed to it
///
/// The link (`/verify-email?token=…`, valid 24 hours, once) is mailed at registration and at
/// every change of address; it works for the address it was sent to only, and needs no session.
#[utoipa::path(post, path = "/api/auth/verify-email", tag = "auth", operation_id = "verifyEmail",
    request_body(content = model::VerifyEmailRequest, example = json!({"token": "3f2a…"})),
    responses((status = 200, description = "Verified", body = model::EmailVerified),
        BodyErrors, Forbidden, TooManyRequests, Internal))]
pub async fn verify_email(
    State(market): State<Market>,
    ApiJson(req): ApiJson<model::VerifyEmailRequest>,
) -> Result<Json<model::EmailVerified>, ApiFailure> {
    let email = accounts::email_verification::verify(&market, &req.token).await?;
    Ok(Json(model::EmailVerified { email }))
}

/// Send the verification link again
///
/// To the member's current address, at most once a minute; 422 when it is verified already.
#[utoipa::path(post, path = "/api/me/email/verification", tag = "auth", operation_id = "resendVerification",
    security(("bearerAuth" = [])),
    responses((status = 204, description = "Sent"), Unauthorized, Forbidden, Invalid, TooManyRequests, Internal))]
pub async fn resend_verification(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<StatusCode, ApiFailure> {
    accounts::email_verification::resend(&market, viewer.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Close your account (注销)
///
/// After the current password: every session and API token ends at once, and 7 days later the
/// account's personal data is erased (its ideas and plans stay, shown as by `已注销用户·<id>`; the
/// balance goes back to the platform). Signing in before then cancels it (`closing_cancelled` in
/// the login answer).
#[utoipa::path(post, path = "/api/me/close", tag = "auth", operation_id = "closeAccount", security(("bearerAuth" = [])),
    request_body(content = model::CloseAccountRequest, example = json!({"currentPassword": "tea-garden-2026"})),
    responses((status = 202, description = "Scheduled; signed out everywhere", body = model::ClosingScheduled,
            headers(("Set-Cookie" = String, description = "The session cookie, cleared"))),
        BodyErrors, Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn close_account(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    client: Option<Extension<ClientIp>>,
    ApiJson(req): ApiJson<model::CloseAccountRequest>,
) -> Result<Response, ApiFailure> {
    let client = client.map(|c| c.0.0);
    let scheduled = accounts::closing::request(&market, &viewer, req.current_password, client).await?;
    Ok(signed_out(&market, (StatusCode::ACCEPTED, Json(scheduled)).into_response()))
}

/// The signed-in user with the credit balance
#[utoipa::path(get, path = "/api/me", tag = "auth", operation_id = "getMe", security(("bearerAuth" = [])),
    responses((status = 200, description = "The user", body = Me), Unauthorized, TooManyRequests, Internal))]
pub async fn me(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::me(&market, viewer.id).await?))
}

/// Everything the market holds about the signed-in member, as one JSON file
///
/// The account, API tokens (names only), the member's ideas, likes, business plans with their
/// content, and every ledger row. Sent as an attachment named `ai-market-<username>.json`.
#[utoipa::path(get, path = "/api/me/export", tag = "auth", operation_id = "exportMyData", security(("bearerAuth" = [])),
    responses((status = 200, description = "The export", body = model::AccountExport,
            headers(("Content-Disposition" = String, description = "`attachment`, named `ai-market-<username>.json`"))),
        Unauthorized, TooManyRequests, Internal))]
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

/// Accept the 用户协议 and 隐私政策 in force
///
/// Records the version (`model::TERMS_VERSION`) and the time. A member who accepted an older
/// version (or registered without `acceptTerms`) is asked on the pages until they do.
#[utoipa::path(post, path = "/api/me/terms", tag = "auth", operation_id = "acceptTerms", security(("bearerAuth" = [])),
    responses((status = 200, description = "Accepted; the user, with `terms_accepted` true", body = Me),
        Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn accept_terms(State(market): State<Market>, SignedIn(viewer): SignedIn) -> Result<Json<Me>, ApiFailure> {
    Ok(Json(accounts::accept_terms(&market, viewer.id).await?))
}

/// Your live personal API tokens, newest first (never their secrets)
#[utoipa::path(get, path = "/api/me/tokens", tag = "auth", operation_id = "listApiTokens", security(("bearerAuth" = [])),
    responses((status = 200, description = "The tokens", body = Vec<model::ApiTokenView>),
        Unauthorized, TooManyRequests, Internal))]
pub async fn tokens(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<model::ApiTokenView>>, ApiFailure> {
    Ok(Json(market::accounts::tokens::list(&market, viewer.id).await?))
}

/// Create a personal API token for scripts (at most 20 live)
///
/// The secret (`aim_` and 64 hex digits) is in this answer only; send it as a Bearer token.
#[utoipa::path(post, path = "/api/me/tokens", tag = "auth", operation_id = "createApiToken", security(("bearerAuth" = [])),
    request_body(content = model::NewApiToken, example = json!({"name": "nightly export"})),
    responses((status = 201, description = "The token, with its secret", body = model::CreatedApiToken),
        BodyErrors, Unauthorized, Forbidden, TooManyRequests, Internal))]
pub async fn create_token(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    ApiJson(req): ApiJson<model::NewApiToken>,
) -> Result<(StatusCode, Json<model::CreatedApiToken>), ApiFailure> {
    Ok((StatusCode::CREATED, Json(market::accounts::tokens::create(&market, viewer.id, &req.name).await?)))
}

/// Revoke one of your API tokens
#[utoipa::path(delete, path = "/api/me/tokens/{id}", tag = "auth", operation_id = "revokeApiToken",
    security(("bearerAuth" = [])), params(params::Id),
    responses((status = 204, description = "Revoked"), Unauthorized, Forbidden, NotFound, TooManyRequests, Internal))]
pub async fn revoke_token(
    State(market): State<Market>,
    SignedIn(viewer): SignedIn,
    super::extract::IdPath(id): super::extract::IdPath,
) -> Result<StatusCode, ApiFailure> {
    market::accounts::tokens::revoke(&market, viewer.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
