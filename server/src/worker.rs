//! The background worker: analyses pending ideas, plays auction rounds and closes auctions.
//! Every step is one transaction claimed with a conditional update, so any number of instances
//! can run it, and a crash or a shutdown between steps loses or repeats nothing.

use std::time::Duration;

use market::Market;
use market::auction::{agents, steps};
use tokio::sync::watch;

/// How often the worker looks for work.
const TICK: Duration = Duration::from_millis(500);

pub async fn run(market: Market, mut shutdown: watch::Receiver<bool>) {
    if let Err(e) = agents::ensure_accounts(&market).await {
        tracing::error!(error = ?e, "could not create the agents' accounts; auctions will retry");
    }
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => break,
        }
        let now = chrono::Utc::now();
        if let Err(e) = steps::analyse_pending(&market, now).await {
            tracing::error!(error = ?e, "analysing pending ideas failed");
        }
        if let Err(e) = steps::play_due_rounds(&market, now).await {
            tracing::error!(error = ?e, "playing auction rounds failed");
        }
        if let Err(e) = steps::close_due(&market, now).await {
            tracing::error!(error = ?e, "closing auctions failed");
        }
    }
    tracing::info!("worker stopped");
}
