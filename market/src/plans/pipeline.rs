//! Generating a plan: stages run as soon as the stages they read are done (parse, then tech,
//! market and legal together, then finance), each saved the moment it finishes. An instance
//! holds a plan under a lease it keeps renewing; when it dies the lease runs out, another start
//! takes the plan over and runs only the stages that have no content yet.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use model::{Agent, PlanContent, PlanEvent, PlanStatus, Stage, StageRun};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::content::StageContent;
use super::endings::{self, Claimed};
use super::{PlanData, markdown, offline, prompts};
use crate::ai::provider::Delta;
use crate::db::is_unique_violation;
use crate::error::MarketResult;
use crate::events::EventBus;
use crate::ideas::IdeaBrief;
use crate::{Market, ai, execute, ideas, query_as, query_scalar};

fn after(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now + TimeDelta::from_std(d).unwrap_or(TimeDelta::zero())
}

/// Claims the plans no live instance holds and returns their ids for [`run`]. A plan taken over
/// too often (its generation keeps crashing) is failed and refunded instead.
pub async fn claim_due(market: &Market, now: DateTime<Utc>) -> MarketResult<Vec<i64>> {
    let settings = &market.settings.plans;
    let due: Vec<(i64, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, i64),
        "SELECT id, attempts FROM business_plans WHERE status = 'generating' AND (lease_until IS NULL OR lease_until < ?) ORDER BY id LIMIT 10",
        now
    )?;
    let mut claimed = Vec::new();
    for (id, attempts) in due {
        if attempts >= settings.max_attempts {
            endings::fail_abandoned(market, id, now).await?;
            continue;
        }
        let taken = execute!(
            market.db.exec(),
            "UPDATE business_plans SET lease_until = ?, attempts = attempts + 1 WHERE id = ? AND status = 'generating' AND (lease_until IS NULL OR lease_until < ?)",
            after(now, settings.lease),
            id,
            now
        )?;
        if taken.rows == 1 {
            claimed.push(id);
        }
    }
    Ok(claimed)
}

/// Gives a plan back at a graceful shutdown, so that the next start resumes it at once and the
/// interruption does not count as a failed attempt.
pub async fn release(market: &Market, id: i64) -> MarketResult<()> {
    execute!(
        market.db.exec(),
        "UPDATE business_plans SET lease_until = NULL, attempts = attempts - 1 WHERE id = ? AND status = 'generating' AND attempts > 0",
        id
    )?;
    Ok(())
}

/// Generates a claimed plan to the end, renewing its lease meanwhile.
pub async fn run(market: Market, id: i64) -> MarketResult<()> {
    let lease = market.settings.plans.lease;
    let _heartbeat = AbortOnDrop(tokio::spawn({
        let market = market.clone();
        async move {
            loop {
                tokio::time::sleep(lease / 3).await;
                let renewed = execute!(
                    market.db.exec(),
                    "UPDATE business_plans SET lease_until = ? WHERE id = ? AND status = 'generating'",
                    after(Utc::now(), lease),
                    id
                );
                if let Err(e) = renewed {
                    tracing::warn!(plan_id = id, error = %e, "renewing a plan's lease failed");
                }
            }
        }
    }));
    let result = generate(&market, id).await;
    if let Err(e) = &result {
        tracing::error!(plan_id = id, error = ?e, "plan generation stopped; it resumes when its lease runs out");
    }
    result
}

