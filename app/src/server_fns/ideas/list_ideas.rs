use leptos::prelude::*;
use model::{IdeaPage, IdeaQuery};

use crate::error::AppError;

/// A page of the idea list for a validated query.
#[server]
pub async fn list_ideas(query: IdeaQuery) -> Result<IdeaPage, AppError> {
    use crate::server_fns::request::market;
    Ok(market::ideas::list(&market()?, &query).await?)
}
