mod hidden_notice;
mod report_button;

pub use hidden_notice::*;
pub use report_button::*;
