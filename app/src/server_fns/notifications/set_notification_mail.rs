use leptos::prelude::*;

use crate::error::AppError;

/// Whether the important notifications are also mailed (a plain form on the settings page).
#[server]
pub async fn set_notification_mail(on: bool) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    market::accounts::settings::set_notify_by_email(&market()?, &viewer, on).await?;
    Ok(())
}
