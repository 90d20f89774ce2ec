use leptos::prelude::*;
use model::{ReportStatus, ReportView};

use crate::error::AppError;

/// One page of the review queue (admins only; `None` for a visitor).
#[server]
pub async fn report_queue(status: ReportStatus, page: i64) -> Result<Option<Vec<ReportView>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::moderation::reports::queue(&market()?, &viewer, status, page.max(1)).await?))
}
