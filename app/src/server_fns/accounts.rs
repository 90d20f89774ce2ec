mod current_user;
mod login;
mod logout;
mod register;
mod send_sms_code;

pub use current_user::*;
pub use login::*;
pub use logout::*;
pub use register::*;
pub use send_sms_code::*;
