//! Business plans: bought with credits, written stage by stage by the five providers (or the
//! offline analysts), resumable after a crash, readable and exportable when done.

pub mod content;
mod endings;
pub mod markdown;
pub mod offline;
mod pipeline;
pub mod prompts;

use std::time::Duration;

use chrono::{DateTime, Utc};
use model::{
    Agent, Financials, GeneratePlanRequest, Level, Msg, PlanContent, PlanCreated, PlanOptions, PlanQuote, PlanStatus,
    PlanSummary, PlanView, Stage, StageRun, StageState, StageView,
};
use serde::{Deserialize, Serialize};

pub use self::pipeline::{claim_due, release, run};
use crate::credits::{self, Reason, Transfer};
use crate::db::{Tx, is_unique_violation};
use crate::error::{MarketError, MarketResult};
use crate::{Market, execute, query_as, query_scalar};

/// Prices and timings of plan generation.
#[derive(Debug, Clone)]
pub struct PlanSettings {
    pub cost: i64,
    pub cost_detailed: i64,
    /// Share of the price credited to the idea's author when someone else buys a plan.
    pub royalty_percent: i64,
    /// How long a generating instance holds a plan before another may take it over; renewed
    /// while it works, so only a crashed instance's lease runs out.
    pub lease: Duration,
    /// Takeovers after which a plan is failed and refunded instead of retried again.
    pub max_attempts: i64,
    /// How long the offline analyst takes to write one stage, so the page shows it being written.
    pub offline_pace: Duration,
}

impl Default for PlanSettings {
    fn default() -> Self {
        Self {
            cost: 200,
            cost_detailed: 300,
            royalty_percent: 10,
            lease: Duration::from_secs(30),
            max_attempts: 3,
            offline_pace: Duration::from_millis(1500),
        }
    }
}

fn price(settings: &PlanSettings, level: Level, detailed: bool) -> i64 {
    let base = if detailed { settings.cost_detailed } else { settings.cost };
    base * (100 - level.plan_discount_percent()) / 100
}

async fn level_and_balance(market: &Market, user_id: i64) -> MarketResult<(Level, i64)> {
    let (level, credits): (String, i64) = query_as!(
        market.db.exec(),
        fetch_optional,
        (String, i64),
        "SELECT level, credits FROM users WHERE id = ?",
        user_id
    )?
    .ok_or(MarketError::Unauthorized)?;
    Ok((Level::parse(&level).unwrap_or(Level::Bronze), credits))
}

/// What a plan would cost this user now.
pub async fn quote(market: &Market, user_id: i64) -> MarketResult<PlanQuote> {
    let (level, balance) = level_and_balance(market, user_id).await?;
    let s = &market.settings.plans;
    Ok(PlanQuote {
        standard: price(s, level, false),
        detailed: price(s, level, true),
        discount_percent: level.plan_discount_percent(),
        balance,
    })
}

/// The stored part of `business_plans.plan_data`: the options at first, everything when done.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct PlanData {
    options: PlanOptions,
    #[serde(default)]
    content: Option<PlanContent>,
    #[serde(default)]
    financials: Option<Financials>,
}

