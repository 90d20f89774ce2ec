mod copy_link;
mod field;
mod send_code_button;

pub use copy_link::*;
pub use field::*;
pub use send_code_button::*;
