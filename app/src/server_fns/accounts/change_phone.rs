use leptos::prelude::*;
use model::Me;

use crate::error::AppError;

/// Changes the phone number after the current password and the code sent to the new number.
#[server]
pub async fn change_phone(phone: String, sms_code: String, current_password: String) -> Result<Me, AppError> {
    use crate::server_fns::request::{client_ip, market, require_viewer};
    let market = market()?;
    let viewer = require_viewer().await?;
    let req = model::ChangePhoneRequest { current_password, phone, sms_code };
    Ok(market::accounts::change_phone(&market, &viewer, req, client_ip().await).await?)
}
