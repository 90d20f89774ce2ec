//! The AI Market server: one binary serving the pages (Leptos SSR + hydration), the REST API,
//! the server functions and the static assets. `startup` builds and runs it.

// The page views' types nest deeper than rustc's default of 128 when their futures are laid out here.
#![recursion_limit = "256"]

pub mod analytics_csv;
pub mod api;
pub mod config;
pub mod files;
pub mod live;
pub mod metrics;
pub mod middleware;
pub mod ops;
pub mod payments;
pub mod rate_limit;
pub mod security;
pub mod seo;
pub mod serve;
pub mod site;
pub mod sse;
pub mod startup;
pub mod telemetry;
pub mod worker;

pub use startup::{AppState, Running, connect, grant_admin, reset_second_factor, router, run, start};
