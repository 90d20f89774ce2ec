pub mod account;
pub mod auction;
pub mod credits;
pub mod forms;
pub mod ideas;
pub mod layout;
pub mod moderation;
pub mod plans;
