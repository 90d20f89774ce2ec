//! Registration with an SMS code, login, sessions and the signed-in user.

use std::time::Duration;

use chrono::Utc;
use model::{Level, LoginRequest, LoginResponse, Me, RegisterRequest, SIGNUP_CREDITS};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::credits::{self, Reason, Transfer};
use crate::db::is_unique_violation_on;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

/// Who is making a request, resolved from a session cookie or a Bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    /// The session token's hash, so that logout can end exactly this session (empty when the
    /// request came with a personal API token, which only revoking ends).
    pub session_key: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    email: String,
    phone: Option<String>,
    credits: i64,
    level: String,
    status: String,
    role: String,
    password_hash: String,
}

const USER_COLUMNS: &str = "id, username, email, phone, credits, level, status, role, password_hash";

impl UserRow {
    fn into_me(self) -> MarketResult<Me> {
        let level = Level::parse(&self.level)
            .ok_or_else(|| anyhow::anyhow!("user {} has unknown level {:?}", self.id, self.level))?;
        Ok(Me {
            id: self.id,
            username: self.username,
            email: self.email,
            phone: self.phone,
            credits: self.credits,
            level,
            is_admin: self.role == "admin",
        })
    }
}

fn sms_code_key(phone: &str) -> String {
    format!("sms:code:{phone}")
}

/// Wrong codes tried against one sent code before it is voided.
pub const SMS_CODE_MAX_TRIES: i64 = 5;
/// Codes sent to one phone per day.
pub const SMS_DAILY_PER_PHONE: i64 = 10;
/// Failed logins for one account name from one address in [`LOGIN_FAILURE_WINDOW`] before
/// further tries from there wait...
pub const LOGIN_MAX_FAILURES: i64 = 10;
/// ...and from all addresses together, which caps guessing spread over many addresses. Someone
/// who mistypes from their own address is not locked out by another's guesses below this.
pub const LOGIN_MAX_FAILURES_ANYWHERE: i64 = 100;
/// Codes sent from one address per day, to any phones.
pub const SMS_DAILY_PER_ADDRESS: i64 = 30;
pub const LOGIN_FAILURE_WINDOW: std::time::Duration = std::time::Duration::from_secs(15 * 60);
const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

fn sms_tries_key(phone: &str) -> String {
    format!("sms:tries:{phone}")
}

/// Failed logins for an account name, from one address or (`None`) from all of them.
fn login_failures_key(login: &str, client: Option<std::net::IpAddr>) -> String {
    let account = hex::encode(Sha256::digest(login.to_lowercase().as_bytes()));
    match client {
        Some(ip) => format!("login:failures:{account}:{ip}"),
        None => format!("login:failures:{account}"),
    }
}

fn session_key(token: &str) -> String {
    format!("session:{}", hex::encode(Sha256::digest(token.as_bytes())))
}

