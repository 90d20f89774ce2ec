mod get_author;
mod get_my_space;

pub use get_author::*;
pub use get_my_space::*;
