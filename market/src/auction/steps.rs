//! The worker's three steps, each taking `now` so tests can drive time. Every step claims its
//! work with a conditional UPDATE inside one transaction, so that two instances never do the
//! same work and a crash at any point leaves either all of a step or none of it.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use model::{Agent, AuctionEvent, AuctionState, BidStatus, BidView, NoticeKind, Outcome};

use super::rules::{self, Bidder, Book};

use super::analysis::{Analysis, Provenance, consensus};
use super::analysts;
use crate::credits::{self, Account, Reason, Transfer};
use crate::db::{Tx, is_unique_violation};
use crate::error::{MarketError, MarketResult};
use crate::notifications::{self, NewNotice};
use crate::{Market, execute, ideas, query_as, query_scalar};

fn after(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now + TimeDelta::from_std(d).unwrap_or(TimeDelta::zero())
}

/// Analyses pending ideas and opens their auctions. Returns how many opened.
pub async fn analyse_pending(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    let due = ideas::status::awaiting_analysis(market, now).await?;
    let mut opened = 0;
    for id in due {
        let until = after(now, market.settings.auction.analysis_lease);
        if ideas::status::lease_analysis(market, id, until, now).await? && analyse_and_open(market, id, now).await? {
            opened += 1;
        }
    }
    Ok(opened)
}

async fn analyse_and_open(market: &Market, id: i64, now: DateTime<Utc>) -> MarketResult<bool> {
    let (brief, _) = ideas::brief(market, id).await?;
    let done: Vec<String> =
        query_scalar!(market.db.exec(), fetch_all, String, "SELECT ai_agent FROM ai_analyses WHERE idea_id = ?", id)?;
    // Analyses already saved by an earlier, interrupted pass are kept; only the missing ones run,
    // all at once. A provider that fails is replaced by the offline analyst, so this never sticks.
    let missing = Agent::ALL.into_iter().filter(|a| !done.iter().any(|d| d == a.key()));
    let results = futures_util::future::join_all(missing.map(|agent| analysts::analyse(market, agent, &brief))).await;
    for (analysis, from) in results {
        save_analysis(market, id, &analysis, &from, now).await?;
    }

    let scores: Vec<f64> = query_scalar!(
        market.db.exec(),
        fetch_all,
        f64,
        "SELECT CAST(score AS DOUBLE) FROM ai_analyses WHERE idea_id = ?",
        id
    )?;
    let (ai_score, spread) = consensus(&scores);
    let settings = &market.settings.auction;
    let mut tx = market.db.begin().await?;
    if !ideas::status::open_bidding(&mut tx, id, ai_score, spread).await? {
        return Ok(false);
    }
    let seed: i64 = rand::random::<i64>() & i64::MAX;
    execute!(
        tx.exec(),
        "INSERT INTO auctions (idea_id, reserve, seed, opens_at, closes_at, next_round_at) VALUES (?, ?, ?, ?, ?, ?)",
        id,
        rules::reserve(ai_score),
        seed,
        now,
        after(now, settings.duration),
        after(now, settings.round_interval / 2)
    )?;
    let author = query_scalar!(tx.exec(), fetch_one, i64, "SELECT author_id FROM ideas WHERE id = ?", id)?;
    let key = format!("auction:{id}:opened");
    notifications::record(&mut tx, NewNotice::new(author, NoticeKind::AuctionOpened, &key).idea(id), now).await?;
    tx.commit().await?;
    ideas::invalidate_lists(market).await;
    market.events.publish(AuctionEvent::Opened { idea_id: id }).await;
    notifications::announce(market, [author]).await;
    tracing::info!(idea_id = id, ai_score, spread, "analysed; auction open");
    Ok(true)
}

async fn save_analysis(
    market: &Market,
    idea_id: i64,
    analysis: &Analysis,
    from: &Provenance,
    now: DateTime<Utc>,
) -> MarketResult<()> {
    let json = serde_json::to_string(analysis).map_err(anyhow::Error::from)?;
    let inserted = execute!(
        market.db.exec(),
        "INSERT INTO ai_analyses (idea_id, ai_agent, score, confidence, valuation, analysis, model, offline, fallback, latency_ms, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        idea_id,
        from.agent.key(),
        analysis.score,
        analysis.confidence,
        analysis.valuation,
        json,
        &from.model,
        from.offline,
        from.fallback.as_deref(),
        from.latency_ms,
        now
    );
    match inserted {
        Err(e) if !is_unique_violation(&e) => Err(e.into()),
        _ => Ok(()),
    }
}

