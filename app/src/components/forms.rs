mod copy_link;
mod field;

pub use copy_link::*;
pub use field::*;
