mod gallery;
mod transfer;
mod uploader;

pub use gallery::*;
pub use uploader::*;