/// Plays every round that is due. Returns how many bids were placed.
pub async fn play_due_rounds(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    let due: Vec<(i64, i64)> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, i64),
        "SELECT a.idea_id, a.round FROM auctions a JOIN ideas i ON i.id = a.idea_id WHERE a.status = 'open' AND i.hidden = FALSE AND a.next_round_at <= ? AND a.closes_at > ? ORDER BY a.next_round_at LIMIT 50",
        now,
        now
    )?;
    let mut placed = 0;
    for (idea_id, round) in due {
        if play_round(market, idea_id, round, now).await? {
            placed += 1;
        }
    }
    Ok(placed)
}

#[derive(sqlx::FromRow)]
struct AuctionRow {
    reserve: i64,
    price: Option<i64>,
    leader: Option<String>,
    seed: i64,
    closes_at: DateTime<Utc>,
    extensions: i64,
}

async fn load_book(tx: &mut Tx, idea_id: i64) -> MarketResult<AuctionRow> {
    find_book(tx, idea_id).await?.ok_or_else(|| anyhow::anyhow!("idea {idea_id} has no auction").into())
}

async fn find_book(tx: &mut Tx, idea_id: i64) -> MarketResult<Option<AuctionRow>> {
    Ok(query_as!(
        tx.exec(),
        fetch_optional,
        AuctionRow,
        "SELECT reserve, price, leader, seed, closes_at, extensions FROM auctions WHERE idea_id = ?",
        idea_id
    )?)
}

fn book_of(row: &AuctionRow) -> Book {
    Book { price: row.price, leader: row.leader.as_deref().and_then(Agent::parse), reserve: row.reserve }
}

async fn play_round(market: &Market, idea_id: i64, round: i64, now: DateTime<Utc>) -> MarketResult<bool> {
    let settings = &market.settings.auction;
    let mut tx = market.db.begin().await?;
    let row = load_book(&mut tx, idea_id).await?;
    // Rounds come at irregular intervals (50–150% of the mean), so bids arrive staggered.
    let jitter = 0.5 + (row.seed.wrapping_add(round) as u64 % 1000) as f64 / 1000.0;
    let next = after(now, settings.round_interval.mul_f64(jitter));
    let claimed = execute!(
        tx.exec(),
        "UPDATE auctions SET round = round + 1, next_round_at = ? WHERE idea_id = ? AND round = ? AND status = 'open'",
        next,
        idea_id,
        round
    )?;
    if claimed.rows != 1 {
        return Ok(false);
    }
    let bidders = bidders(&mut tx, idea_id, settings.agent_budget).await?;
    let book = book_of(&row);
    let round_no = u32::try_from(round).unwrap_or(u32::MAX);
    let Some(bid) = rules::plan_round(&settings.rules, &book, &bidders, row.seed as u64, round_no) else {
        tx.commit().await?;
        return Ok(false);
    };
    let confidence = bidders.iter().find(|b| b.agent == bid.agent).map_or(0.0, |b| b.confidence);
    let confidence = (confidence * 100.0).round() / 10.0;
    let prev_bid_id =
        query_scalar!(tx.exec(), fetch_one, Option<i64>, "SELECT MAX(id) FROM ai_bids WHERE idea_id = ?", idea_id)?;
    let bid_id = execute!(
        tx.exec(),
        "INSERT INTO ai_bids (idea_id, ai_agent, bid_amount, confidence, analysis_result, status, bid_time, reason, round) \
         VALUES (?, ?, ?, ?, (SELECT analysis FROM ai_analyses WHERE idea_id = ? AND ai_agent = ?), 'bidding', ?, ?, ?)",
        idea_id,
        bid.agent.key(),
        bid.amount,
        confidence,
        idea_id,
        bid.agent.key(),
        now,
        &bid.reason,
        round + 1
    )?
    .last_id;
    let extensions = u32::try_from(row.extensions).unwrap_or(u32::MAX);
    let (closes_ms, extensions) =
        rules::close_after_bid(&settings.rules, row.closes_at.timestamp_millis(), extensions, now.timestamp_millis());
    let closes_at = DateTime::<Utc>::from_timestamp_millis(closes_ms).unwrap_or(row.closes_at);
    execute!(
        tx.exec(),
        "UPDATE auctions SET price = ?, leader = ?, closes_at = ?, extensions = ? WHERE idea_id = ?",
        bid.amount,
        bid.agent.key(),
        closes_at,
        i64::from(extensions),
        idea_id
    )?;
    tx.commit().await?;
    let event = AuctionEvent::Bid {
        idea_id,
        prev_bid_id,
        bid: BidView {
            id: bid_id,
            agent: bid.agent,
            amount: bid.amount,
            confidence,
            reason: bid.reason,
            status: BidStatus::Bidding,
            round: round + 1,
            bid_time: now,
        },
        auction: AuctionState {
            reserve: row.reserve,
            price: Some(bid.amount),
            leader: Some(bid.agent),
            closes_at,
            extensions: i64::from(extensions),
            outcome: None,
        },
    };
    market.events.publish(event).await;
    Ok(true)
}

