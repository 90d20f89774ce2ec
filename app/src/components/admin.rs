mod admin_frame;

pub use admin_frame::*;