/// Starts a plan: checks the request, charges the price through the ledger and records the plan
/// in one transaction. A request repeated with the same `request_key` returns the first plan and
/// charges nothing more; without enough credits nothing is charged and nothing created.
#[tracing::instrument(skip(market, req))]
pub async fn generate(
    market: &Market,
    user_id: i64,
    req: &GeneratePlanRequest,
    request_key: Option<&str>,
) -> MarketResult<PlanCreated> {
    req.options.agents().map_err(|e| MarketError::Invalid(vec![e]))?;
    let request_key = match request_key.map(str::trim) {
        None | Some("") => None,
        Some(k) if k.len() <= 100 && k.chars().all(|c| c.is_ascii_graphic()) => Some(format!("{user_id}:{k}")),
        Some(_) => {
            return Err(MarketError::invalid(
                "Idempotency-Key",
                Msg::new("幂等键须为 1–100 个可见 ASCII 字符", "The Idempotency-Key is 1–100 visible ASCII characters"),
            ));
        }
    };
    let exists = query_scalar!(
        market.db.exec(),
        fetch_optional,
        i64,
        "SELECT id FROM ideas WHERE id = ? AND hidden = FALSE",
        req.idea_id
    )?;
    if exists.is_none() {
        return Err(MarketError::invalid("ideaId", Msg::new("创意不存在", "There is no such idea")));
    }
    let (level, _) = level_and_balance(market, user_id).await?;
    let cost = price(&market.settings.plans, level, req.options.detailed);
    let data = serde_json::to_string(&PlanData { options: req.options.clone(), ..PlanData::default() })
        .map_err(anyhow::Error::from)?;
    let share_token = hex::encode(rand::random::<[u8; 16]>());
    let mut tx = market.db.begin().await?;
    // Lock the buyer's row first: the same request sent twice at once waits here, then finds
    // the first one's plan, instead of both racing for the unique key (a deadlock on InnoDB).
    credits::lock_balance(&mut tx, user_id).await?;
    if let Some(key) = &request_key
        && let Some(earlier) = by_request_key(&mut tx, key).await?
    {
        return Ok(earlier);
    }
    let inserted = execute!(
        tx.exec(),
        "INSERT INTO business_plans (idea_id, user_id, plan_data, status, cost, request_key, share_token, created_at) VALUES (?, ?, ?, 'generating', ?, ?, ?, ?)",
        req.idea_id,
        user_id,
        data,
        cost,
        request_key.as_deref(),
        share_token,
        Utc::now()
    );
    let id = match inserted {
        Ok(done) => done.last_id,
        // The same request raced this one and won: answer with its plan.
        Err(e) if is_unique_violation(&e) && request_key.is_some() => {
            drop(tx);
            let key = request_key.as_deref().unwrap_or_default();
            let mut tx = market.db.begin().await?;
            return by_request_key(&mut tx, key).await?.ok_or(MarketError::NotFound);
        }
        Err(e) => return Err(e.into()),
    };
    if cost > 0 {
        let key = format!("plan:{id}:charge");
        credits::transfer(&mut tx, Transfer::charge(user_id, cost, Reason::PlanPurchase, &key)).await?;
    }
    tx.commit().await?;
    tracing::info!(plan_id = id, cost, "plan charged; generation queued");
    Ok(PlanCreated { id, status: PlanStatus::Generating, cost })
}

