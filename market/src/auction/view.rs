//! What the idea page and `GET /api/ideas/{id}/bids` show of the analyses and the auction.

use chrono::{DateTime, Utc};
use model::{Agent, AnalysisView, AuctionState, AuctionView, BidStatus, BidView, Outcome};

use super::analysis::Analysis;
use crate::error::{MarketError, MarketResult};
use crate::{Market, query_as, query_scalar};

#[derive(sqlx::FromRow)]
struct BidRow {
    id: i64,
    ai_agent: String,
    bid_amount: i64,
    confidence: f64,
    reason: String,
    status: String,
    round: i64,
    bid_time: DateTime<Utc>,
}

/// Every bid on an idea, newest first.
pub async fn bids(market: &Market, idea_id: i64) -> MarketResult<Vec<BidView>> {
    let mut all = bids_after(market, idea_id, 0).await?;
    all.reverse();
    Ok(all)
}

/// The bids after `after_id`, oldest first.
async fn bids_after(market: &Market, idea_id: i64, after_id: i64) -> MarketResult<Vec<BidView>> {
    let rows = query_as!(
        market.db.exec(),
        fetch_all,
        BidRow,
        "SELECT id, ai_agent, bid_amount, CAST(confidence AS DOUBLE) AS confidence, reason, status, round, bid_time \
         FROM ai_bids WHERE idea_id = ? AND id > ? ORDER BY id",
        idea_id,
        after_id
    )?;
    rows.into_iter()
        .map(|r| {
            Ok(BidView {
                id: r.id,
                agent: Agent::parse(&r.ai_agent).ok_or_else(|| anyhow::anyhow!("bid {}: unknown agent", r.id))?,
                amount: r.bid_amount,
                confidence: r.confidence,
                reason: r.reason,
                status: BidStatus::parse(&r.status).ok_or_else(|| anyhow::anyhow!("bid {}: unknown status", r.id))?,
                round: r.round,
                bid_time: r.bid_time,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct AuctionRow {
    reserve: i64,
    price: Option<i64>,
    leader: Option<String>,
    closes_at: DateTime<Utc>,
    extensions: i64,
    status: String,
    outcome: Option<String>,
}

/// The auction of an idea as it stands, if it has opened.
pub async fn auction_state(market: &Market, idea_id: i64) -> MarketResult<Option<AuctionState>> {
    let row = query_as!(
        market.db.exec(),
        fetch_optional,
        AuctionRow,
        "SELECT reserve, price, leader, closes_at, extensions, status, outcome FROM auctions WHERE idea_id = ?",
        idea_id
    )?;
    Ok(row.map(|r| {
        let leader = r.leader.as_deref().and_then(Agent::parse);
        let outcome = (r.status == "closed").then_some(match (r.outcome.as_deref(), leader, r.price) {
            (Some("sold"), Some(agent), Some(amount)) => Outcome::Sold { agent, amount },
            _ => Outcome::Unsold,
        });
        AuctionState {
            reserve: r.reserve,
            price: r.price,
            leader,
            closes_at: r.closes_at,
            extensions: r.extensions,
            outcome,
        }
    }))
}

/// The analyses, the auction and its bids for one visible idea.
pub async fn auction_view(market: &Market, idea_id: i64) -> MarketResult<AuctionView> {
    view_of(market, idea_id, false).await
}

/// The same for any idea, hidden ones included: for the admin console only (`console::ideas`).
pub async fn auction_view_including_hidden(market: &Market, idea_id: i64) -> MarketResult<AuctionView> {
    view_of(market, idea_id, true).await
}

async fn view_of(market: &Market, idea_id: i64, include_hidden: bool) -> MarketResult<AuctionView> {
    let scores: Option<(f64, f64)> = query_as!(
        market.db.exec(),
        fetch_optional,
        (f64, f64),
        "SELECT CAST(ai_score AS DOUBLE), CAST(ai_disagreement AS DOUBLE) FROM ideas WHERE id = ? AND (hidden = FALSE OR ?)",
        idea_id,
        include_hidden
    )?;
    let (ai_score, disagreement) = scores.ok_or(MarketError::NotFound)?;
    let analyses: Vec<(String, String, String, bool)> = query_as!(
        market.db.exec(),
        fetch_all,
        (String, String, String, bool),
        "SELECT ai_agent, CAST(analysis AS CHAR), model, offline FROM ai_analyses WHERE idea_id = ? ORDER BY id",
        idea_id
    )?;
    let mut views = Vec::with_capacity(analyses.len());
    for (agent, json, model, offline) in analyses {
        let agent = Agent::parse(&agent).ok_or_else(|| anyhow::anyhow!("analysis of idea {idea_id}: unknown agent"))?;
        let a: Analysis = serde_json::from_str(&json).map_err(anyhow::Error::from)?;
        views.push(AnalysisView {
            agent,
            score: a.score,
            confidence: a.confidence,
            summary: a.summary,
            strengths: a.strengths,
            risks: a.risks,
            offline,
            model,
        });
    }
    views.sort_by_key(|v| v.agent);
    let auction = auction_state(market, idea_id).await?;
    Ok(AuctionView { idea_id, ai_score, disagreement, analyses: views, auction, bids: bids(market, idea_id).await? })
}

/// What a stream that has the bids up to `after_id` missed, oldest first: each later bid as the
/// event that announced it (with the auction as it stands now), then the close if the auction is
/// over, so that a page that was away at the close still learns the outcome. `None` when there
/// is no such idea to watch (unknown or hidden).
pub async fn events_after(
    market: &Market,
    idea_id: i64,
    after_id: i64,
) -> MarketResult<Option<Vec<model::AuctionEvent>>> {
    let visible = query_scalar!(
        market.db.exec(),
        fetch_optional,
        i64,
        "SELECT 1 FROM ideas WHERE id = ? AND hidden = FALSE",
        idea_id
    )?;
    if visible.is_none() {
        return Ok(None);
    }
    let newer = bids_after(market, idea_id, after_id).await?;
    let Some(state) = auction_state(market, idea_id).await? else { return Ok(Some(Vec::new())) };
    let mut prev = (after_id > 0).then_some(after_id);
    let mut events = Vec::with_capacity(newer.len() + 1);
    for bid in newer {
        let id = bid.id;
        events.push(model::AuctionEvent::Bid { idea_id, prev_bid_id: prev, bid, auction: state.clone() });
        prev = Some(id);
    }
    if let Some(outcome) = state.outcome {
        events.push(model::AuctionEvent::Closed { idea_id, outcome });
    }
    Ok(Some(events))
}
