mod share_panel;

pub use share_panel::*;
