mod audit;
mod ideas;
mod member;
mod members;
mod orders;
mod reports;

pub use audit::*;
pub use ideas::*;
pub use member::*;
pub use members::*;
pub use orders::*;
pub use reports::*;
