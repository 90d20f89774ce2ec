mod admin_frame;
mod charts;

pub use admin_frame::*;
pub use charts::*;
