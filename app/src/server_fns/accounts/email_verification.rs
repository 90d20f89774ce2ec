use leptos::prelude::*;

use crate::error::AppError;

/// Verifies the address the link with `token` was mailed to; returns that address. No session
/// needed: the link may be opened on another device.
#[server]
pub async fn verify_email(token: String) -> Result<String, AppError> {
    use crate::server_fns::request::market;
    Ok(market::accounts::email_verification::verify(&market()?, &token).await?)
}

/// Mails the signed-in member another verification link for their current address.
#[server]
pub async fn resend_verification() -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::accounts::email_verification::resend(&market()?, viewer.id).await?)
}
