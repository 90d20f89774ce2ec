use leptos::prelude::*;
use model::{NewReport, ReportSubject};

use crate::error::AppError;

/// Reports an idea or a shared plan for the signed-in member.
#[server]
pub async fn file_report(subject: ReportSubject, report: NewReport) -> Result<(), AppError> {
    use market::moderation::reports;

    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let market = market()?;
    match subject {
        ReportSubject::Idea(id) => reports::report_idea(&market, &viewer, id, report).await?,
        ReportSubject::Plan { id, share } => {
            reports::report_plan(&market, &viewer, id, share.as_deref(), report).await?
        }
    }
    Ok(())
}
