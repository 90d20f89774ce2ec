mod analytics;
mod audit;
mod idea;
mod ideas;
mod member;
mod members;
mod orders;
mod reports;
mod second_factor;

pub use analytics::*;
pub use audit::*;
pub use idea::*;
pub use ideas::*;
pub use member::*;
pub use members::*;
pub use orders::*;
pub use reports::*;
pub use second_factor::*;
