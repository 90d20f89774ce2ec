//! Each agent holds a ledger account: a user with role `agent` that cannot sign in.

use model::Agent;

use crate::credits::{self, Reason, Transfer};
use crate::error::MarketResult;
use crate::{Market, accounts, query_scalar};

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
        let email = format!("{}@agents.invalid", agent.key());
        // Another instance created it first: it also gave the endowment.
        let Some(id) = accounts::system::ensure(&mut tx, &username(agent), &email, "agent").await? else {
            continue;
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