/// Sends a fresh 6-digit code to a mainland mobile, at most once a minute and
/// [`SMS_DAILY_PER_PHONE`] times a day per phone, and [`SMS_DAILY_PER_ADDRESS`] times a day
/// from the requesting address.
#[tracing::instrument(skip(market))]
pub async fn send_sms_code(market: &Market, phone: &str, client: Option<std::net::IpAddr>) -> MarketResult<()> {
    let phone = model::normalize_phone(phone);
    model::validate::phone(&phone).map_err(|m| MarketError::invalid("phone", m))?;
    if let Some(ip) = client {
        let (sent_today, left) = market.cache.count(&format!("sms:daily-from:{ip}"), DAY).await?;
        if sent_today > SMS_DAILY_PER_ADDRESS {
            return Err(MarketError::RateLimited { retry_after_secs: left });
        }
    }
    let cooldown = format!("sms:cooldown:{phone}");
    if !market.cache.set_nx_ex(&cooldown, "1", market.settings.sms_resend_after).await? {
        let retry_after_secs = market.cache.ttl(&cooldown).await?.unwrap_or(1);
        return Err(MarketError::RateLimited { retry_after_secs });
    }
    let (sent_today, left) = market.cache.count(&format!("sms:daily:{phone}"), DAY).await?;
    if sent_today > SMS_DAILY_PER_PHONE {
        return Err(MarketError::RateLimited { retry_after_secs: left });
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    market.cache.set_ex(&sms_code_key(&phone), &code, market.settings.sms_code_ttl).await?;
    market.cache.del(&sms_tries_key(&phone)).await?;
    if let Err(e) = market.sms.send_code(&phone, &code).await {
        // Nothing reached the phone: let the person try again at once.
        market.cache.del(&cooldown).await?;
        return Err(e.into());
    }
    Ok(())
}

/// Checks the code sent to `phone` (it stays valid: the caller spends it once its change is
/// made, so a refused attempt can be corrected). Each wrong try counts; the fifth voids the
/// code, so six digits cannot be guessed.
async fn check_sms_code(market: &Market, phone: &str, code: &str) -> MarketResult<()> {
    let expected = market.cache.get(&sms_code_key(phone)).await?;
    match expected {
        Some(expected) if expected == code => Ok(()),
        Some(_) => {
            let (tries, _) = market.cache.count(&sms_tries_key(phone), market.settings.sms_code_ttl).await?;
            if tries >= SMS_CODE_MAX_TRIES {
                market.cache.del(&sms_code_key(phone)).await?;
                return Err(MarketError::invalid("smsCode", "验证码错误次数过多，已失效，请重新获取"));
            }
            let left = SMS_CODE_MAX_TRIES - tries;
            Err(MarketError::invalid("smsCode", format!("验证码错误，还可再试 {left} 次")))
        }
        None => Err(MarketError::invalid("smsCode", "验证码错误或已过期，请重新获取")),
    }
}

/// Creates the account with its signup credits (and the inviter's reward), then signs it in.
#[tracing::instrument(skip_all, fields(username = %req.username))]
pub async fn register(market: &Market, req: RegisterRequest) -> MarketResult<LoginResponse> {
    let req = req.normalized();
    req.validate().map_err(MarketError::Invalid)?;
    check_sms_code(market, &req.phone, &req.sms_code).await?;
    let hash = market.hasher.hash(req.password.clone()).await?;

    let mut tx = market.db.begin().await?;
    let inviter = match &req.invite_code {
        Some(code) => Some(crate::invites::inviter(&mut tx, code).await?),
        None => None,
    };
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO users (username, email, password_hash, phone, credits, invite_code, created_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
        &req.username,
        &req.email,
        &hash,
        &req.phone,
        crate::invites::new_code(),
        Utc::now()
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
        crate::invites::reward(&mut tx, &market.settings.invites, inviter, user_id).await?;
    }
    tx.commit().await?;
    // The code is spent only once the account exists, so a refused attempt can be corrected.
    market.cache.del(&sms_code_key(&req.phone)).await?;
    tracing::info!(user_id, "registered");
    let token = start_session(market, user_id).await?;
    Ok(LoginResponse { token, user: me(market, user_id).await? })
}

/// Signs in with a username or email. Failures are counted per account name, both from the
/// requesting address and from everywhere, and too many make further tries wait.
#[tracing::instrument(skip_all, fields(login = %req.login))]
pub async fn login(
    market: &Market,
    req: LoginRequest,
    client: Option<std::net::IpAddr>,
) -> MarketResult<LoginResponse> {
    let login = req.login.trim();
    if login.is_empty() || req.password.is_empty() {
        return Err(MarketError::BadCredentials);
    }
    let here = login_failures_key(login, client);
    let anywhere = login_failures_key(login, None);
    for (key, max) in [(&here, LOGIN_MAX_FAILURES), (&anywhere, LOGIN_MAX_FAILURES_ANYWHERE)] {
        if let Some(retry_after_secs) = market.cache.ttl(key).await?
            && market.cache.get(key).await?.and_then(|n| n.parse::<i64>().ok()).unwrap_or(0) >= max
        {
            return Err(MarketError::RateLimited { retry_after_secs });
        }
    }
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
            market.cache.count(&here, LOGIN_FAILURE_WINDOW).await?;
            market.cache.count(&anywhere, LOGIN_FAILURE_WINDOW).await?;
            return Err(MarketError::BadCredentials);
        }
    };
    market.cache.del(&here).await?;
    if row.status == "banned" {
        return Err(MarketError::Banned);
    }
    let token = start_session(market, row.id).await?;
    Ok(LoginResponse { token, user: row.into_me()? })
}

