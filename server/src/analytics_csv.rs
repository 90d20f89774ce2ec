//! `GET /admin/analytics.csv?table=days|agents|cohorts|conversion|categories&from=&to=`: each table
//! of the analytics page as CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese), for
//! admins. Every cell is a date, a number or one of our own names; none comes from a member.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use market::{Market, MarketError};
use model::{AnalyticsReport, Retention};

use crate::AppState;
use crate::api::ApiFailure;
use crate::api::extract::MaybeSignedIn;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/analytics.csv", get(csv))
}

async fn csv(
    State(market): State<Market>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let table = query.get("table").map(String::as_str).unwrap_or("days");
    let made = async {
        let viewer = viewer.ok_or(MarketError::Unauthorized)?;
        let (from, to) = model::day_range(
            query.get("from").map(String::as_str),
            query.get("to").map(String::as_str),
            chrono::Utc::now(),
        )
        .map_err(MarketError::Invalid)?;
        let report = market::analytics::figures::report(&market, &viewer, from, to).await?;
        rows(table, &report)
            .ok_or_else(|| MarketError::invalid("table", model::Msg::new("没有这张表", "There is no such table")))
    }
    .await;
    match made {
        Err(e) => ApiFailure::from(e).into_response(),
        Ok(rows) => {
            let mut body = String::from("\u{feff}");
            for row in rows {
                body.push_str(&row.join(","));
                body.push_str("\r\n");
            }
            let mut response = body.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"analytics-{table}.csv\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            response
        }
    }
}

fn retention(r: Option<Retention>) -> [String; 2] {
    r.map_or([String::new(), String::new()], |r| [r.retained.to_string(), r.of.to_string()])
}

/// The table's rows, its header first; `None` for an unknown table.
fn rows(table: &str, r: &AnalyticsReport) -> Option<Vec<Vec<String>>> {
    let head = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    Some(match table {
        "days" => std::iter::once(head(&[
            "day",
            "dau",
            "wau",
            "mau",
            "new_members",
            "ideas",
            "plans",
            "paid_fen",
            "refunded_fen",
        ]))
        .chain(r.days.iter().map(|d| {
            vec![
                d.day.clone(),
                d.dau.to_string(),
                d.wau.to_string(),
                d.mau.to_string(),
                d.new_members.to_string(),
                d.ideas.to_string(),
                d.plans.to_string(),
                d.paid_fen.to_string(),
                d.refunded_fen.to_string(),
            ]
        }))
        .collect(),
        "agents" => std::iter::once(head(&["agent", "ok", "fallback", "offline", "p50_ms", "p95_ms"]))
            .chain(r.agents.iter().map(|a| {
                vec![
                    a.agent.key().to_owned(),
                    a.ok.to_string(),
                    a.fallback.to_string(),
                    a.offline.to_string(),
                    a.p50_ms.map(|v| v.to_string()).unwrap_or_default(),
                    a.p95_ms.map(|v| v.to_string()).unwrap_or_default(),
                ]
            }))
            .collect(),
        "cohorts" => std::iter::once(head(&[
            "week",
            "members",
            "day1_retained",
            "day1_of",
            "day7_retained",
            "day7_of",
            "day30_retained",
            "day30_of",
        ]))
        .chain(r.cohorts.iter().map(|c| {
            let mut row = vec![c.week.clone(), c.members.to_string()];
            for cell in [c.day1, c.day7, c.day30] {
                row.extend(retention(cell));
            }
            row
        }))
        .collect(),
        "conversion" => vec![
            head(&["signups", "first_idea", "first_plan", "first_topup"]),
            vec![
                r.conversion.signups.to_string(),
                r.conversion.first_idea.to_string(),
                r.conversion.first_plan.to_string(),
                r.conversion.first_topup.to_string(),
            ],
        ],
        "categories" => std::iter::once(head(&["day", "category", "ideas"]))
            .chain(
                r.ideas_by_category
                    .iter()
                    .map(|c| vec![c.day.clone(), c.category.as_str().to_owned(), c.ideas.to_string()]),
            )
            .collect(),
        _ => return None,
    })
}
