use leptos::prelude::*;
use model::PlanProgressView;

use crate::error::AppError;

/// How far a plan is, for its owner or anyone holding its share token: the live part of the
/// plan page reloads this, not the whole plan.
#[server]
pub async fn plan_progress(id: i64, share: Option<String>) -> Result<PlanProgressView, AppError> {
    use crate::server_fns::request::{market, viewer};
    let viewer = viewer().await.map(|v| v.id);
    Ok(market::plans::view(&market()?, id, viewer, share.as_deref()).await?.progress())
}
