use leptos::prelude::*;

use crate::error::AppError;

/// Hides an idea with a reason its author reads, or (`hidden` false) shows it again (a plain
/// form in the console).
#[server]
pub async fn set_idea_hidden(id: i64, hidden: bool, reason: String) -> Result<(), AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let market = market()?;
    if hidden {
        market::moderation::hide_idea(&market, &viewer, id, &reason).await?;
    } else {
        market::moderation::unhide_idea(&market, &viewer, id).await?;
    }
    Ok(())
}
