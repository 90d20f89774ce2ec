use leptos::prelude::*;
use model::ClosingScheduled;

use crate::error::AppError;

/// Closes the member's account (注销) after the current password: every session and API token
/// ends now, this browser's cookie is cleared, and the data is erased after the cooling-off
/// unless they sign in before.
#[server]
pub async fn close_account(current_password: String) -> Result<ClosingScheduled, AppError> {
    use crate::server_fns::request::{client_ip, market, require_viewer, set_cookie};
    let market = market()?;
    let viewer = require_viewer().await?;
    let scheduled = market::accounts::closing::request(&market, &viewer, current_password, client_ip().await).await?;
    set_cookie(&crate::web::clear_session_cookie(market.settings.cookie_secure));
    Ok(scheduled)
}
