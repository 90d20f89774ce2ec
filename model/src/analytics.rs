//! The admins' analytics (`/admin/analytics`): figures per Beijing day over a range, the AI
//! agents' outcomes and latency, retention by signup week and conversion.

use serde::{Deserialize, Serialize};

/// Everything the analytics page shows for one range of days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsReport {
    /// `2026-12-01`.
    pub from: String,
    pub to: String,
    pub days: Vec<DayFigures>,
    pub ideas_by_category: Vec<CategoryDay>,
    pub agents: Vec<AgentFigures>,
    pub cohorts: Vec<Cohort>,
    pub conversion: Conversion,
}

/// One Beijing day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    pub day: String,
    /// Members active that day, in the 7 and the 30 days ending that day.
    pub dau: i64,
    pub wau: i64,
    pub mau: i64,
    pub new_members: i64,
    pub ideas: i64,
    pub plans: i64,
    pub paid_fen: i64,
    pub refunded_fen: i64,
}

/// Ideas submitted in a category on a day (days without any are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDay {
    pub day: String,
    pub category: crate::Category,
    pub ideas: i64,
}

/// One agent's analyses and plan stages in the range: answered by its provider (`ok`), answered by
/// the offline analyst after the provider failed (`fallback`), or offline without a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentFigures {
    pub agent: crate::Agent,
    pub ok: i64,
    pub fallback: i64,
    pub offline: i64,
    /// Of the provider's calls (ok and fallback), in milliseconds.
    pub p50_ms: Option<i64>,
    pub p95_ms: Option<i64>,
}

impl AgentFigures {
    /// Share of the provider's calls it answered, when it was called at all.
    pub fn success_rate(&self) -> Option<f64> {
        let called = self.ok + self.fallback;
        (called > 0).then(|| self.ok as f64 / called as f64)
    }
}

/// Members who signed up in one week (Monday to Sunday, Beijing time) and how many came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    /// The Monday.
    pub week: String,
    pub members: i64,
    pub day1: Option<Retention>,
    pub day7: Option<Retention>,
    pub day30: Option<Retention>,
}

/// Of `of` members whose day N has come, `retained` were active on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    pub retained: i64,
    pub of: i64,
}

impl Retention {
    pub fn share(self) -> f64 {
        if self.of == 0 { 0.0 } else { self.retained as f64 / self.of as f64 }
    }
}

/// Of the members who signed up in the range, how many went on to each step (ever).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub signups: i64,
    pub first_idea: i64,
    pub first_plan: i64,
    pub first_topup: i64,
}

/// The range of Beijing days a request names (`YYYY-MM-DD`), by default the 30 days ending today
/// (the analytics and the payment figures).
pub fn day_range(
    from: Option<&str>,
    to: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), Vec<crate::FieldMsg>> {
    use crate::{FieldMsg, Msg};
    let today = (now + chrono::TimeDelta::hours(8)).date_naive();
    let parse = |field: &str, value: Option<&str>, default: chrono::NaiveDate| match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
            vec![FieldMsg::new(field, Msg::new("日期格式应为 2026-12-01", "Dates are written 2026-12-01"))]
        }),
    };
    let to = parse("to", to, today)?;
    let from = parse("from", from, to - chrono::TimeDelta::days(29))?;
    if from > to {
        let message = Msg::new("开始日期不能晚于结束日期", "The start date cannot be after the end date");
        return Err(vec![FieldMsg::new("from", message)]);
    }
    Ok((from, to))
}
