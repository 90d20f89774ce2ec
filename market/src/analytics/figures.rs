//! The figures of a range of Beijing days, read from the tables that hold the facts. Rows are
//! fetched once per source and counted here, which keeps the SQL the same on both databases.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use model::{
    Agent, AgentFigures, AnalyticsReport, Category, CategoryDay, Cohort, Conversion, DayFigures, Msg, Retention,
};

use super::windows::active_counts;
use crate::accounts::{Viewer, require_admin};
use crate::beijing::{date_of, midnight};
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as};

/// The longest range asked at once.
pub const MAX_DAYS: i64 = 366;

/// The figures from `from` to `to` (inclusive), for an admin.
pub async fn report(market: &Market, admin: &Viewer, from: NaiveDate, to: NaiveDate) -> MarketResult<AnalyticsReport> {
    require_admin(admin)?;
    let span = (to - from).num_days() + 1;
    if !(1..=MAX_DAYS).contains(&span) {
        return Err(MarketError::invalid(
            "from",
            Msg::new(format!("日期范围须为 1–{MAX_DAYS} 天"), format!("The date range is 1–{MAX_DAYS} days")),
        ));
    }
    let (start, end) = (midnight(from), midnight(to) + TimeDelta::days(1));
    let range: Vec<NaiveDate> = (0..span).map(|n| from + TimeDelta::days(n)).collect();
    let index = |day: NaiveDate| usize::try_from((day - from).num_days()).ok().filter(|i| *i < range.len());

    // Active members: the 29 days before the range count for its first WAU and MAU.
    let activity: Vec<(NaiveDate, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (NaiveDate, i64),
        "SELECT day, user_id FROM member_activity WHERE day >= ? AND day <= ?",
        from - TimeDelta::days(29),
        to
    )?;
    let mut active: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
    for (day, user) in activity {
        active.entry(user).or_default().push(day);
    }
    let (dau, wau, mau) = (
        active_counts(&active, from, to, 1),
        active_counts(&active, from, to, 7),
        active_counts(&active, from, to, 30),
    );

    let mut days: Vec<DayFigures> = range
        .iter()
        .enumerate()
        .map(|(i, day)| DayFigures {
            day: day.to_string(),
            dau: dau[i],
            wau: wau[i],
            mau: mau[i],
            new_members: 0,
            ideas: 0,
            plans: 0,
            paid_fen: 0,
            refunded_fen: 0,
        })
        .collect();

    let signups: Vec<(i64, DateTime<Utc>)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, DateTime<Utc>),
        "SELECT id, created_at FROM users WHERE role IN ('user', 'admin') AND created_at >= ? AND created_at < ?",
        start,
        end
    )?;
    for (_, at) in &signups {
        if let Some(i) = index(date_of(*at)) {
            days[i].new_members += 1;
        }
    }

    let ideas: Vec<(DateTime<Utc>, String)> = query_as!(
        market.db.exec(),
        fetch_all,
        (DateTime<Utc>, String),
        "SELECT submitted_at, category FROM ideas WHERE submitted_at >= ? AND submitted_at < ?",
        start,
        end
    )?;
    let mut by_category: BTreeMap<(NaiveDate, &'static str), i64> = BTreeMap::new();
    for (at, category) in &ideas {
        let day = date_of(*at);
        if let Some(i) = index(day) {
            days[i].ideas += 1;
        }
        if let Some(c) = Category::parse(category) {
            *by_category.entry((day, c.as_str())).or_default() += 1;
        }
    }
    let ideas_by_category = by_category
        .into_iter()
        .filter_map(|((day, c), ideas)| {
            Some(CategoryDay { day: day.to_string(), category: Category::parse(c)?, ideas })
        })
        .collect();

    let plans: Vec<DateTime<Utc>> = crate::query_scalar!(
        market.db.exec(),
        fetch_all,
        DateTime<Utc>,
        "SELECT created_at FROM business_plans WHERE created_at >= ? AND created_at < ?",
        start,
        end
    )?;
    for at in plans {
        if let Some(i) = index(date_of(at)) {
            days[i].plans += 1;
        }
    }
    for (i, money) in crate::payments::figures::daily(market, admin, from, to).await?.into_iter().enumerate() {
        if let Some(day) = days.get_mut(i) {
            day.paid_fen = money.paid_fen;
            day.refunded_fen = money.refunded_fen;
        }
    }

    Ok(AnalyticsReport {
        from: from.to_string(),
        to: to.to_string(),
        days,
        ideas_by_category,
        agents: agents(market, start, end).await?,
        cohorts: cohorts(market, &signups, date_of(Utc::now())).await?,
        conversion: conversion(market, start, end).await?,
    })
}

