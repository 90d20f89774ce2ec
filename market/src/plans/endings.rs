//! How a plan ends: completed, with the author's royalty, or failed after its attempts, with
//! the buyer's refund. Each end is one transaction that claims the plan's state, so it happens
//! once, and tells the buyer (and the author) in that transaction.

use chrono::{DateTime, Utc};
use model::{NoticeKind, PlanContent, PlanEvent, PlanStatus};

use super::PlanData;
use crate::credits::{self, Reason, Transfer};
use crate::error::MarketResult;
use crate::notifications::{self, NewNotice};
use crate::{Market, execute, query_as};

/// A plan as the generator claimed it.
#[derive(sqlx::FromRow)]
pub(super) struct Claimed {
    pub(super) idea_id: i64,
    pub(super) user_id: i64,
    pub(super) plan_data: String,
    pub(super) cost: i64,
    pub(super) status: String,
}

/// Fails a plan whose attempts ran out and refunds its buyer.
pub(super) async fn fail_abandoned(market: &Market, id: i64, now: DateTime<Utc>) -> MarketResult<()> {
    let mut tx = market.db.begin().await?;
    let failed = execute!(
        tx.exec(),
        "UPDATE business_plans SET status = 'failed', finished_at = ?, lease_until = NULL WHERE id = ? AND status = 'generating' AND (lease_until IS NULL OR lease_until < ?)",
        now,
        id,
        now
    )?;
    let mut buyer = None;
    if failed.rows == 1 {
        let (user_id, idea_id, cost): (i64, i64, i64) = query_as!(
            tx.exec(),
            fetch_one,
            (i64, i64, i64),
            "SELECT user_id, idea_id, cost FROM business_plans WHERE id = ?",
            id
        )?;
        if cost > 0 {
            let key = format!("plan:{id}:refund");
            credits::transfer(&mut tx, Transfer::issue(user_id, cost, Reason::PlanRefund, &key)).await?;
        }
        let key = format!("plan:{id}:failed");
        let notice = NewNotice::new(user_id, NoticeKind::PlanFailed, &key).idea(idea_id).plan(id).amount(cost);
        notifications::record(&mut tx, notice, now).await?;
        buyer = Some(user_id);
    }
    tx.commit().await?;
    if failed.rows == 1 {
        tracing::warn!(plan_id = id, "plan failed after repeated attempts; refunded");
        market.events.publish_plan(PlanEvent::Finished { plan_id: id, status: PlanStatus::Failed }).await;
        notifications::announce(market, buyer).await;
    }
    Ok(())
}

/// Stores the finished plan and pays the author's royalty.
pub(super) async fn complete(
    market: &Market,
    id: i64,
    plan: &Claimed,
    author: i64,
    mut data: PlanData,
    content: PlanContent,
) -> MarketResult<()> {
    let (Some(parse), Some(tech), Some(market_research), Some(legal), Some(finance)) =
        (&content.parse, &content.tech, &content.market, &content.legal, &content.finance)
    else {
        return Err(anyhow::anyhow!("plan {id}: a stage is missing at completion").into());
    };
    let financials = finance.assumptions.compute();
    let scores = [parse.score, tech.score, market_research.score, legal.score, financials.score()];
    let overall = (scores.iter().sum::<f64>() / scores.len() as f64 * 10.0).round() / 10.0;
    data.financials = Some(financials);
    data.content = Some(content);
    let json = serde_json::to_string(&data).map_err(anyhow::Error::from)?;
    let now = Utc::now();
    let mut tx = market.db.begin().await?;
    let completed = execute!(
        tx.exec(),
        "UPDATE business_plans SET status = 'completed', plan_data = ?, overall_score = ?, finished_at = ?, lease_until = NULL WHERE id = ? AND status = 'generating'",
        json,
        overall,
        now,
        id
    )?;
    let (buyer, idea_id) = (plan.user_id, plan.idea_id);
    let royalty = plan.cost * market.settings.plans.royalty_percent / 100;
    let mut told = Vec::new();
    if completed.rows == 1 {
        let key = format!("plan:{id}:ready");
        let ready = NewNotice::new(buyer, NoticeKind::PlanReady, &key).idea(idea_id).plan(id);
        notifications::record(&mut tx, ready, now).await?;
        told.push(buyer);
    }
    if completed.rows == 1 && buyer != author && royalty > 0 {
        let key = format!("plan:{id}:royalty");
        credits::transfer(&mut tx, Transfer::issue(author, royalty, Reason::PlanRoyalty, &key)).await?;
        let share = NewNotice::new(author, NoticeKind::Royalty, &key).idea(idea_id).amount(royalty);
        notifications::record(&mut tx, share, now).await?;
        told.push(author);
    }
    tx.commit().await?;
    if completed.rows == 1 {
        tracing::info!(plan_id = id, overall, "plan completed");
        market.events.publish_plan(PlanEvent::Finished { plan_id: id, status: PlanStatus::Completed }).await;
        notifications::announce(market, told).await;
    }
    Ok(())
}