/// Each agent's cap: the lower of its valuation, the per-idea budget and its balance.
async fn bidders(tx: &mut Tx, idea_id: i64, budget: i64) -> MarketResult<Vec<Bidder>> {
    let rows: Vec<(String, i64, f64, Option<i64>)> = query_as!(
        tx.exec(),
        fetch_all,
        (String, i64, f64, Option<i64>),
        "SELECT a.ai_agent, a.valuation, CAST(a.confidence AS DOUBLE), \
           (SELECT u.credits FROM users u WHERE u.username = CONCAT('agent_', a.ai_agent) AND u.role = 'agent') \
         FROM ai_analyses a WHERE a.idea_id = ?",
        idea_id
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(agent, valuation, confidence, balance)| {
            let agent = Agent::parse(&agent)?;
            Some(Bidder { agent, cap: valuation.min(budget).min(balance.unwrap_or(0)), confidence })
        })
        .collect())
}

/// Closes every auction whose time is up and pays the author. Returns how many closed.
pub async fn close_due(market: &Market, now: DateTime<Utc>) -> MarketResult<usize> {
    let due: Vec<i64> = query_scalar!(
        market.db.exec(),
        fetch_all,
        i64,
        "SELECT idea_id FROM auctions WHERE status = 'open' AND closes_at <= ? ORDER BY closes_at LIMIT 50",
        now
    )?;
    let mut closed = 0;
    for idea_id in due {
        let settled = match settle(market, idea_id, now, true).await {
            // The winner cannot pay (its balance went to other ideas meanwhile): the idea goes unsold.
            Err(MarketError::InsufficientCredits) => settle(market, idea_id, now, false).await?,
            other => other?,
        };
        if settled {
            closed += 1;
        }
    }
    Ok(closed)
}

/// Closes one auction in one transaction: bids won/lost, the idea completed, and the winning
/// amount moved from the agent to the author under keys that make a replay a no-op. A hidden
/// idea's auction closes unsold, whoever leads.
pub async fn settle(market: &Market, idea_id: i64, now: DateTime<Utc>, allow_sale: bool) -> MarketResult<bool> {
    let mut tx = market.db.begin().await?;
    let Some(row) = find_book(&mut tx, idea_id).await? else {
        return Ok(false); // not yet at auction
    };
    let hidden = ideas::visibility::is_hidden(tx.exec(), idea_id).await?.unwrap_or(true);
    let sale = rules::outcome(&book_of(&row)).filter(|_| allow_sale && !hidden);
    let winner_bid: Option<i64> = match sale {
        Some((agent, amount)) => query_scalar!(
            tx.exec(),
            fetch_optional,
            i64,
            "SELECT id FROM ai_bids WHERE idea_id = ? AND ai_agent = ? AND bid_amount = ? ORDER BY id DESC LIMIT 1",
            idea_id,
            agent.key(),
            amount
        )?,
        None => None,
    };
    let closed = execute!(
        tx.exec(),
        "UPDATE auctions SET status = 'closed', outcome = ?, winner_bid_id = ?, closed_at = ? WHERE idea_id = ? AND status = 'open'",
        if sale.is_some() { "sold" } else { "unsold" },
        winner_bid,
        now,
        idea_id
    )?;
    if closed.rows != 1 {
        return Ok(false);
    }
    execute!(tx.exec(), "UPDATE ai_bids SET status = 'lost' WHERE idea_id = ?", idea_id)?;
    if let Some(bid) = winner_bid {
        execute!(tx.exec(), "UPDATE ai_bids SET status = 'won' WHERE id = ?", bid)?;
    }
    let author = ideas::status::complete(&mut tx, idea_id).await?;
    if let Some((agent, amount)) = sale {
        let buyer = super::agents::account_id(market, agent)
            .await?
            .ok_or_else(|| anyhow::anyhow!("agent {} has no account", agent.key()))?;
        let key = format!("auction:{idea_id}:sale");
        let sale = Transfer::new(Account::User(buyer), Account::User(author), amount, Reason::AuctionPayout, &key);
        credits::transfer(&mut tx, sale).await?;
    }
    let key = format!("auction:{idea_id}:closed");
    let mut notice = NewNotice::new(author, NoticeKind::AuctionClosed, &key).idea(idea_id);
    if let Some((agent, amount)) = sale {
        notice = notice.amount(amount).detail(agent.key());
    }
    notifications::record(&mut tx, notice, now).await?;
    tx.commit().await?;
    ideas::invalidate_lists(market).await;
    let outcome = sale.map_or(Outcome::Unsold, |(agent, amount)| Outcome::Sold { agent, amount });
    market.events.publish(AuctionEvent::Closed { idea_id, outcome }).await;
    notifications::announce(market, [author]).await;
    tracing::info!(idea_id, ?sale, "auction closed");
    Ok(true)
}