/// Each agent's analyses and plan stages: outcome and the provider's latency.
async fn agents(market: &Market, start: DateTime<Utc>, end: DateTime<Utc>) -> MarketResult<Vec<AgentFigures>> {
    let mut calls: Vec<(String, bool, bool, Option<i64>)> = query_as!(
        market.db.exec(),
        fetch_all,
        (String, bool, bool, Option<i64>),
        "SELECT ai_agent, offline, fallback IS NOT NULL, CAST(latency_ms AS SIGNED) FROM ai_analyses WHERE created_at >= ? AND created_at < ?",
        start,
        end
    )?;
    calls.extend(query_as!(
        market.db.exec(),
        fetch_all,
        (String, bool, bool, Option<i64>),
        "SELECT agent, offline, fallback IS NOT NULL, millis FROM plan_stages WHERE agent IS NOT NULL AND started_at >= ? AND started_at < ?",
        start,
        end
    )?);
    let mut figures: Vec<AgentFigures> = Agent::ALL
        .into_iter()
        .map(|agent| AgentFigures { agent, ok: 0, fallback: 0, offline: 0, p50_ms: None, p95_ms: None })
        .collect();
    let mut latencies: HashMap<&'static str, Vec<i64>> = HashMap::new();
    for (key, offline, fell_back, latency) in calls {
        let Some(f) = figures.iter_mut().find(|f| f.agent.key() == key) else { continue };
        match (offline, fell_back) {
            (false, _) => f.ok += 1,
            (true, true) => f.fallback += 1,
            (true, false) => f.offline += 1,
        }
        if (!offline || fell_back)
            && let Some(ms) = latency
        {
            latencies.entry(f.agent.key()).or_default().push(ms);
        }
    }
    for f in &mut figures {
        if let Some(ms) = latencies.get_mut(f.agent.key()) {
            ms.sort_unstable();
            f.p50_ms = percentile(ms, 50);
            f.p95_ms = percentile(ms, 95);
        }
    }
    Ok(figures)
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Retention by signup week: of the members who signed up that week, those active on their day 1,
/// 7 and 30 (counted only for members whose day has come by `today`).
async fn cohorts(market: &Market, signups: &[(i64, DateTime<Utc>)], today: NaiveDate) -> MarketResult<Vec<Cohort>> {
    let Some(first) = signups.iter().map(|(_, at)| *at).min() else {
        return Ok(Vec::new());
    };
    let members: HashSet<i64> = signups.iter().map(|(id, _)| *id).collect();
    let activity: Vec<(NaiveDate, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (NaiveDate, i64),
        "SELECT a.day, a.user_id FROM member_activity a JOIN users u ON u.id = a.user_id WHERE u.created_at >= ? AND a.day >= ?",
        first,
        date_of(first)
    )?;
    let active: HashSet<(i64, NaiveDate)> =
        activity.into_iter().filter(|(_, user)| members.contains(user)).map(|(day, user)| (user, day)).collect();
    let mut weeks: BTreeMap<NaiveDate, Vec<(i64, NaiveDate)>> = BTreeMap::new();
    for (id, at) in signups {
        let day = date_of(*at);
        let monday = day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday()));
        weeks.entry(monday).or_default().push((*id, day));
    }
    let retention = |list: &[(i64, NaiveDate)], after: i64| {
        let due: Vec<&(i64, NaiveDate)> = list.iter().filter(|(_, d)| *d + TimeDelta::days(after) <= today).collect();
        (!due.is_empty()).then(|| Retention {
            retained: due.iter().filter(|(id, d)| active.contains(&(*id, *d + TimeDelta::days(after)))).count() as i64,
            of: due.len() as i64,
        })
    };
    Ok(weeks
        .into_iter()
        .map(|(week, list)| Cohort {
            week: week.to_string(),
            members: list.len() as i64,
            day1: retention(&list, 1),
            day7: retention(&list, 7),
            day30: retention(&list, 30),
        })
        .collect())
}

/// Of the members who signed up in the range, how many have submitted an idea, ordered a plan and
/// paid for credits (at any time since).
async fn conversion(market: &Market, start: DateTime<Utc>, end: DateTime<Utc>) -> MarketResult<Conversion> {
    let rows: Vec<(bool, bool, bool)> = query_as!(
        market.db.exec(),
        fetch_all,
        (bool, bool, bool),
        "SELECT EXISTS (SELECT 1 FROM ideas i WHERE i.author_id = u.id), \
         EXISTS (SELECT 1 FROM business_plans p WHERE p.user_id = u.id), \
         EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.paid_at IS NOT NULL) \
         FROM users u WHERE u.role IN ('user', 'admin') AND u.created_at >= ? AND u.created_at < ?",
        start,
        end
    )?;
    let count = |f: fn(&(bool, bool, bool)) -> bool| rows.iter().filter(|r| f(r)).count() as i64;
    Ok(Conversion {
        signups: rows.len() as i64,
        first_idea: count(|r| r.0),
        first_plan: count(|r| r.1),
        first_topup: count(|r| r.2),
    })
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let ms: Vec<i64> = (1..=20).map(|n| n * 10).collect();
        assert_eq!(percentile(&ms, 50), Some(100));
        assert_eq!(percentile(&ms, 95), Some(190));
        assert_eq!(percentile(&[7], 95), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }
}
