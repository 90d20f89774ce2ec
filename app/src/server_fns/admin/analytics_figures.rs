use leptos::prelude::*;
use model::AnalyticsReport;

use crate::error::AppError;

/// The analytics of `from`–`to` (`YYYY-MM-DD`, Beijing days; the last 30 days by default), for an
/// admin; `None` for a visitor.
#[server]
pub async fn analytics_figures(from: Option<String>, to: Option<String>) -> Result<Option<AnalyticsReport>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    let (from, to) =
        model::day_range(from.as_deref(), to.as_deref(), chrono::Utc::now()).map_err(market::MarketError::Invalid)?;
    Ok(Some(market::analytics::figures::report(&market()?, &viewer, from, to).await?))
}
