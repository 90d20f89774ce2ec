//! The credit ledger under bursts of simultaneous spends and replays, on SQLite and MariaDB:
//! spends stop at zero, a replayed key writes one pair of rows, and the books still balance.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::time::Duration;

use market::credits::{self, Movement, Reason, Transfer};
use market::db::Db;
use market::{Market, MarketError};
use testkit::{Backend, books, both_backends, store};

both_backends!(simultaneous_spends_stop_at_zero, simultaneous_replays_write_one_pair);

/// Whether a caller would retry this failure: a deadlock or lock-wait timeout (MySQL 1213,
/// 1205), or no free connection in time (a burst queues on the pool).
fn is_transient(err: &MarketError) -> bool {
    let MarketError::Internal(e) = err else { return false };
    match e.downcast_ref::<sqlx::Error>() {
        Some(sqlx::Error::PoolTimedOut) => true,
        Some(sqlx::Error::Database(db)) => {
            db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().is_some_and(|e| matches!(e.number(), 1205 | 1213))
        }
        _ => false,
    }
}

/// Spends `amount` under `key` in a transaction of its own, retrying transient failures a few
/// times; returns the outcome and how many retries it took.
async fn spend(db: Db, user_id: i64, amount: i64, key: String) -> (Result<Movement, MarketError>, u32) {
    let mut retries = 0;
    loop {
        let outcome = async {
            let mut tx = db.begin().await?;
            let p = credits::transfer(&mut tx, Transfer::charge(user_id, amount, Reason::PlanPurchase, &key)).await?;
            tx.commit().await?;
            Ok::<_, MarketError>(p.debit)
        }
        .await;
        match outcome {
            Err(e) if is_transient(&e) && retries < 5 => {
                retries += 1;
                tokio::time::sleep(Duration::from_millis(20 * u64::from(retries))).await;
            }
            other => return (other, retries),
        }
    }
}

/// Opens all of the pool's connections up front, so that a burst races on the database rather
/// than on connecting.
async fn warm_pool(market: &Market) {
    match &market.db {
        Db::MySql(pool) => {
            let mut held = Vec::new();
            while held.len() < pool.options().get_max_connections() as usize {
                held.push(pool.acquire().await.expect("connection"));
            }
        }
        Db::Sqlite(pool) => {
            let mut held = Vec::new();
            while held.len() < pool.options().get_max_connections() as usize {
                held.push(pool.acquire().await.expect("connection"));
            }
        }
    }
}

/// Fires `keys.len()` spends of `amount` at once and waits for them all.
async fn burst(
    market: &Market,
    user_id: i64,
    amount: i64,
    keys: Vec<String>,
) -> (Vec<Result<Movement, MarketError>>, u32) {
    warm_pool(market).await;
    let tasks: Vec<_> =
        keys.into_iter().map(|key| tokio::spawn(spend(market.db.clone(), user_id, amount, key))).collect();
    let (mut outcomes, mut retries) = (Vec::new(), 0);
    for task in tasks {
        let (outcome, r) = task.await.expect("task");
        outcomes.push(outcome);
        retries += r;
    }
    (outcomes, retries)
}

/// 1000 simultaneous spends of 7 from 3000 credits: exactly 428 go through, the rest are
/// refused, and the balance never dips below zero. Transient failures (deadlock, lock-wait or
/// pool timeout) are retried as a caller would, so the counts are exact; none are expected.
async fn simultaneous_spends_stop_at_zero(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let id = books::account(m, "spender").await;
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::issue(id, 2000, Reason::AgentEndowment, "top-up")).await.expect("top-up");
    tx.commit().await.expect("commit");
    let start = books::balance(m, id).await;
    assert_eq!(start, 3000);

    let (outcomes, retries) = burst(m, id, 7, (0..1000).map(|i| format!("spend:{i}")).collect()).await;
    let succeeded = outcomes.iter().filter(|o| o.is_ok()).count() as i64;
    let refused = outcomes.iter().filter(|o| matches!(o, Err(MarketError::InsufficientCredits))).count() as i64;
    let other: Vec<_> = outcomes
        .iter()
        .filter_map(|o| o.as_ref().err())
        .filter(|e| !matches!(e, MarketError::InsufficientCredits))
        .collect();
    assert!(other.is_empty(), "only refusals may fail: {other:?}");
    assert_eq!(succeeded, (start / 7).min(1000));
    assert_eq!(refused, 1000 - succeeded);
    eprintln!("{backend:?}: {succeeded} spent, {refused} refused, {retries} transient retries");

    let (credits, rows) = books::consistent(m, id).await.expect("consistent ledger");
    assert_eq!(credits, start - 7 * succeeded);
    assert_eq!(rows.len() as i64, 2 + succeeded, "signup, top-up and one row per spend");
    assert_eq!(books::row_count(m, None).await, 2 * (2 + succeeded), "each with the platform's side");
    assert_eq!(books::totals(m).await, (0, 0), "the books balance");
    books::consistent(m, books::platform(m).await).await.expect("the platform's ledger is consistent");
    s.cleanup().await;
}

/// 100 simultaneous replays of one key write one pair of rows and all get its movement, also
/// when the first spend leaves too little for the others to have been paid again (the last
/// empties the account).
async fn simultaneous_replays_write_one_pair(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let id = books::account(m, "replayer").await;
    for (key, amount) in [("replay:small", 7), ("replay:large", 600), ("replay:rest", 393)] {
        let (outcomes, retries) = burst(m, id, amount, vec![key.to_owned(); 100]).await;
        let movements: Vec<Movement> = outcomes.into_iter().map(|o| o.expect("every replay succeeds")).collect();
        assert!(movements.iter().all(|mv| *mv == movements[0]), "all get the first movement");
        assert_eq!(movements[0].amount, -amount);
        assert_eq!(books::row_count(m, Some(key)).await, 2, "{key}: one row for each side");
        eprintln!("{backend:?}: {key}: {retries} transient retries");
    }
    let (credits, rows) = books::consistent(m, id).await.expect("consistent ledger");
    assert_eq!(credits, 0);
    assert_eq!(rows.len(), 4, "signup and one row per key");
    s.cleanup().await;
}