/// Stops the lease's heartbeat with the run, however the run ends (even aborted mid-stage).
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn generate(market: &Market, id: i64) -> MarketResult<()> {
    let plan = query_as!(
        market.db.exec(),
        fetch_one,
        Claimed,
        "SELECT idea_id, user_id, CAST(plan_data AS CHAR) AS plan_data, cost, status FROM business_plans WHERE id = ?",
        id
    )?;
    if plan.status != PlanStatus::Generating.key() {
        return Ok(());
    }
    let data: PlanData = serde_json::from_str(&plan.plan_data).map_err(anyhow::Error::from)?;
    let allowed = data.options.agents().unwrap_or_default();
    let (brief, author) = ideas::brief(market, plan.idea_id).await?;

    let mut content = PlanContent::default();
    let mut done = HashSet::new();
    let saved: Vec<(String, String)> = query_as!(
        market.db.exec(),
        fetch_all,
        (String, String),
        "SELECT stage, CAST(content AS CHAR) FROM plan_stages WHERE plan_id = ? AND content IS NOT NULL",
        id
    )?;
    for (stage, json) in saved {
        if let Some(stage) = Stage::parse(&stage)
            && let Ok(c) = StageContent::from_json(stage, &json)
        {
            c.put(&mut content);
            done.insert(stage);
        }
    }

    let job = StageJob { market, plan_id: id, brief: &brief, allowed: &allowed, detailed: data.options.detailed };
    let mut started: HashSet<Stage> = done.clone();
    let mut running = FuturesUnordered::new();
    loop {
        for stage in Stage::ALL {
            if !started.contains(&stage) && stage.needs().iter().all(|n| done.contains(n)) {
                started.insert(stage);
                running.push(job.write(stage, content.clone()));
            }
        }
        match running.next().await {
            None => break,
            Some(finished) => {
                let c = finished?;
                done.insert(c.stage());
                c.put(&mut content);
            }
        }
    }
    endings::complete(market, id, &plan, author, data, content).await
}

/// What every stage of one plan shares.
struct StageJob<'a> {
    market: &'a Market,
    plan_id: i64,
    brief: &'a IdeaBrief,
    allowed: &'a [Agent],
    detailed: bool,
}