/// What the cache holds for a session: whose it is, the user's session epoch at login, and
/// when it started (Unix milliseconds), for the absolute timeout.
struct SessionRecord {
    user_id: i64,
    epoch: i64,
    started: i64,
}

impl SessionRecord {
    fn encode(&self) -> String {
        format!("{}:{}:{}", self.user_id, self.epoch, self.started)
    }

    fn decode(s: &str) -> Option<Self> {
        let mut parts = s.splitn(3, ':').map(str::parse::<i64>);
        let (Some(Ok(user_id)), Some(Ok(epoch)), Some(Ok(started))) = (parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        Some(Self { user_id, epoch, started })
    }
}

/// A new random session (256 bits); only its hash is stored. It lives until it is idle for
/// `session_idle` or reaches `session_ttl`, whichever comes first.
async fn start_session(market: &Market, user_id: i64) -> MarketResult<String> {
    let bytes: [u8; 32] = rand::thread_rng().r#gen();
    let token = hex::encode(bytes);
    let epoch: i64 =
        query_scalar!(market.db.exec(), fetch_one, i64, "SELECT session_epoch FROM users WHERE id = ?", user_id)?;
    let record = SessionRecord { user_id, epoch, started: Utc::now().timestamp_millis() };
    let s = &market.settings;
    market.cache.set_ex(&session_key(&token), &record.encode(), s.session_idle.min(s.session_ttl)).await?;
    Ok(token)
}

/// The viewer behind a token, or `None` for an unknown or expired one. A banned account's
/// sessions stop working on the next request.
pub async fn resolve_session(market: &Market, token: &str) -> MarketResult<Option<Viewer>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    if token.starts_with(crate::tokens::PREFIX) {
        return crate::tokens::resolve(market, token).await;
    }
    let key = session_key(token);
    let Some(record) = market.cache.get(&key).await?.as_deref().and_then(SessionRecord::decode) else {
        return Ok(None);
    };
    let s = &market.settings;
    let age = u64::try_from(Utc::now().timestamp_millis().saturating_sub(record.started)).unwrap_or(0);
    let lifetime = u64::try_from(s.session_ttl.as_millis()).unwrap_or(u64::MAX);
    let left = lifetime.saturating_sub(age);
    if left == 0 {
        market.cache.del(&key).await?;
        return Ok(None);
    }
    let row: Option<(String, String, String, i64)> = query_as!(
        market.db.exec(),
        fetch_optional,
        (String, String, String, i64),
        "SELECT username, status, role, session_epoch FROM users WHERE id = ?",
        record.user_id
    )?;
    let viewer = match row {
        Some((username, status, role, epoch)) if status == "active" && epoch == record.epoch => {
            Viewer { id: record.user_id, username, is_admin: role == "admin", session_key: key.clone() }
        }
        _ => return Ok(None),
    };
    // Activity pushes the idle timeout back, never past the absolute one.
    let keep = s.session_idle.min(Duration::from_millis(left));
    market.cache.set_ex(&key, &record.encode(), keep).await?;
    Ok(Some(viewer))
}

/// Ends every session of the user, on every device ("log out everywhere").
pub async fn logout_everywhere(market: &Market, user_id: i64) -> MarketResult<()> {
    execute!(market.db.exec(), "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?", user_id)?;
    tracing::info!(user_id, "logged out everywhere");
    Ok(())
}

