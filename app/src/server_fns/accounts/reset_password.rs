use leptos::prelude::*;

use crate::error::AppError;

/// Resets a forgotten password with the code sent to the account's phone.
#[server]
pub async fn reset_password(phone: String, sms_code: String, new_password: String) -> Result<(), AppError> {
    use crate::server_fns::request::market;
    let req = model::ResetPasswordRequest { phone, sms_code, new_password };
    Ok(market::accounts::reset_password(&market()?, req).await?)
}
