mod audit;
mod orders;
mod reports;

pub use audit::*;
pub use orders::*;
pub use reports::*;
