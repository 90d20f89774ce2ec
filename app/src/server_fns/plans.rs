mod generate_plan;
mod get_plan;
mod idea_plans;
mod plan_progress;
mod plan_quote;

pub use generate_plan::*;
pub use get_plan::*;
pub use idea_plans::*;
pub use plan_progress::*;
pub use plan_quote::*;
