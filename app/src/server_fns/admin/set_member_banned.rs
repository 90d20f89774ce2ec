use leptos::prelude::*;

use crate::error::AppError;

/// Bans (`banned`) or unbans a member with a reason for the audit log (a plain form).
#[server]
pub async fn set_member_banned(id: i64, banned: bool, reason: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::accounts::admin::set_banned(&market()?, &viewer, id, banned, Some(&reason)).await?)
}
