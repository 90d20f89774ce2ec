mod bell;
mod mail_preference;
mod watch_button;

pub use bell::*;
pub use mail_preference::*;
pub use watch_button::*;
