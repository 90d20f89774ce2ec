use leptos::prelude::*;
use model::CreatedApiToken;

use crate::error::AppError;

/// Creates a personal API token; its secret is in this answer only.
#[server]
pub async fn create_api_token(name: String) -> Result<CreatedApiToken, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::accounts::tokens::create(&market()?, viewer.id, &name).await?)
}

/// Revokes one of the member's own tokens.
#[server]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::accounts::tokens::revoke(&market()?, viewer.id, id).await?)
}
