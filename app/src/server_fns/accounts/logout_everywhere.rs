use leptos::prelude::*;

use crate::error::AppError;

/// Ends every session and API token of the member, this browser's included.
#[server]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer, set_cookie};
    let market = market()?;
    let viewer = require_viewer().await?;
    market::accounts::logout_everywhere(&market, viewer.id).await?;
    set_cookie(&crate::web::clear_session_cookie(market.settings.cookie_secure));
    Ok(())
}
