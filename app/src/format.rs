//! Display helpers shared by pages.

use chrono::{DateTime, TimeDelta, Utc};

/// Beijing time (UTC+8, no daylight saving), as users in mainland China read it.
pub fn beijing_time(t: DateTime<Utc>) -> String {
    (t.naive_utc() + TimeDelta::hours(8)).format("%Y-%m-%d %H:%M").to_string()
}
