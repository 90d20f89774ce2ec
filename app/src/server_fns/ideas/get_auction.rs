use leptos::prelude::*;
use model::AuctionView;

use crate::error::AppError;

/// The analyses, the auction and its bids for an idea.
#[server]
pub async fn get_auction(id: i64) -> Result<AuctionView, AppError> {
    use crate::server_fns::request::market;
    Ok(market::auction::view::auction_view(&market()?, id).await?)
}
