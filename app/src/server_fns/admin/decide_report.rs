use leptos::prelude::*;

use crate::error::AppError;

/// An admin upholds (hides the idea or ends the plan's link, with a reason the author reads) or
/// dismisses a report. A plain form in the console.
#[server]
pub async fn decide_report(id: i64, uphold: bool, reason: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    market::moderation::reports::decide(&market()?, &viewer, id, &model::ReportDecision { uphold, reason }).await?;
    Ok(())
}
