mod analysis_card;
mod auction_panel;
mod bid_chart;
mod bid_feed;

pub use analysis_card::*;
pub use auction_panel::*;
pub use bid_chart::*;
pub use bid_feed::*;
