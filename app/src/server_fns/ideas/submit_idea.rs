use leptos::prelude::*;

use crate::error::AppError;

/// Submits an idea for the signed-in user; answers with its id.
#[server]
pub async fn submit_idea(
    title: String,
    description: String,
    category: String,
    tags: String,
    /// Ids of draft files, comma-separated.
    attachments: Option<String>,
) -> Result<i64, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let viewer = require_viewer().await?;
    let attachments = attachments.unwrap_or_default().split(',').filter_map(|id| id.trim().parse().ok()).collect();
    let idea = model::NewIdea { title, description, category, tags: model::split_tags(&tags), attachments };
    Ok(market::ideas::create(&market()?, viewer.id, idea).await?.id)
}
