use leptos::prelude::*;

use crate::error::AppError;

/// Sends a registration code to a mainland mobile.
#[server]
pub async fn send_sms_code(phone: String) -> Result<(), AppError> {
    use crate::server_fns::request::{client_ip, market};
    Ok(market::accounts::send_sms_code(&market()?, &phone, client_ip().await).await?)
}
