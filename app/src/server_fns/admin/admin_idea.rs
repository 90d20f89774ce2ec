use leptos::prelude::*;
use model::{AuctionView, ConsoleIdea};

use crate::error::AppError;

/// One idea, hidden or not, with its analyses and auction, for an admin; `None` for a visitor.
#[server]
pub async fn admin_idea(id: i64) -> Result<Option<(ConsoleIdea, AuctionView)>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::console::ideas::one(&market()?, &viewer, id).await?))
}
