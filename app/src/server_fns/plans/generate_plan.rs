use leptos::prelude::*;
use model::PlanCreated;

use crate::error::AppError;

/// Charges the signed-in user and starts a plan. The same `request_key` (one per opening of the
/// panel) returns the first plan again, so a double click is charged once.
#[server]
pub async fn generate_plan(
    idea_id: i64,
    detailed: bool,
    // With no provider chosen the list is empty, and a form encoding leaves it out entirely.
    #[server(default)] ai_services: Vec<String>,
    request_key: String,
) -> Result<PlanCreated, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let req = model::GeneratePlanRequest { idea_id, options: model::PlanOptions { detailed, ai_services } };
    Ok(market::plans::generate(&market()?, viewer.id, &req, Some(&request_key)).await?)
}
