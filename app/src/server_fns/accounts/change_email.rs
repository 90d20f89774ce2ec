use leptos::prelude::*;
use model::Me;

use crate::error::AppError;

/// Changes the email address after the current password.
#[server]
pub async fn change_email(email: String, current_password: String) -> Result<Me, AppError> {
    use crate::server_fns::request::{client_ip, market, require_viewer};
    let market = market()?;
    let viewer = require_viewer().await?;
    let req = model::ChangeEmailRequest { current_password, email };
    Ok(market::accounts::change_email(&market, &viewer, req, client_ip().await).await?)
}
