//! Accounts: registration with an SMS code, sign-in, sessions and personal API tokens (both
//! resolve to a `Viewer`), settings, password recovery, and what admins do to accounts. This
//! feature writes the `users` table, except what belongs to credits: the balance, the level and
//! the invitation (`invite_code`, `invited_by`), which only `credits` writes.

pub mod admin;
pub mod audit;
pub mod closing;
pub mod consent;
pub mod email_verification;
pub mod login;
pub mod password;
pub mod recovery;
pub mod register;
pub mod second_factor;
pub mod sessions;
pub mod settings;
pub mod sms_codes;
pub mod system;
pub mod tokens;

use std::time::Duration;

use model::{Level, Me};

pub use consent::accept_terms;
pub use login::{LOGIN_FAILURE_WINDOW, LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_ANYWHERE, login, logout};
pub use recovery::reset_password;
pub use register::register;
pub use sessions::{logout_everywhere, resolve_session};
pub use settings::{change_email, change_password, change_phone};
pub use sms_codes::{SMS_CODE_MAX_TRIES, SMS_DAILY_PER_ADDRESS, SMS_DAILY_PER_PHONE, send_sms_code};

use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as};

/// Refuses anyone but an admin (`Forbidden`).
pub(crate) fn require_admin(viewer: &Viewer) -> MarketResult<()> {
    if viewer.is_admin { Ok(()) } else { Err(MarketError::Forbidden) }
}

/// Who is making a request, resolved from a session cookie or a Bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    /// The session token's hash, so that logout can end exactly this session (empty when the
    /// request came with a personal API token, which only revoking ends).
    pub session_key: String,
    /// The address the request came from, as the server resolved it (for the audit log).
    pub address: Option<std::net::IpAddr>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    username: String,
    email: String,
    phone: Option<String>,
    credits: i64,
    level: String,
    status: String,
    role: String,
    password_hash: String,
    terms_version: Option<String>,
    email_verified: bool,
    notify_by_email: bool,
    unread_notices: i64,
    language: String,
}

pub(crate) const USER_COLUMNS: &str = "id, username, email, phone, credits, level, status, role, password_hash, terms_version, \
     email_verified_at IS NOT NULL AS email_verified, notify_by_email, language, \
     (SELECT COUNT(*) FROM notifications n WHERE n.user_id = users.id AND n.read_at IS NULL) AS unread_notices";

impl UserRow {
    pub(crate) fn into_me(self) -> MarketResult<Me> {
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
            terms_accepted: self.terms_version.as_deref() == Some(model::TERMS_VERSION),
            email_verified: self.email_verified,
            notify_by_email: self.notify_by_email,
            unread_notices: self.unread_notices,
            language: model::Lang::parse(&self.language).unwrap_or_default(),
        })
    }
}

/// The signed-in member's own account.
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
