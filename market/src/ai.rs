//! The five AI agents: their analyses, and the offline analysts that stand in for a provider.

pub mod analysis;
pub mod offline;
