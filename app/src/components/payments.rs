mod buy_form;
mod order_receipt;
mod order_state;

pub use buy_form::*;
pub use order_receipt::*;
pub use order_state::*;
