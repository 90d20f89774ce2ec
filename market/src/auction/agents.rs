//! Each agent holds a ledger account: a user with role `agent` that cannot sign in.

use model::Agent;

use crate::credits::{self, Reason, Transfer};
use crate::db::is_unique_violation;
use crate::error::MarketResult;
use crate::{Market, execute, query_scalar};

fn username(agent: Agent) -> String {
    format!("agent_{}", agent.key())
}

/// The user id of an agent's account, if created.
pub async fn account_id(market: &Market, agent: Agent) -> MarketResult<Option<i64>> {
    Ok(query_scalar!(
        market.db.exec(),
        fetch_optional,
        i64,
        "SELECT id FROM users WHERE username = ? AND role = 'agent'",
        username(agent)
    )?)
}

/// Creates the five accounts and their endowment, once: safe to run at every start, on every instance.
pub async fn ensure_accounts(market: &Market) -> MarketResult<()> {
    for agent in Agent::ALL {
        let mut tx = market.db.begin().await?;
        let existing =
            query_scalar!(tx.exec(), fetch_optional, i64, "SELECT id FROM users WHERE username = ?", username(agent))?;
        let id = match existing {
            Some(id) => id,
            None => {
                let inserted = execute!(
                    tx.exec(),
                    // The password hash is not a PHC string, so no password ever matches it.
                    "INSERT INTO users (username, email, password_hash, phone, credits, role, created_at) VALUES (?, ?, '!agent', NULL, 0, 'agent', ?)",
                    username(agent),
                    format!("{}@agents.invalid", agent.key()),
                    chrono::Utc::now()
                );
                match inserted {
                    Ok(done) => done.last_id,
                    // Another instance created it first.
                    Err(e) if is_unique_violation(&e) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
        };
        let key = format!("endowment:{}", agent.key());
        let endowment = market.settings.auction.agent_endowment;
        if endowment > 0 {
            credits::transfer(&mut tx, Transfer::issue(id, endowment, Reason::AgentEndowment, &key)).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
