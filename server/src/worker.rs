//! The background worker: analyses pending ideas, plays auction rounds, closes auctions, tells
//! watchers and mails notifications, erases closed accounts, settles and closes top-up orders,
//! deletes abandoned and removed attachments, and generates business plans. Every step is claimed with a conditional update, so any number of
//! instances can run it, and a crash or a shutdown between steps loses or repeats nothing.

use std::collections::HashSet;
use std::time::Duration;

use market::Market;
use market::accounts::closing;
use market::auction::{agents, steps};
use market::notifications::{outbox, watches};
use market::{attachments, payments, plans};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// How often the worker looks for work.
const TICK: Duration = Duration::from_millis(500);
/// How often it asks the payment provider about orders (each order at most once a minute).
const PAYMENTS_EVERY: Duration = Duration::from_secs(5);
/// How often it deletes the objects of removed, abandoned and erased attachments.
const FILES_EVERY: Duration = Duration::from_secs(5);
/// How often it looks for watchers to tell and notifications to mail.
const NOTICES_EVERY: Duration = Duration::from_secs(2);

pub async fn run(market: Market, mut shutdown: watch::Receiver<bool>) {
    if let Err(e) = agents::ensure_accounts(&market).await {
        tracing::error!(error = ?e, "could not create the agents' accounts; auctions will retry");
    }
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Plans take minutes, so each runs as its own task beside the auction steps.
    let mut generating: JoinSet<i64> = JoinSet::new();
    let mut running = HashSet::new();
    let mut payments_due = tokio::time::Instant::now();
    let mut files_due = tokio::time::Instant::now();
    let mut notices_due = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.wait_for(|closing| *closing) => break,
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
        if tokio::time::Instant::now() >= notices_due {
            notices_due = tokio::time::Instant::now() + NOTICES_EVERY;
            if let Err(e) = watches::tell_watchers(&market, now).await {
                tracing::error!(error = ?e, "telling watchers failed");
            }
            if let Err(e) = outbox::send_due(&market, now).await {
                tracing::error!(error = ?e, "mailing notifications failed");
            }
        }
        if let Err(e) = closing::erase_due(&market, now).await {
            tracing::error!(error = ?e, "erasing closed accounts failed");
        }
        if tokio::time::Instant::now() >= payments_due {
            payments_due = tokio::time::Instant::now() + PAYMENTS_EVERY.min(market.payments.query_every);
            if let Err(e) = payments::reconcile::run(&market, now).await {
                tracing::error!(error = ?e, "reconciling payments failed");
            }
        }
        if tokio::time::Instant::now() >= files_due {
            files_due = tokio::time::Instant::now() + FILES_EVERY;
            if let Err(e) = attachments::purge::run(&market, now).await {
                tracing::error!(error = ?e, "deleting attachments failed");
            }
        }
        while let Some(done) = generating.try_join_next() {
            if let Ok(id) = done {
                running.remove(&id);
            }
        }
        match plans::claim_due(&market, now).await {
            Ok(claimed) => {
                for id in claimed {
                    let market = market.clone();
                    running.insert(id);
                    generating.spawn(async move {
                        let _ = plans::run(market, id).await;
                        id
                    });
                }
            }
            Err(e) => tracing::error!(error = ?e, "claiming business plans failed"),
        }
    }
    // Plans in progress are handed back, so the next start resumes them from their last stage.
    generating.abort_all();
    while let Some(done) = generating.join_next().await {
        if let Ok(id) = done {
            running.remove(&id);
        }
    }
    for id in running {
        if let Err(e) = plans::release(&market, id).await {
            tracing::warn!(plan_id = id, error = ?e, "releasing a plan at shutdown failed");
        }
    }
    tracing::info!("worker stopped");
}
