use leptos::prelude::*;
use model::Me;

use crate::error::AppError;

/// The signed-in user with the balance, or `None` for a visitor.
#[server]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::accounts::me(&market()?, viewer.id).await?))
}
