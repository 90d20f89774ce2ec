//! Browser sessions: a random token whose hash keys a cache record, resolved on every request
//! together with personal API tokens, and ended one by one or all at once.

use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::Viewer;
use crate::error::MarketResult;
use crate::{Market, execute, query_as, query_scalar};

fn session_key(token: &str) -> String {
    format!("session:{}", hex::encode(Sha256::digest(token.as_bytes())))
}

/// What the cache holds for a session: whose it is, the user's session epoch at login, when it
/// started (Unix milliseconds), for the absolute timeout, and whether it gave a second factor.
struct SessionRecord {
    user_id: i64,
    epoch: i64,
    started: i64,
    second_factor: bool,
}

impl SessionRecord {
    fn encode(&self) -> String {
        format!("{}:{}:{}:{}", self.user_id, self.epoch, self.started, u8::from(self.second_factor))
    }

    /// Records written before the second factor existed have three parts: none given.
    fn decode(s: &str) -> Option<Self> {
        let mut parts = s.splitn(4, ':').map(str::parse::<i64>);
        let (Some(Ok(user_id)), Some(Ok(epoch)), Some(Ok(started))) = (parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let second_factor = matches!(parts.next(), Some(Ok(1)));
        Some(Self { user_id, epoch, started, second_factor })
    }

    /// How long the record may still live: until idle, never past the absolute timeout.
    fn keep(&self, market: &Market) -> Option<Duration> {
        let s = &market.settings;
        let age = u64::try_from(Utc::now().timestamp_millis().saturating_sub(self.started)).unwrap_or(0);
        let lifetime = u64::try_from(s.session_ttl.as_millis()).unwrap_or(u64::MAX);
        let left = lifetime.saturating_sub(age);
        (left > 0).then(|| s.session_idle.min(Duration::from_millis(left)))
    }
}

/// A new random session (256 bits); only its hash is stored. It lives until it is idle for
/// `session_idle` or reaches `session_ttl`, whichever comes first.
pub(super) async fn start(market: &Market, user_id: i64) -> MarketResult<String> {
    let bytes: [u8; 32] = rand::thread_rng().r#gen();
    let token = hex::encode(bytes);
    let epoch: i64 =
        query_scalar!(market.db.exec(), fetch_one, i64, "SELECT session_epoch FROM users WHERE id = ?", user_id)?;
    let record = SessionRecord { user_id, epoch, started: Utc::now().timestamp_millis(), second_factor: false };
    let s = &market.settings;
    market.cache.set_ex(&session_key(&token), &record.encode(), s.session_idle.min(s.session_ttl)).await?;
    market.count_sign_in(user_id);
    Ok(token)
}

/// The viewer behind a token, or `None` for an unknown or expired one. A banned account's
/// sessions stop working on the next request.
pub async fn resolve_session(market: &Market, token: &str) -> MarketResult<Option<Viewer>> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    if token.starts_with(super::tokens::PREFIX) {
        return super::tokens::resolve(market, token).await;
    }
    let key = session_key(token);
    let Some(record) = market.cache.get(&key).await?.as_deref().and_then(SessionRecord::decode) else {
        return Ok(None);
    };
    let Some(keep) = record.keep(market) else {
        market.cache.del(&key).await?;
        return Ok(None);
    };
    let row: Option<(String, String, String, i64)> = query_as!(
        market.db.exec(),
        fetch_optional,
        (String, String, String, i64),
        "SELECT username, status, role, session_epoch FROM users WHERE id = ?",
        record.user_id
    )?;
    let viewer = match row {
        Some((username, status, role, epoch)) if status == "active" && epoch == record.epoch => {
            // Where a second factor is required, an admin's session without one is a member's.
            let is_admin = role == "admin" && (record.second_factor || !market.settings.admin_second_factor);
            Viewer { id: record.user_id, username, is_admin, session_key: key.clone(), address: None }
        }
        _ => return Ok(None),
    };
    // Activity pushes the idle timeout back, never past the absolute one.
    market.cache.set_ex(&key, &record.encode(), keep).await?;
    Ok(Some(viewer))
}

/// Ends every session of the user, on every device ("log out everywhere").
pub async fn logout_everywhere(market: &Market, user_id: i64) -> MarketResult<()> {
    execute!(market.db.exec(), "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?", user_id)?;
    tracing::info!(user_id, "logged out everywhere");
    Ok(())
}

/// Whether the session behind this cache key gave a second factor.
pub(super) async fn has_second_factor(market: &Market, session_key: &str) -> MarketResult<bool> {
    if session_key.is_empty() {
        return Ok(false);
    }
    let record = market.cache.get(session_key).await?;
    Ok(record.as_deref().and_then(SessionRecord::decode).is_some_and(|r| r.second_factor))
}

/// Marks the session as having given a second factor, for the rest of its life.
pub(super) async fn record_second_factor(market: &Market, session_key: &str) -> MarketResult<()> {
    let record = market.cache.get(session_key).await?;
    let Some(mut record) = record.as_deref().and_then(SessionRecord::decode) else {
        return Err(crate::error::MarketError::Unauthorized);
    };
    let Some(keep) = record.keep(market) else {
        return Err(crate::error::MarketError::Unauthorized);
    };
    record.second_factor = true;
    market.cache.set_ex(session_key, &record.encode(), keep).await?;
    Ok(())
}
