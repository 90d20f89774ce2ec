mod file_report;

pub use file_report::*;
