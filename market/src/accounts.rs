//! Registration with an SMS code, login, sessions and the signed-in user.

use std::time::Duration;

use chrono::Utc;
use model::{Level, LoginRequest, LoginResponse, Me, RegisterRequest, SIGNUP_CREDITS};
use rand::Rng;
use sha2::{Digest, Sha256};

use crate::credits::{self, Reason};
use crate::db::is_unique_violation_on;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as};

/// Who is making a request, resolved from a session cookie or a Bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    /// The session token's hash, so that logout can end exactly this session.
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

fn session_key(token: &str) -> String {
    format!("session:{}", hex::encode(Sha256::digest(token.as_bytes())))
}

/// Sends a fresh 6-digit code to a mainland mobile, at most once a minute per phone.
#[tracing::instrument(skip(market))]
pub async fn send_sms_code(market: &Market, phone: &str) -> MarketResult<()> {
    let phone = model::normalize_phone(phone);
    model::validate::phone(&phone).map_err(|m| MarketError::invalid("phone", m))?;
    let cooldown = format!("sms:cooldown:{phone}");
    if !market.cache.set_nx_ex(&cooldown, "1", market.settings.sms_resend_after).await? {
        let retry_after_secs = market.cache.ttl(&cooldown).await?.unwrap_or(1);
        return Err(MarketError::RateLimited { retry_after_secs });
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    market.cache.set_ex(&sms_code_key(&phone), &code, market.settings.sms_code_ttl).await?;
    market.sms.send_code(&phone, &code).await?;
    Ok(())
}

/// Creates the account with its signup credits, then signs it in.
#[tracing::instrument(skip_all, fields(username = %req.username))]
pub async fn register(market: &Market, req: RegisterRequest) -> MarketResult<LoginResponse> {
    let req = req.normalized();
    req.validate().map_err(MarketError::Invalid)?;
    let expected = market.cache.get(&sms_code_key(&req.phone)).await?;
    if expected.as_deref() != Some(req.sms_code.as_str()) {
        return Err(MarketError::invalid("smsCode", "验证码错误或已过期，请重新获取"));
    }
    let hash = market.hasher.hash(req.password.clone()).await?;

    let mut tx = market.db.begin().await?;
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO users (username, email, password_hash, phone, credits, created_at) VALUES (?, ?, ?, ?, 0, ?)",
        &req.username,
        &req.email,
        &hash,
        &req.phone,
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
    credits::apply(&mut tx, user_id, SIGNUP_CREDITS, Reason::SignupBonus, &format!("signup:{user_id}")).await?;
    tx.commit().await?;
    // The code is spent only once the account exists, so a refused attempt can be corrected.
    market.cache.del(&sms_code_key(&req.phone)).await?;
    tracing::info!(user_id, "registered");
    let token = start_session(market, user_id).await?;
    Ok(LoginResponse { token, user: me(market, user_id).await? })
}

#[tracing::instrument(skip_all, fields(login = %req.login))]
pub async fn login(market: &Market, req: LoginRequest) -> MarketResult<LoginResponse> {
    let login = req.login.trim();
    if login.is_empty() || req.password.is_empty() {
        return Err(MarketError::BadCredentials);
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
        _ => return Err(MarketError::BadCredentials),
    };
    if row.status == "banned" {
        return Err(MarketError::Banned);
    }
    let token = start_session(market, row.id).await?;
    Ok(LoginResponse { token, user: row.into_me()? })
}

/// A new random session (256 bits); only its hash is stored.
async fn start_session(market: &Market, user_id: i64) -> MarketResult<String> {
    let bytes: [u8; 32] = rand::thread_rng().r#gen();
    let token = hex::encode(bytes);
    market.cache.set_ex(&session_key(&token), &user_id.to_string(), market.settings.session_ttl).await?;
    Ok(token)
}

/// The viewer behind a token, or `None` for an unknown or expired one. A banned account's
/// sessions stop working on the next request.
pub async fn resolve_session(market: &Market, token: &str) -> MarketResult<Option<Viewer>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let key = session_key(token);
    let Some(user_id) = market.cache.get(&key).await?.and_then(|v| v.parse::<i64>().ok()) else {
        return Ok(None);
    };
    let row: Option<(String, String, String)> = query_as!(
        market.db.exec(),
        fetch_optional,
        (String, String, String),
        "SELECT username, status, role FROM users WHERE id = ?",
        user_id
    )?;
    Ok(match row {
        Some((username, status, role)) if status == "active" => {
            Some(Viewer { id: user_id, username, is_admin: role == "admin", session_key: key })
        }
        _ => None,
    })
}

pub async fn logout(market: &Market, viewer: &Viewer) -> MarketResult<()> {
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
