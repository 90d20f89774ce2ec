//! Wire types and validation rules shared by the browser and the server.
//!
//! Nothing here performs I/O: the crate compiles to wasm and its limits are the single source of
//! truth for the submit form (validated as the user types) and for the server.

pub mod account;
pub mod agent;
pub mod analytics;
pub mod attachment;
pub mod auction;
pub mod audit;
pub mod console;
pub mod credits;
pub mod error;
pub mod export;
pub mod financials;
pub mod format;
pub mod html;
pub mod idea;
pub mod lang;
pub mod moderation;
pub mod notification;
pub mod payments;
pub mod plan;
pub mod profile;
pub mod url;
pub mod validate;

pub use account::*;
pub use agent::*;
pub use analytics::*;
pub use attachment::*;
pub use auction::*;
pub use audit::*;
pub use console::*;
pub use credits::*;
pub use error::*;
pub use export::*;
pub use financials::*;
pub use idea::*;
pub use lang::*;
pub use moderation::*;
pub use notification::*;
pub use payments::*;
pub use plan::*;
pub use profile::*;
pub use validate::{
    DESCRIPTION_MAX, DESCRIPTION_MIN, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, SMS_CODE_LEN, TAG_MAX, TAGS_MAX,
    TITLE_MAX, TITLE_MIN, USERNAME_MAX, USERNAME_MIN,
};
