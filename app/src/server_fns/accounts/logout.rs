use leptos::prelude::*;

use crate::error::AppError;

/// Ends this browser's session.
#[server]
pub async fn logout() -> Result<(), AppError> {
    use crate::server_fns::request::{market, set_cookie, viewer};
    let market = market()?;
    if let Some(viewer) = viewer().await {
        market::accounts::logout(&market, &viewer).await?;
    }
    set_cookie(&crate::web::clear_session_cookie(market.settings.cookie_secure));
    Ok(())
}
