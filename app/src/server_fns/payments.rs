mod confirm_dev_order;
mod create_order;
mod get_buy_page;
mod get_order;
mod list_orders;

pub use confirm_dev_order::*;
pub use create_order::*;
pub use get_buy_page::*;
pub use get_order::*;
pub use list_orders::*;
