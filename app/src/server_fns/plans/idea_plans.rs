use leptos::prelude::*;
use model::PlanSummary;

use crate::error::AppError;

/// The signed-in user's plans of one idea, newest first; none for a visitor.
#[server]
pub async fn idea_plans(idea_id: i64) -> Result<Vec<PlanSummary>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(Vec::new());
    };
    Ok(market::plans::list_for_idea(&market()?, idea_id, viewer.id).await?)
}
