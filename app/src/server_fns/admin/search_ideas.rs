use leptos::prelude::*;
use model::ConsoleIdea;

use crate::error::AppError;

/// Ideas whose title contains `q`, hidden ones included; `hidden` narrows them (admins only;
/// `None` for a visitor).
#[server]
pub async fn search_ideas(q: String, hidden: Option<bool>) -> Result<Option<Vec<ConsoleIdea>>, AppError> {
    use crate::server_fns::request::{market, viewer};
    let Some(viewer) = viewer().await else {
        return Ok(None);
    };
    Ok(Some(market::console::ideas::search(&market()?, &viewer, &q, hidden).await?))
}
