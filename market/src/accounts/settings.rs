//! What a member changes about how they sign in: password, email and phone, each after the
//! current password.

use std::net::IpAddr;

use model::{Me, Msg};

use super::login::Failures;
use super::{Viewer, sessions, sms_codes};
use crate::db::is_unique_violation_on;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_scalar};

/// Changes the password after checking the current one; every other session ends, and the
/// caller gets a fresh one (its token is returned).
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn change_password(
    market: &Market,
    viewer: &Viewer,
    current: String,
    new: String,
    client: Option<IpAddr>,
) -> MarketResult<String> {
    model::validate::password(&new).map_err(|m| MarketError::invalid("newPassword", m))?;
    reauthenticate(market, viewer, current, client).await?;
    let hash = market.hasher.hash(new).await?;
    execute!(
        market.db.exec(),
        "UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 WHERE id = ?",
        hash,
        viewer.id
    )?;
    market.cache.del(&viewer.session_key).await?;
    sessions::start(market, viewer.id).await
}

/// Asks the signed-in user for their password again before a change to how they sign in. Wrong
/// answers count as failed logins of the account, so a stolen session cannot guess it.
pub(super) async fn reauthenticate(
    market: &Market,
    viewer: &Viewer,
    password: String,
    client: Option<IpAddr>,
) -> MarketResult<()> {
    let failures = Failures::check(market, &viewer.username, client).await?;
    let hash: Option<String> = query_scalar!(
        market.db.exec(),
        fetch_optional,
        String,
        "SELECT password_hash FROM users WHERE id = ?",
        viewer.id
    )?;
    if !market.hasher.verify(password, hash).await? {
        failures.count(market).await?;
        return Err(MarketError::invalid(
            "currentPassword",
            Msg::new("当前密码不正确", "The current password is wrong"),
        ));
    }
    Ok(())
}

/// Changes the email address, after the password.
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn change_email(
    market: &Market,
    viewer: &Viewer,
    req: model::ChangeEmailRequest,
    client: Option<IpAddr>,
) -> MarketResult<Me> {
    let email = req.email.trim().to_lowercase();
    model::validate::email(&email).map_err(|m| MarketError::invalid("email", m))?;
    reauthenticate(market, viewer, req.current_password, client).await?;
    let updated = execute!(
        market.db.exec(),
        // First, while `email` is still the old address: MySQL reads assignments left to right.
        "UPDATE users SET email_verified_at = CASE WHEN email = ? THEN email_verified_at END, email = ? WHERE id = ?",
        &email,
        &email,
        viewer.id
    );
    match updated {
        Ok(_) => {
            tracing::info!("email changed");
            let me = super::me(market, viewer.id).await?;
            if !me.email_verified {
                let _ = super::email_verification::send(market, viewer.id, &email).await;
            }
            Ok(me)
        }
        Err(e) if is_unique_violation_on(&e, "email") => Err(MarketError::Duplicate("email")),
        Err(e) => Err(e.into()),
    }
}

/// Changes the phone number, after the password and the code sent to the new number.
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn change_phone(
    market: &Market,
    viewer: &Viewer,
    req: model::ChangePhoneRequest,
    client: Option<IpAddr>,
) -> MarketResult<Me> {
    let phone = model::normalize_phone(&req.phone);
    model::validate::phone(&phone).map_err(|m| MarketError::invalid("phone", m))?;
    model::validate::sms_code(&req.sms_code).map_err(|m| MarketError::invalid("smsCode", m))?;
    reauthenticate(market, viewer, req.current_password, client).await?;
    sms_codes::check(market, &phone, &req.sms_code).await?;
    let updated = execute!(market.db.exec(), "UPDATE users SET phone = ? WHERE id = ?", &phone, viewer.id);
    match updated {
        Ok(_) => {
            sms_codes::spend(market, &phone).await?;
            tracing::info!("phone changed");
            super::me(market, viewer.id).await
        }
        Err(e) if is_unique_violation_on(&e, "phone") => Err(MarketError::Duplicate("phone")),
        Err(e) => Err(e.into()),
    }
}

/// Whether the important notifications are also mailed. They go only to a verified address, so
/// the choice can be made before verifying and takes effect with it.
pub async fn set_notify_by_email(market: &Market, viewer: &Viewer, on: bool) -> MarketResult<Me> {
    execute!(market.db.exec(), "UPDATE users SET notify_by_email = ? WHERE id = ?", on, viewer.id)?;
    super::me(market, viewer.id).await
}

/// The language of the interface; a sign-in on another browser brings it back.
pub async fn set_language(market: &Market, user_id: i64, language: model::Lang) -> MarketResult<Me> {
    execute!(market.db.exec(), "UPDATE users SET language = ? WHERE id = ?", language.tag(), user_id)?;
    super::me(market, user_id).await
}
