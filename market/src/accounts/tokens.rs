//! Personal API tokens for scripts: created and revoked by their owner, 256 random bits, stored
//! only as a SHA-256, and refused the moment they are revoked, their owner is banned, logs out
//! everywhere or changes the password.

use chrono::{DateTime, Utc};
use model::{ApiTokenView, CreatedApiToken, Msg};
use rand::Rng;
use sha2::{Digest, Sha256};

use super::Viewer;
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as};

/// Every token starts with this, so a leaked one is recognisable (and told apart from a session).
pub const PREFIX: &str = "aim_";
/// Live tokens one user may hold.
const MAX_PER_USER: i64 = 20;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<Row> for ApiTokenView {
    fn from(r: Row) -> Self {
        Self { id: r.id, name: r.name, created_at: r.created_at, last_used_at: r.last_used_at }
    }
}

/// Creates a token; its secret is in the answer and nowhere else.
pub async fn create(market: &Market, user_id: i64, name: &str) -> MarketResult<CreatedApiToken> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(MarketError::invalid("name", Msg::new("名称需 1–50 个字符", "Names are 1–50 characters long")));
    }
    let live: i64 = crate::query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? AND t.revoked_at IS NULL AND t.session_epoch = u.session_epoch",
        user_id
    )?;
    if live >= MAX_PER_USER {
        return Err(MarketError::invalid(
            "name",
            Msg::new(
                format!("最多保留 {MAX_PER_USER} 个令牌，请先撤销不用的"),
                format!("You can keep at most {MAX_PER_USER} tokens; revoke one you no longer use first"),
            ),
        ));
    }
    let token = format!("{PREFIX}{}", hex::encode(rand::thread_rng().r#gen::<[u8; 32]>()));
    let now = Utc::now();
    let done = execute!(
        market.db.exec(),
        "INSERT INTO api_tokens (user_id, name, token_hash, session_epoch, created_at) SELECT ?, ?, ?, session_epoch, ? FROM users WHERE id = ?",
        user_id,
        name,
        hash(&token),
        now,
        user_id
    )?;
    tracing::info!(user_id, token_id = done.last_id, "API token created");
    Ok(CreatedApiToken {
        token,
        view: ApiTokenView { id: done.last_id, name: name.to_owned(), created_at: now, last_used_at: None },
    })
}

/// The user's live tokens, newest first.
pub async fn list(market: &Market, user_id: i64) -> MarketResult<Vec<ApiTokenView>> {
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        Row,
        "SELECT t.id, t.name, t.created_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? AND t.revoked_at IS NULL AND t.session_epoch = u.session_epoch ORDER BY t.id DESC",
        user_id
    )?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Revokes one of the user's own tokens; someone else's is not found.
pub async fn revoke(market: &Market, user_id: i64, id: i64) -> MarketResult<()> {
    let done = execute!(
        market.db.exec(),
        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
        Utc::now(),
        id,
        user_id
    )?;
    if done.rows == 0 {
        return Err(MarketError::NotFound);
    }
    tracing::info!(user_id, token_id = id, "API token revoked");
    Ok(())
}

/// The viewer behind a live token of an active account.
pub async fn resolve(market: &Market, token: &str) -> MarketResult<Option<Viewer>> {
    let row: Option<(i64, i64, String, String, String)> = query_as!(
        market.db.exec(),
        fetch_optional,
        (i64, i64, String, String, String),
        "SELECT t.id, u.id, u.username, u.status, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.session_epoch = u.session_epoch",
        hash(token)
    )?;
    let Some((token_id, user_id, username, status, role)) = row else { return Ok(None) };
    if status != "active" {
        return Ok(None);
    }
    execute!(market.db.exec(), "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", Utc::now(), token_id)?;
    // A token is not a session: logging out with it ends nothing (there is no session key).
    // A token cannot carry a second factor: where one is required, it acts as a member's.
    let is_admin = role == "admin" && !market.settings.admin_second_factor;
    Ok(Some(Viewer { id: user_id, username, is_admin, session_key: String::new(), address: None }))
}
