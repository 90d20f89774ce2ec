use leptos::prelude::*;
use model::Me;

use crate::error::AppError;

/// The member accepts the 用户协议 and 隐私政策 in force (a plain form in the consent banner).
#[server]
pub async fn accept_terms() -> Result<Me, AppError> {
    use crate::server_fns::request::{market, require_viewer};
    let market = market()?;
    let viewer = require_viewer().await?;
    Ok(market::accounts::accept_terms(&market, viewer.id).await?)
}
