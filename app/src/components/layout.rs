mod consent_banner;
mod header;

pub use consent_banner::*;
pub use header::*;
