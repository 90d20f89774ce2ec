use leptos::prelude::*;
use model::IdeaSummary;

use crate::error::AppError;

/// The featured ideas (精选) for the home page.
#[server]
pub async fn featured_ideas() -> Result<Vec<IdeaSummary>, AppError> {
    use crate::server_fns::request::market;
    Ok(market::ideas::featured::list(&market()?).await?)
}
