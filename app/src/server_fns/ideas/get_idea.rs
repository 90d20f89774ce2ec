use leptos::prelude::*;
use model::IdeaDetail;

use crate::error::AppError;

/// One idea, counting a view.
#[server]
pub async fn get_idea(id: i64) -> Result<IdeaDetail, AppError> {
    use crate::server_fns::request::{market, viewer};
    let viewer = viewer().await.map(|v| v.id);
    Ok(market::ideas::get(&market()?, id, viewer, true).await?)
}
