use leptos::prelude::*;

use crate::error::AppError;

/// Features an idea on the home page, or (`featured` false) takes it off (a plain form in the
/// console).
#[server]
pub async fn set_idea_featured(id: i64, featured: bool) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    market::moderation::feature_idea(&market()?, &viewer, id, featured).await?;
    Ok(())
}
