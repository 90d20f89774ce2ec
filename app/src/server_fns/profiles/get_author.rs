use leptos::prelude::*;
use model::AuthorPage;

use crate::error::AppError;

/// An author's public page.
#[server]
pub async fn get_author(username: String) -> Result<AuthorPage, AppError> {
    use crate::server_fns::request::market;
    Ok(market::profiles::author(&market()?, &username).await?)
}
