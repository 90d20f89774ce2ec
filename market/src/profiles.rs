//! A member's public author page and their own space. Both only read, across features, so
//! they sit beside the features (as the data export does) rather than in one of them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use model::{Agent, AuthorPage, AuthorTotals, Level, MyIdea, MyPlan, MySpace, Outcome, PlanStatus};

use crate::error::{MarketError, MarketResult};
use crate::{Market, accounts, ideas, query_as};

/// What anyone may see of `username`: their published ideas and public totals. Agents, the
/// platform and erased accounts have no page.
pub async fn author(market: &Market, username: &str) -> MarketResult<AuthorPage> {
    let (id, username, joined_at, level): (i64, String, DateTime<Utc>, String) = query_as!(
        market.db.exec(),
        fetch_optional,
        (i64, String, DateTime<Utc>, String),
        "SELECT id, username, created_at, level FROM users WHERE username = ? AND role IN ('user', 'admin') AND closed_at IS NULL",
        username
    )?
    .ok_or(MarketError::NotFound)?;
    let ideas = ideas::of_member::by_author(market, id, false).await?;
    // Over all their published ideas, not only the newest ones the page lists.
    let (published, likes, sold, sold_for): (i64, i64, i64, i64) = query_as!(
        market.db.exec(),
        fetch_one,
        (i64, i64, i64, i64),
        "SELECT COUNT(*), CAST(COALESCE(SUM(i.likes), 0) AS SIGNED), \
           CAST(COALESCE(SUM(CASE WHEN a.outcome = 'sold' THEN 1 ELSE 0 END), 0) AS SIGNED), \
           CAST(COALESCE(SUM(CASE WHEN a.outcome = 'sold' THEN a.price ELSE 0 END), 0) AS SIGNED) \
         FROM ideas i LEFT JOIN auctions a ON a.idea_id = i.id WHERE i.author_id = ? AND i.hidden = FALSE",
        id
    )?;
    let totals = AuthorTotals { ideas: published, likes, sold, sold_for };
    Ok(AuthorPage { username, joined_at, level: Level::parse(&level).unwrap_or(Level::Bronze), totals, ideas })
}

#[derive(sqlx::FromRow)]
struct Standing {
    id: i64,
    hidden: bool,
    outcome: Option<String>,
    price: Option<i64>,
    leader: Option<String>,
}

impl Standing {
    fn outcome(&self) -> Option<Outcome> {
        match self.outcome.as_deref()? {
            "sold" => Some(Outcome::Sold {
                agent: self.leader.as_deref().and_then(Agent::parse)?,
                amount: self.price.unwrap_or(0),
            }),
            _ => Some(Outcome::Unsold),
        }
    }
}

/// The member's own space: every idea with where it stands and what it earned, their plans,
/// the auctions they watch, and their balance.
pub async fn mine(market: &Market, user_id: i64) -> MarketResult<MySpace> {
    let me = accounts::me(market, user_id).await?;
    let standings: HashMap<i64, Standing> = query_as!(
        market.db.exec(),
        fetch_all,
        Standing,
        "SELECT i.id, i.hidden, a.outcome, a.price, a.leader FROM ideas i LEFT JOIN auctions a ON a.idea_id = i.id \
         AND a.status = 'closed' WHERE i.author_id = ?",
        user_id
    )?
    .into_iter()
    .map(|s| (s.id, s))
    .collect();
    // Royalties are keyed by plan (`plan:<id>:royalty`); each plan belongs to one idea.
    let royalties: HashMap<i64, i64> = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, i64),
        "SELECT p.idea_id, CAST(COALESCE(SUM(l.amount), 0) AS SIGNED) FROM credit_ledger l \
         JOIN business_plans p ON l.idempotency_key = CONCAT('plan:', p.id, ':royalty') \
         WHERE l.user_id = ? AND l.reason = 'plan_royalty' GROUP BY p.idea_id",
        user_id
    )?
    .into_iter()
    .collect();
    let ideas: Vec<MyIdea> = ideas::of_member::by_author(market, user_id, true)
        .await?
        .into_iter()
        .map(|idea| {
            let standing = standings.get(&idea.id);
            let outcome = standing.and_then(Standing::outcome);
            let sale = match outcome {
                Some(Outcome::Sold { amount, .. }) => amount,
                _ => 0,
            };
            let earned = sale + royalties.get(&idea.id).copied().unwrap_or(0);
            MyIdea { hidden: standing.is_some_and(|s| s.hidden), outcome, earned, idea }
        })
        .collect();
    let plans = query_as!(
        market.db.exec(),
        fetch_all,
        (i64, i64, String, String, f64, DateTime<Utc>),
        "SELECT p.id, p.idea_id, i.title, p.status, CAST(p.overall_score AS DOUBLE), p.created_at \
         FROM business_plans p JOIN ideas i ON i.id = p.idea_id WHERE p.user_id = ? ORDER BY p.id DESC LIMIT 50",
        user_id
    )?
    .into_iter()
    .map(|(id, idea_id, idea_title, status, overall_score, created_at)| MyPlan {
        id,
        idea_id,
        idea_title,
        status: PlanStatus::parse(&status).unwrap_or(PlanStatus::Failed),
        overall_score,
        created_at,
    })
    .collect();
    Ok(MySpace {
        username: me.username,
        credits: me.credits,
        level: me.level,
        earned: ideas.iter().map(|i| i.earned).sum(),
        ideas,
        plans,
        watching: ideas::of_member::watched_by(market, user_id).await?,
    })
}
