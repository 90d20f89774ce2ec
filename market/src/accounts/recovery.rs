//! A forgotten password: reset by an SMS code to the account's phone, under the same limits as
//! every SMS code. The reset ends every session and personal API token of the account.

use model::{Msg, ResetPasswordRequest};

use super::sms_codes;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute};

/// Sets the new password of the person whose phone the code proves; their sessions and API
/// tokens end (the session epoch moves on), so whoever knew the old password is out.
#[tracing::instrument(skip_all)]
pub async fn reset_password(market: &Market, req: ResetPasswordRequest) -> MarketResult<()> {
    let req = req.normalized();
    req.validate().map_err(MarketError::Invalid)?;
    sms_codes::check(market, &req.phone, &req.sms_code).await?;
    let hash = market.hasher.hash(req.new_password).await?;
    let reset = execute!(
        market.db.exec(),
        "UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE phone = ? AND role IN ('user', 'admin')",
        hash,
        &req.phone
    )?;
    if reset.rows == 0 {
        return Err(MarketError::invalid(
            "phone",
            Msg::new("这个手机号没有注册账号", "No account is registered with this phone number"),
        ));
    }
    // Spent only once the password is set, so a refused attempt can be corrected.
    sms_codes::spend(market, &req.phone).await?;
    tracing::info!("password reset by SMS");
    Ok(())
}