impl StageJob<'_> {
    /// Writes one stage (providers in turn, then the offline analyst), streaming its text, and
    /// saves it unless another instance saved it first.
    async fn write(&self, stage: Stage, earlier: PlanContent) -> MarketResult<StageContent> {
        let (market, plan_id) = (self.market, self.plan_id);
        let now = Utc::now();
        let inserted = execute!(
            market.db.exec(),
            "INSERT INTO plan_stages (plan_id, stage, started_at) VALUES (?, ?, ?)",
            plan_id,
            stage.key(),
            now
        );
        match inserted {
            Err(e) if is_unique_violation(&e) => {
                execute!(
                    market.db.exec(),
                    "UPDATE plan_stages SET started_at = ? WHERE plan_id = ? AND stage = ? AND content IS NULL",
                    now,
                    plan_id,
                    stage.key()
                )?;
            }
            other => {
                other?;
            }
        }
        let intended = stage.agent();
        let candidates: Vec<Agent> = (0..Agent::ALL.len())
            .map(|i| Agent::ALL[(Agent::ALL.iter().position(|a| *a == intended).unwrap_or(0) + i) % Agent::ALL.len()])
            .filter(|a| self.allowed.contains(a) && market.providers.get(*a).is_some())
            .collect();
        let mut reasons = Vec::new();
        if !self.allowed.contains(&intended) {
            reasons.push(format!("未选用{}", intended.name_zh()));
        } else if market.providers.get(intended).is_none() && !candidates.is_empty() {
            reasons.push(format!("{}未配置密钥", intended.name_zh()));
        }
        let first = candidates.first().copied().unwrap_or(intended);
        market.events.publish_plan(PlanEvent::StageStarted { plan_id, stage, agent: first }).await;

        let (deltas, rx) = unbounded_channel();
        let forward = tokio::spawn(forward_previews(market.events.clone(), plan_id, stage, rx));
        let clock = Instant::now();
        let mut written = None;
        for agent in candidates {
            let Some(provider) = market.providers.get(agent) else { continue };
            let messages = prompts::messages(stage, self.brief, &earlier, self.detailed);
            let parse = |text: &str| StageContent::from_json(stage, text);
            match ai::ask(market, provider, messages, parse, Some(&deltas)).await {
                Ok((content, tokens)) => {
                    written = Some((content, agent, provider.config.model.clone(), tokens));
                    break;
                }
                Err(reason) => {
                    tracing::warn!(plan_id, stage = stage.key(), agent = agent.key(), %reason, "a plan stage falls back");
                    reasons.push(format!("{}：{reason}", agent.name_zh()));
                    let _ = deltas.send(Delta::Restart);
                }
            }
        }
        let fallback = (!reasons.is_empty()).then(|| reasons.join("；").chars().take(300).collect::<String>());
        let (content, run) = match written {
            Some((content, agent, model, tokens)) => {
                (content, StageRun { agent, model, offline: false, fallback, tokens, millis: 0 })
            }
            None => {
                let content = offline::write(stage, self.brief, &earlier, self.detailed);
                pace(&deltas, &markdown::stage(&content), market.settings.plans.offline_pace).await;
                let run = StageRun {
                    agent: intended,
                    model: "offline".into(),
                    offline: true,
                    fallback,
                    tokens: 0,
                    millis: 0,
                };
                (content, run)
            }
        };
        drop(deltas);
        let _ = forward.await;
        let run = StageRun { millis: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX), ..run };
        let json = serde_json::to_string(&content.to_json()).map_err(anyhow::Error::from)?;
        execute!(
            market.db.exec(),
            "UPDATE plan_stages SET finished_at = ?, agent = ?, model = ?, offline = ?, fallback = ?, tokens = ?, millis = ?, content = ? WHERE plan_id = ? AND stage = ? AND content IS NULL",
            Utc::now(),
            run.agent.key(),
            &run.model,
            run.offline,
            run.fallback.as_deref(),
            i64::try_from(run.tokens).unwrap_or(i64::MAX),
            i64::try_from(run.millis).unwrap_or(i64::MAX),
            json,
            plan_id,
            stage.key()
        )?;
        // Whoever saved first, the stored content is what the plan keeps.
        let stored: Option<String> = query_scalar!(
            market.db.exec(),
            fetch_optional,
            String,
            "SELECT CAST(content AS CHAR) FROM plan_stages WHERE plan_id = ? AND stage = ? AND content IS NOT NULL",
            plan_id,
            stage.key()
        )?;
        let content = stored.and_then(|json| StageContent::from_json(stage, &json).ok()).unwrap_or(content);
        market.events.publish_plan(PlanEvent::StageDone { plan_id, stage }).await;
        Ok(content)
    }
}

/// The offline analyst writes instantly; its text is handed out over `total` so that a reader
/// sees the stage being written, as with a provider.
async fn pace(deltas: &UnboundedSender<Delta>, text: &str, total: Duration) {
    const PIECES: usize = 20;
    let chars: Vec<char> = text.chars().collect();
    let size = chars.len().div_ceil(PIECES).max(1);
    for piece in chars.chunks(size) {
        if !total.is_zero() {
            tokio::time::sleep(total / PIECES as u32).await;
        }
        let _ = deltas.send(Delta::Text(piece.iter().collect()));
    }
}

/// Publishes a stage's text in batches (a few per second) rather than one event per token.
async fn forward_previews(events: EventBus, plan_id: i64, stage: Stage, mut rx: UnboundedReceiver<Delta>) {
    let mut buf = String::new();
    let mut tick = tokio::time::interval(Duration::from_millis(150));
    loop {
        tokio::select! {
            delta = rx.recv() => match delta {
                Some(Delta::Text(text)) => buf.push_str(&text),
                Some(Delta::Restart) => {
                    buf.clear();
                    events.publish_plan(PlanEvent::PreviewRestart { plan_id, stage }).await;
                }
                None => break,
            },
            _ = tick.tick() => {
                if !buf.is_empty() {
                    events.publish_plan(PlanEvent::Preview { plan_id, stage, text: std::mem::take(&mut buf) }).await;
                }
            }
        }
    }
    if !buf.is_empty() {
        events.publish_plan(PlanEvent::Preview { plan_id, stage, text: buf }).await;
    }
}
