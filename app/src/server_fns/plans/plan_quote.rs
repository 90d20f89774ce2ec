use leptos::prelude::*;
use model::PlanQuote;

use crate::error::AppError;

/// What a plan costs the signed-in user now, and their balance.
#[server(name = GetPlanQuote)]
pub async fn plan_quote() -> Result<PlanQuote, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    Ok(market::plans::quote(&market()?, viewer.id).await?)
}
