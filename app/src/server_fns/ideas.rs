mod featured_ideas;
mod get_auction;
mod get_idea;
mod list_ideas;
mod set_like;
mod submit_idea;

pub use featured_ideas::*;
pub use get_auction::*;
pub use get_idea::*;
pub use list_ideas::*;
pub use set_like::*;
pub use submit_idea::*;
