use leptos::prelude::*;

use crate::error::AppError;

/// Changes the password after the current one; every other session and API token ends, and this
/// browser gets a fresh session cookie.
#[server]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::server_fns::request::{client_ip, market, require_viewer, set_cookie};
    let market = market()?;
    let viewer = require_viewer().await?;
    let token =
        market::accounts::change_password(&market, &viewer, current_password, new_password, client_ip().await).await?;
    let s = &market.settings;
    set_cookie(&crate::web::session_cookie(&token, s.cookie_secure, s.session_ttl.as_secs()));
    Ok(())
}
