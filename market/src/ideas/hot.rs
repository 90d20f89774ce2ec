//! The order of the idea list. "Hottest" ranks by a hot score:
//!
//! ```text
//! hot = (views + 3 × likes + 5 × bids + 1) / (hours since submitted + 2)²
//! ```
//!
//! A like says more than a view and a bid (an agent's money) more than a like; dividing by the
//! squared age makes yesterday's crowd fade before today's, so the top of the list moves. The
//! `+ 1` lets a new idea without attention rank by its youth alone, and the `+ 2` keeps the first
//! hours from dividing by almost nothing.

use chrono::{DateTime, Utc};
use model::Sort;

/// Likes weigh three views; bids five.
const LIKE_WEIGHT: i64 = 3;
const BID_WEIGHT: i64 = 5;

/// The `ORDER BY` of the list for `sort`, at `now`, in the dialect of the database (`mysql`).
pub(super) fn order_by(sort: Sort, mysql: bool, now: DateTime<Utc>) -> String {
    match sort {
        Sort::Newest => "i.submitted_at DESC, i.id DESC".to_owned(),
        Sort::Hottest => {
            // `now` is the server's own clock, written as a literal so the query keeps its binds.
            let now = now.format("%Y-%m-%d %H:%M:%S");
            let seconds = if mysql {
                format!("TIMESTAMPDIFF(SECOND, i.submitted_at, '{now}')")
            } else {
                format!("((julianday('{now}') - julianday(i.submitted_at)) * 86400.0)")
            };
            let age = format!("(CASE WHEN {seconds} > 0 THEN {seconds} ELSE 0 END / 3600.0 + 2)");
            format!(
                "((i.views + {LIKE_WEIGHT} * i.likes + {BID_WEIGHT} * (SELECT COUNT(*) FROM ai_bids b WHERE b.idea_id = i.id) + 1) \
                 / ({age} * {age})) DESC, i.id DESC"
            )
        }
        Sort::Score => "i.ai_score DESC, i.id DESC".to_owned(),
        Sort::Closing => "(SELECT a.closes_at FROM auctions a WHERE a.idea_id = i.id AND a.status = 'open') IS NULL, \
             (SELECT a.closes_at FROM auctions a WHERE a.idea_id = i.id AND a.status = 'open'), \
             i.submitted_at DESC, i.id DESC"
            .to_owned(),
    }
}
