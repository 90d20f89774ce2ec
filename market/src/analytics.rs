//! Analytics for the admins (`/admin/analytics`). Most figures are read from the tables that
//! already hold the facts (members, ideas, plans, orders, the agents' analyses and the plans'
//! stages), so they are as exact as the books and cost nothing to record. What no table held is
//! recorded here: each member's sign-ins and page views per Beijing day (`activity`, counted in
//! memory off the request path and added to `member_activity` every few seconds), and each
//! analysis' latency (`ai_analyses.latency_ms`, written with the analysis by the worker).

pub mod activity;
pub mod figures;
mod windows;
