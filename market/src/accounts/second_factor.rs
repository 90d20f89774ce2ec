//! The admins' second factor: TOTP (RFC 6238; six digits every 30 seconds, HMAC-SHA-1, one step
//! of skew either way), which every authenticator app speaks. Where it is required
//! (`Settings::admin_second_factor`, production), an admin's session has admin powers only after
//! a code (`sessions` records it), and API tokens never do. A code counts once: the step it
//! belongs to must be later than the last one accepted. Wrong codes are limited like passwords.

use std::time::Duration;

use chrono::Utc;
use model::{Msg, SecondFactorSetup, SecondFactorState};
use totp_rs::{Builder, Secret, Totp};

use super::{Viewer, sessions};
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as};

const ISSUER: &str = "AI创意交易市场";
/// Wrong codes allowed per admin in [`FAILURE_WINDOW`].
const FAILURES: i64 = 5;
const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(sqlx::FromRow)]
struct Factor {
    role: String,
    username: String,
    totp_secret: Option<String>,
    enrolled: bool,
}

async fn factor(market: &Market, viewer: &Viewer) -> MarketResult<Factor> {
    let factor = query_as!(
        market.db.exec(),
        fetch_optional,
        Factor,
        "SELECT role, username, totp_secret, totp_enabled_at IS NOT NULL AS enrolled FROM users WHERE id = ?",
        viewer.id
    )?
    .ok_or(MarketError::Unauthorized)?;
    // Only people with the admin role have a second factor to give.
    if factor.role != "admin" {
        return Err(MarketError::Forbidden);
    }
    Ok(factor)
}

fn totp(secret: &str, username: &str) -> MarketResult<Totp> {
    let secret =
        Secret::try_from_base32(secret).map_err(|e| anyhow::anyhow!("a stored TOTP secret is not base32: {e:?}"))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(ISSUER))
        .with_account_name(username)
        .build()
        .map_err(|e| MarketError::Internal(anyhow::anyhow!("building the TOTP: {e:?}")))
}

/// Where the admin stands: whether a code is required, set up, given on this session.
pub async fn state(market: &Market, viewer: &Viewer) -> MarketResult<SecondFactorState> {
    let factor = factor(market, viewer).await?;
    Ok(SecondFactorState {
        required: market.settings.admin_second_factor,
        enrolled: factor.enrolled,
        verified: sessions::has_second_factor(market, &viewer.session_key).await?,
    })
}

/// Starts setting up an authenticator app, or shows the one being set up again (so a reload
/// does not change the secret the app already holds). Refused once one is set up.
pub async fn setup(market: &Market, viewer: &Viewer) -> MarketResult<SecondFactorSetup> {
    let factor = factor(market, viewer).await?;
    if factor.enrolled {
        return Err(MarketError::invalid(
            "code",
            Msg::new("已经设置过身份验证器", "An authenticator is already set up"),
        ));
    }
    let secret = match factor.totp_secret {
        Some(secret) => secret,
        None => {
            // 160 random bits, as RFC 4226 recommends.
            let bytes: [u8; 20] = rand::Rng::r#gen(&mut rand::thread_rng());
            let fresh = Secret::from(bytes).to_base32();
            execute!(
                market.db.exec(),
                "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_enabled_at IS NULL",
                &fresh,
                viewer.id
            )?;
            fresh
        }
    };
    let otpauth_url = totp(&secret, &factor.username)?
        .to_url()
        .map_err(|e| MarketError::Internal(anyhow::anyhow!("the otpauth address: {e:?}")))?;
    let qr = crate::share::qr_data_url(&otpauth_url, 220)?;
    Ok(SecondFactorSetup { secret, otpauth_url, qr })
}

/// Checks a code from the app: the first one finishes the setup; each one gives this session
/// admin powers where they need a second factor.
pub async fn verify(market: &Market, viewer: &Viewer, code: &str) -> MarketResult<()> {
    if viewer.session_key.is_empty() {
        return Err(MarketError::invalid(
            "code",
            Msg::new(
                "两步验证只能在登录的浏览器里完成",
                "Two-step verification can only be completed in the browser that signed in",
            ),
        ));
    }
    let factor = factor(market, viewer).await?;
    let Some(secret) = factor.totp_secret else {
        return Err(MarketError::invalid(
            "code",
            Msg::new("请先设置身份验证器", "Please set up an authenticator first"),
        ));
    };
    let failures_key = format!("second_factor:failures:{}", viewer.id);
    if let Some(count) = market.cache.get(&failures_key).await?.and_then(|c| c.parse::<i64>().ok())
        && count >= FAILURES
    {
        let retry_after_secs = market.cache.ttl(&failures_key).await?.unwrap_or(FAILURE_WINDOW.as_secs());
        return Err(MarketError::RateLimited { retry_after_secs });
    }
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(step) = totp(&secret, &factor.username)?.check(&code, now) else {
        market.cache.count(&failures_key, FAILURE_WINDOW).await?;
        return Err(MarketError::invalid(
            "code",
            Msg::new(
                "验证码不正确，请看身份验证器上的最新 6 位数字",
                "Wrong code: enter the latest 6 digits your authenticator shows",
            ),
        ));
    };
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    let accepted = execute!(
        market.db.exec(),
        "UPDATE users SET totp_last_step = ?, totp_enabled_at = COALESCE(totp_enabled_at, ?) \
         WHERE id = ? AND totp_secret = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
        step,
        Utc::now(),
        viewer.id,
        &secret,
        step
    )?;
    if accepted.rows != 1 {
        return Err(MarketError::invalid(
            "code",
            Msg::new("这个验证码已经用过，请等下一个", "This code has already been used; wait for the next one"),
        ));
    }
    sessions::record_second_factor(market, &viewer.session_key).await?;
    tracing::info!(user_id = viewer.id, "second factor given");
    Ok(())
}

/// Removes an admin's authenticator (from the command line, for a lost phone): they set up a new
/// one at their next visit to the console. False when the member has none.
pub async fn reset(market: &Market, username: &str) -> MarketResult<bool> {
    let done = execute!(
        market.db.exec(),
        "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, session_epoch = session_epoch + 1 \
         WHERE username = ? AND totp_secret IS NOT NULL",
        username
    )?;
    Ok(done.rows == 1)
}
