mod get_credits;

pub use get_credits::*;
