mod copy_link;
mod field;
mod print_button;
mod refusal;
mod send_code_button;

pub use copy_link::*;
pub use field::*;
pub use print_button::*;
pub use refusal::*;
pub use send_code_button::*;
