//! The live auction: each agent's analysis of the idea (`analysis`, asked of the `analysts`, the
//! `offline` one among them), pure rules (`rules`), the agents' ledger accounts (`agents`), and
//! the steps the background worker runs (`steps`), each one transaction that a crash either completes or
//! leaves undone.

pub mod agents;
pub mod analysis;
pub mod analysts;
pub mod offline;
pub mod rules;
pub mod steps;
pub mod view;

use std::time::Duration;

/// How auctions are run; demo-length by default so a visitor sees a whole one.
#[derive(Debug, Clone, PartialEq)]
pub struct AuctionSettings {
    pub duration: Duration,
    /// Mean time between rounds (each round jitters around it, so bids arrive staggered).
    pub round_interval: Duration,
    pub rules: rules::Rules,
    /// The most an agent spends on one idea.
    pub agent_budget: i64,
    /// What each agent's account starts with.
    pub agent_endowment: i64,
    /// How long an instance owns a pending idea while analysing it.
    pub analysis_lease: Duration,
}

impl Default for AuctionSettings {
    fn default() -> Self {
        Self {
            duration: Duration::from_secs(180),
            round_interval: Duration::from_secs(6),
            rules: rules::Rules::default(),
            agent_budget: 2000,
            agent_endowment: 1_000_000,
            analysis_lease: Duration::from_secs(60),
        }
    }
}
