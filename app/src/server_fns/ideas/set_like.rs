use leptos::prelude::*;
use model::LikeState;

use crate::error::AppError;

/// Likes or unlikes an idea for the signed-in user.
#[server]
pub async fn set_like(id: i64, like: bool) -> Result<LikeState, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::ideas::set_like(&market()?, viewer.id, id, like).await?)
}
