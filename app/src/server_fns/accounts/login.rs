use leptos::prelude::*;

use crate::error::AppError;

/// Signs in with a username or an email; the browser gets a new session cookie, and the session
/// it came with (if any) ends. True when this sign-in cancelled the account's closing (注销).
#[server]
pub async fn login(login: String, password: String) -> Result<bool, AppError> {
    use crate::server_fns::request::{client_ip, market, set_cookie, viewer};
    let market = market()?;
    let done = market::accounts::login(&market, model::LoginRequest { login, password }, client_ip().await).await?;
    if let Some(previous) = viewer().await {
        market::accounts::logout(&market, &previous).await?;
    }
    let s = &market.settings;
    set_cookie(&crate::web::session_cookie(&done.token, s.cookie_secure, s.session_ttl.as_secs()));
    // The member's language comes back with them, on any browser.
    set_cookie(&crate::web::language_cookie(done.user.language, s.cookie_secure));
    Ok(done.closing_cancelled)
}
