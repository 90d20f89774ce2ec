//! Registration: an SMS-proved phone, the account with its signup credits, and the inviter's reward.

use chrono::Utc;
use model::{LoginResponse, RegisterRequest, SIGNUP_CREDITS};

use super::{sessions, sms_codes};
use crate::credits::invites;
use crate::credits::{self, Reason, Transfer};
use crate::db::is_unique_violation_on;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute};

/// Creates the account with its signup credits (and the inviter's reward), then signs it in.
#[tracing::instrument(skip_all, fields(username = %req.username))]
pub async fn register(market: &Market, req: RegisterRequest) -> MarketResult<LoginResponse> {
    let req = req.normalized();
    req.validate().map_err(MarketError::Invalid)?;
    sms_codes::check(market, &req.phone, &req.sms_code).await?;
    let hash = market.hasher.hash(req.password.clone()).await?;

    let now = Utc::now();
    let mut tx = market.db.begin().await?;
    let inviter = match &req.invite_code {
        Some(code) => Some(invites::inviter(&mut tx, code).await?),
        None => None,
    };
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO users (username, email, password_hash, phone, credits, invite_code, created_at, terms_version, terms_accepted_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
        &req.username,
        &req.email,
        &hash,
        &req.phone,
        invites::new_code(),
        now,
        req.accept_terms.then_some(model::TERMS_VERSION),
        req.accept_terms.then_some(now)
    );
    let user_id = match inserted {
        Ok(done) => done.last_id,
        Err(e) => {
            for field in ["username", "email", "phone"] {
                if is_unique_violation_on(&e, field) {
                    return Err(MarketError::Duplicate(field));
                }
            }
            return Err(e.into());
        }
    };
    let key = format!("signup:{user_id}");
    credits::transfer(&mut tx, Transfer::issue(user_id, SIGNUP_CREDITS, Reason::SignupBonus, &key)).await?;
    if let Some(inviter) = inviter {
        invites::reward(&mut tx, &market.settings.invites, inviter, user_id).await?;
    }
    tx.commit().await?;
    crate::notifications::announce(market, inviter).await;
    // The code is spent only once the account exists, so a refused attempt can be corrected.
    sms_codes::spend(market, &req.phone).await?;
    tracing::info!(user_id, "registered");
    // A mail that cannot go now is no reason to refuse the account: it is logged, and the member
    // sends another from the settings page.
    let _ = super::email_verification::send(market, user_id, &req.email).await;
    let token = sessions::start(market, user_id).await?;
    Ok(LoginResponse { token, user: super::me(market, user_id).await?, closing_cancelled: false })
}
