mod category_tabs;
mod idea_card;
mod like_button;
mod pager;

pub use category_tabs::*;
pub use idea_card::*;
pub use like_button::*;
pub use pager::*;

use model::IdeaQuery;

/// The home-page link that shows `query`.
pub fn list_href(query: &IdeaQuery) -> String {
    let qs = query.to_query_string();
    if qs.is_empty() { "/".to_owned() } else { format!("/?{qs}") }
}
