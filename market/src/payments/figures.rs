//! Money in and out per day (Beijing time) for the admins: what was paid, what was refunded.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use model::{Msg, PaymentDay};

use crate::accounts::{Viewer, admin::require_admin};
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as};

/// The longest range asked at once.
pub const MAX_DAYS: i64 = 366;

/// One row per day from `from` to `to` (inclusive), days without payments included.
pub async fn daily(market: &Market, admin: &Viewer, from: NaiveDate, to: NaiveDate) -> MarketResult<Vec<PaymentDay>> {
    require_admin(admin)?;
    let days = (to - from).num_days() + 1;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(MarketError::invalid(
            "from",
            Msg::new(format!("日期范围须为 1–{MAX_DAYS} 天"), format!("The date range is 1–{MAX_DAYS} days")),
        ));
    }
    let start = crate::beijing::midnight(from);
    let end = crate::beijing::midnight(to) + TimeDelta::days(1);
    let mut table: BTreeMap<NaiveDate, PaymentDay> = (0..days)
        .map(|n| from + TimeDelta::days(n))
        .map(|day| (day, PaymentDay { day: day.to_string(), orders_paid: 0, paid_fen: 0, refunds: 0, refunded_fen: 0 }))
        .collect();
    let paid: Vec<(DateTime<Utc>, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (DateTime<Utc>, i64),
        "SELECT paid_at, amount_fen FROM orders WHERE paid_at >= ? AND paid_at < ?",
        start,
        end
    )?;
    for (at, fen) in paid {
        if let Some(day) = table.get_mut(&crate::beijing::date_of(at)) {
            day.orders_paid += 1;
            day.paid_fen += fen;
        }
    }
    let refunded: Vec<(DateTime<Utc>, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (DateTime<Utc>, i64),
        "SELECT refunded_at, amount_fen FROM orders WHERE refunded_at >= ? AND refunded_at < ?",
        start,
        end
    )?;
    for (at, fen) in refunded {
        if let Some(day) = table.get_mut(&crate::beijing::date_of(at)) {
            day.refunds += 1;
            day.refunded_fen += fen;
        }
    }
    Ok(table.into_values().collect())
}