/// Changes the password after checking the current one; every other session ends, and the
/// caller gets a fresh one (its token is returned).
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn change_password(
    market: &Market,
    viewer: &Viewer,
    current: String,
    new: String,
    client: Option<std::net::IpAddr>,
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
    start_session(market, viewer.id).await
}

/// Asks the signed-in user for their password again before a change to how they sign in. Wrong
/// answers count as failed logins of the account, so a stolen session cannot guess it.
async fn reauthenticate(
    market: &Market,
    viewer: &Viewer,
    password: String,
    client: Option<std::net::IpAddr>,
) -> MarketResult<()> {
    let here = login_failures_key(&viewer.username, client);
    let anywhere = login_failures_key(&viewer.username, None);
    for (key, max) in [(&here, LOGIN_MAX_FAILURES), (&anywhere, LOGIN_MAX_FAILURES_ANYWHERE)] {
        if let Some(retry_after_secs) = market.cache.ttl(key).await?
            && market.cache.get(key).await?.and_then(|n| n.parse::<i64>().ok()).unwrap_or(0) >= max
        {
            return Err(MarketError::RateLimited { retry_after_secs });
        }
    }
    let hash: Option<String> = query_scalar!(
        market.db.exec(),
        fetch_optional,
        String,
        "SELECT password_hash FROM users WHERE id = ?",
        viewer.id
    )?;
    if !market.hasher.verify(password, hash).await? {
        market.cache.count(&here, LOGIN_FAILURE_WINDOW).await?;
        market.cache.count(&anywhere, LOGIN_FAILURE_WINDOW).await?;
        return Err(MarketError::invalid("currentPassword", "当前密码不正确"));
    }
    Ok(())
}

/// Changes the email address, after the password.
#[tracing::instrument(skip_all, fields(user_id = viewer.id))]
pub async fn change_email(
    market: &Market,
    viewer: &Viewer,
    req: model::ChangeEmailRequest,
    client: Option<std::net::IpAddr>,
) -> MarketResult<Me> {
    let email = req.email.trim().to_lowercase();
    model::validate::email(&email).map_err(|m| MarketError::invalid("email", m))?;
    reauthenticate(market, viewer, req.current_password, client).await?;
    let updated = execute!(market.db.exec(), "UPDATE users SET email = ? WHERE id = ?", &email, viewer.id);
    match updated {
        Ok(_) => {
            tracing::info!("email changed");
            me(market, viewer.id).await
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
    client: Option<std::net::IpAddr>,
) -> MarketResult<Me> {
    let phone = model::normalize_phone(&req.phone);
    model::validate::phone(&phone).map_err(|m| MarketError::invalid("phone", m))?;
    model::validate::sms_code(&req.sms_code).map_err(|m| MarketError::invalid("smsCode", m))?;
    reauthenticate(market, viewer, req.current_password, client).await?;
    check_sms_code(market, &phone, &req.sms_code).await?;
    let updated = execute!(market.db.exec(), "UPDATE users SET phone = ? WHERE id = ?", &phone, viewer.id);
    match updated {
        Ok(_) => {
            market.cache.del(&sms_code_key(&phone)).await?;
            tracing::info!("phone changed");
            me(market, viewer.id).await
        }
        Err(e) if is_unique_violation_on(&e, "phone") => Err(MarketError::Duplicate("phone")),
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(market: &Market, viewer: &Viewer) -> MarketResult<()> {
    if viewer.session_key.is_empty() {
        return Ok(());
    }
    market.cache.del(&viewer.session_key).await?;
    Ok(())
}

pub async fn me(market: &Market, user_id: i64) -> MarketResult<Me> {
    query_as!(
        market.db.exec(),
        fetch_optional,
        UserRow,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?"),
        user_id
    )?
    .ok_or(MarketError::Unauthorized)?
    .into_me()
}

/// How long a session lives (the original plan: 7 days).
pub const SESSION_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// A session unused this long ends before its absolute lifetime.
pub const SESSION_IDLE: Duration = Duration::from_secs(2 * 24 * 3600);
