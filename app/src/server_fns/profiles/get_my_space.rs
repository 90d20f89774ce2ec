use leptos::prelude::*;
use model::MySpace;

use crate::error::AppError;

/// The member's own space, or `None` for a visitor.
#[server]
pub async fn get_my_space() -> Result<Option<MySpace>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::profiles::mine(&market()?, viewer.id).await?))
}
