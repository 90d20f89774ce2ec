mod invite_card;
mod ledger_list;
mod level_card;

pub use invite_card::*;
pub use ledger_list::*;
pub use level_card::*;
