mod list_notices;
mod open_notice;
mod read_all_notices;
mod set_notification_mail;
mod set_watch;

pub use list_notices::*;
pub use open_notice::*;
pub use read_all_notices::*;
pub use set_notification_mail::*;
pub use set_watch::*;
