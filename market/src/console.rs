//! What the admin console reads across features (members with their credits, ideas and
//! orders). It only reads; every change goes through the feature that owns the table.

pub mod members;
