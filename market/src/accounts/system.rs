//! Accounts that are not people: they hold credits in the ledger but can never sign in.

use crate::db::{Tx, is_unique_violation};
use crate::error::MarketResult;
use crate::{execute, query_scalar};

/// The id of the system account `username` with `role`, created with `email` if missing. `None`
/// when another instance created it at the same moment (the caller's transaction then holds
/// nothing and is dropped).
pub async fn ensure(tx: &mut Tx, username: &str, email: &str, role: &str) -> MarketResult<Option<i64>> {
    if let Some(id) =
        query_scalar!(tx.exec(), fetch_optional, i64, "SELECT id FROM users WHERE username = ?", username)?
    {
        return Ok(Some(id));
    }
    let inserted = execute!(
        tx.exec(),
        // The password hash is not a PHC string, so no password ever matches it.
        "INSERT INTO users (username, email, password_hash, phone, credits, role, created_at) VALUES (?, ?, ?, NULL, 0, ?, ?)",
        username,
        email,
        format!("!{role}"),
        role,
        chrono::Utc::now()
    );
    match inserted {
        Ok(done) => Ok(Some(done.last_id)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
