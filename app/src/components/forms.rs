mod field;

pub use field::*;
