//! Signing in with a username or email and a password, signing out, and the failed-login limits
//! that re-authentication shares.

use std::net::IpAddr;
use std::time::Duration;

use model::{LoginRequest, LoginResponse};
use sha2::{Digest, Sha256};

use super::{USER_COLUMNS, UserRow, Viewer, sessions};
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as};

/// Failed logins for one account name from one address in [`LOGIN_FAILURE_WINDOW`] before
/// further tries from there wait...
pub const LOGIN_MAX_FAILURES: i64 = 10;
/// ...and from all addresses together, which caps guessing spread over many addresses. Someone
/// who mistypes from their own address is not locked out by another's guesses below this.
pub const LOGIN_MAX_FAILURES_ANYWHERE: i64 = 100;
/// How long failed logins are remembered.
pub const LOGIN_FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed logins for an account name, from one address or (`None`) from all of them.
fn login_failures_key(login: &str, client: Option<IpAddr>) -> String {
    let account = hex::encode(Sha256::digest(login.to_lowercase().as_bytes()));
    match client {
        Some(ip) => format!("login:failures:{account}:{ip}"),
        None => format!("login:failures:{account}"),
    }
}

/// The failed-login counters of one account name: from the requesting address, and from all
/// addresses together. Sign-in and re-authentication share them.
pub(super) struct Failures {
    here: String,
    anywhere: String,
}

impl Failures {
    /// The counters for `login`, or `RateLimited` while either is at its limit.
    pub(super) async fn check(market: &Market, login: &str, client: Option<IpAddr>) -> MarketResult<Self> {
        let failures = Self { here: login_failures_key(login, client), anywhere: login_failures_key(login, None) };
        for (key, max) in [(&failures.here, LOGIN_MAX_FAILURES), (&failures.anywhere, LOGIN_MAX_FAILURES_ANYWHERE)] {
            if let Some(retry_after_secs) = market.cache.ttl(key).await?
                && market.cache.get(key).await?.and_then(|n| n.parse::<i64>().ok()).unwrap_or(0) >= max
            {
                return Err(MarketError::RateLimited { retry_after_secs });
            }
        }
        Ok(failures)
    }

    pub(super) async fn count(&self, market: &Market) -> MarketResult<()> {
        market.cache.count(&self.here, LOGIN_FAILURE_WINDOW).await?;
        market.cache.count(&self.anywhere, LOGIN_FAILURE_WINDOW).await?;
        Ok(())
    }

    /// A success forgives this address's failures (not the others').
    async fn clear(&self, market: &Market) -> MarketResult<()> {
        Ok(market.cache.del(&self.here).await?)
    }
}

/// Signs in with a username or email. Failures are counted per account name, both from the
/// requesting address and from everywhere, and too many make further tries wait.
#[tracing::instrument(skip_all, fields(login = %req.login))]
pub async fn login(market: &Market, req: LoginRequest, client: Option<IpAddr>) -> MarketResult<LoginResponse> {
    let login = req.login.trim();
    if login.is_empty() || req.password.is_empty() {
        return Err(MarketError::BadCredentials);
    }
    let failures = Failures::check(market, login, client).await?;
    let row = query_as!(
        market.db.exec(),
        fetch_optional,
        UserRow,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ? OR email = ?"),
        login,
        login.to_lowercase()
    )?;
    let ok = market.hasher.verify(req.password, row.as_ref().map(|r| r.password_hash.clone())).await?;
    let row = match row {
        Some(row) if ok => row,
        _ => {
            failures.count(market).await?;
            return Err(MarketError::BadCredentials);
        }
    };
    failures.clear(market).await?;
    if row.status == "banned" {
        return Err(MarketError::Banned);
    }
    let closing_cancelled = cancel_closing(market, row.id).await?;
    let token = sessions::start(market, row.id).await?;
    Ok(LoginResponse { token, user: row.into_me()?, closing_cancelled })
}

/// A sign-in within the cooling-off cancels the closing; true when there was one to cancel.
async fn cancel_closing(market: &Market, user_id: i64) -> MarketResult<bool> {
    let done = execute!(
        market.db.exec(),
        "UPDATE users SET closing_due_at = NULL WHERE id = ? AND closing_due_at IS NOT NULL AND closed_at IS NULL",
        user_id
    )?;
    if done.rows == 1 {
        tracing::info!(user_id, "account closing cancelled by signing in");
    }
    Ok(done.rows == 1)
}

/// Ends this session (a request made with a personal API token has none to end).
pub async fn logout(market: &Market, viewer: &Viewer) -> MarketResult<()> {
    if viewer.session_key.is_empty() {
        return Ok(());
    }
    market.cache.del(&viewer.session_key).await?;
    Ok(())
}
