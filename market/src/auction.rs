//! The live auction: pure rules (`rules`) and their persistence and schedule (coming with the jobs).

pub mod rules;
