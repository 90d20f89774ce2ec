mod header;

pub use header::*;
