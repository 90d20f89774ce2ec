use leptos::prelude::*;
use model::AccountSettings;

use crate::error::AppError;

/// The signed-in member's account and API tokens, or `None` for a visitor.
#[server]
pub async fn get_settings() -> Result<Option<AccountSettings>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let market = market()?;
    let me = market::accounts::me(&market, viewer.id).await?;
    let tokens = market::accounts::tokens::list(&market, viewer.id).await?;
    Ok(Some(AccountSettings { me, tokens }))
}