async fn by_request_key(tx: &mut Tx, key: &str) -> MarketResult<Option<PlanCreated>> {
    let row = query_as!(
        tx.exec(),
        fetch_optional,
        (i64, String, i64),
        "SELECT id, status, cost FROM business_plans WHERE request_key = ?",
        key
    )?;
    Ok(row.map(|(id, status, cost)| PlanCreated {
        id,
        status: PlanStatus::parse(&status).unwrap_or(PlanStatus::Generating),
        cost,
    }))
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    idea_id: i64,
    user_id: i64,
    idea_title: String,
    plan_data: String,
    overall_score: f64,
    status: String,
    cost: i64,
    share_token: Option<String>,
    created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct StageRow {
    stage: String,
    started_at: DateTime<Utc>,
    agent: Option<String>,
    model: Option<String>,
    offline: bool,
    fallback: Option<String>,
    tokens: i64,
    millis: i64,
    content: Option<String>,
}

/// A finished plan's view, cached for a day (the original plan's time): it never changes again.
const VIEW_TTL: Duration = Duration::from_secs(24 * 3600);

#[derive(Serialize, Deserialize)]
struct CachedView {
    owner: i64,
    view: PlanView,
}

fn view_key(id: i64) -> String {
    format!("plans:view:{id}")
}

/// A plan as its owner sees it, or anyone holding its share token; to others it does not exist.
pub async fn view(market: &Market, id: i64, viewer: Option<i64>, share: Option<&str>) -> MarketResult<PlanView> {
    let cached = match market.cache.get(&view_key(id)).await {
        Ok(hit) => hit.and_then(|json| serde_json::from_str::<CachedView>(&json).ok()),
        Err(e) => {
            tracing::warn!(error = %e, "reading the plan cache failed");
            None
        }
    };
    let CachedView { owner, mut view } = match cached {
        Some(hit) => hit,
        None => {
            let loaded = load(market, id).await?;
            if loaded.view.status != PlanStatus::Generating
                && let Ok(json) = serde_json::to_string(&loaded)
                && let Err(e) = market.cache.set_ex(&view_key(id), &json, VIEW_TTL).await
            {
                tracing::warn!(error = %e, "caching a plan failed");
            }
            loaded
        }
    };
    let shared = matches!((share, view.share_token.as_deref()), (Some(a), Some(b)) if constant_eq(a, b));
    if viewer != Some(owner) && !shared {
        return Err(MarketError::NotFound);
    }
    if viewer != Some(owner) {
        view.share_token = None;
    }
    Ok(view)
}

/// Ends a plan's share link (moderation upheld a report of it): only its owner reads it from now
/// on, on every instance, as the cached view goes too.
pub async fn withdraw_sharing(market: &Market, id: i64) -> MarketResult<()> {
    execute!(market.db.exec(), "UPDATE business_plans SET share_token = NULL WHERE id = ?", id)?;
    // Without this the cached view would keep the old token readable until it expires.
    market.cache.del(&view_key(id)).await?;
    Ok(())
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn load(market: &Market, id: i64) -> MarketResult<CachedView> {
    let row = query_as!(
        market.db.exec(),
        fetch_optional,
        PlanRow,
        "SELECT p.id, p.idea_id, p.user_id, i.title AS idea_title, CAST(p.plan_data AS CHAR) AS plan_data, CAST(p.overall_score AS DOUBLE) AS overall_score, p.status, p.cost, p.share_token, p.created_at FROM business_plans p JOIN ideas i ON i.id = p.idea_id WHERE p.id = ?",
        id
    )?
    .ok_or(MarketError::NotFound)?;
    let data: PlanData = serde_json::from_str(&row.plan_data).map_err(anyhow::Error::from)?;
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        StageRow,
        "SELECT stage, started_at, agent, model, offline, fallback, tokens, millis, CAST(content AS CHAR) AS content FROM plan_stages WHERE plan_id = ?",
        id
    )?;
    let mut content = PlanContent::default();
    let mut stages = Vec::with_capacity(Stage::ALL.len());
    for stage in Stage::ALL {
        let Some(r) = rows.iter().find(|r| r.stage == stage.key()) else {
            stages.push(StageView { stage, state: StageState::Waiting, started_at: None, run: None });
            continue;
        };
        let finished = r.content.as_deref().and_then(|json| content::StageContent::from_json(stage, json).ok());
        let run = r.agent.as_deref().and_then(Agent::parse).filter(|_| finished.is_some()).map(|agent| StageRun {
            agent,
            model: r.model.clone().unwrap_or_default(),
            offline: r.offline,
            fallback: r.fallback.clone(),
            tokens: u64::try_from(r.tokens).unwrap_or(0),
            millis: u64::try_from(r.millis).unwrap_or(0),
        });
        let state = if finished.is_some() { StageState::Done } else { StageState::Running };
        if let Some(c) = finished {
            c.put(&mut content);
        }
        stages.push(StageView { stage, state, started_at: Some(r.started_at), run });
    }
    let financials = content.finance.as_ref().map(|f| f.assumptions.compute());
    let view = PlanView {
        id: row.id,
        idea_id: row.idea_id,
        idea_title: row.idea_title,
        status: PlanStatus::parse(&row.status).unwrap_or(PlanStatus::Failed),
        overall_score: row.overall_score,
        options: data.options,
        cost: row.cost,
        created_at: row.created_at,
        stages,
        content,
        financials,
        share_token: row.share_token,
    };
    Ok(CachedView { owner: row.user_id, view })
}

/// The user's plans of one idea, newest first.
pub async fn list_for_idea(market: &Market, idea_id: i64, user_id: i64) -> MarketResult<Vec<PlanSummary>> {
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, String, f64, DateTime<Utc>),
        "SELECT id, status, CAST(overall_score AS DOUBLE), created_at FROM business_plans WHERE idea_id = ? AND user_id = ? ORDER BY id DESC LIMIT 20",
        idea_id,
        user_id
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, status, overall_score, created_at)| PlanSummary {
            id,
            idea_id,
            status: PlanStatus::parse(&status).unwrap_or(PlanStatus::Failed),
            overall_score,
            created_at,
        })
        .collect())
}

/// The plan as a Markdown document, for download.
pub async fn export_markdown(
    market: &Market,
    id: i64,
    viewer: Option<i64>,
    share: Option<&str>,
) -> MarketResult<String> {
    Ok(markdown::plan(&view(market, id, viewer, share).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_discount_the_configured_prices() {
        let s = PlanSettings { cost: 200, cost_detailed: 300, ..PlanSettings::default() };
        assert_eq!(price(&s, Level::Bronze, false), 200);
        assert_eq!(price(&s, Level::Silver, true), 270);
        assert_eq!(price(&s, Level::Gold, false), 160);
    }

    #[test]
    fn share_tokens_compare_whole() {
        assert!(constant_eq("abc", "abc"));
        assert!(!constant_eq("abc", "abd") && !constant_eq("abc", "ab") && !constant_eq("", "a"));
    }
}
