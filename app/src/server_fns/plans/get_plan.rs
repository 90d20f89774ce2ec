use leptos::prelude::*;
use model::PlanView;

use crate::error::AppError;

/// One business plan, for its owner or for anyone holding its share token.
#[server]
pub async fn get_plan(id: i64, share: Option<String>) -> Result<PlanView, AppError> {
    use crate::server_fns::request::{market, viewer};
    let viewer = viewer().await.map(|v| v.id);
    Ok(market::plans::view(&market()?, id, viewer, share.as_deref()).await?)
}
