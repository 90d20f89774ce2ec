//! What the admin console reads across features (members with their credits, ideas and
//! orders; ideas, hidden or not). It only reads; every change goes through the feature that owns
//! the table.

pub mod ideas;
pub mod members;
