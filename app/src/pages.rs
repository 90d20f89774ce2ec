mod credits;
mod home;
mod idea;
mod login;
mod not_found;
mod plan;
mod register;
mod settings;
mod submit;

pub use credits::*;
pub use home::*;
pub use idea::*;
pub use login::*;
pub use not_found::*;
pub use plan::*;
pub use register::*;
pub use settings::*;
pub use submit::*;
