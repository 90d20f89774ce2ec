//! The credit ledger under random sequences of credits, spends, transfers and replayed keys
//! (checked against a model after every step), and under bursts of simultaneous spends and
//! replays, on SQLite and MariaDB.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

#[macro_use]
mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{Backend, store};
use market::credits::{self, Movement, Reason};
use market::db::Db;
use market::{Market, MarketError, execute, query_as, query_scalar};
use proptest::prelude::*;
use proptest::sample::Index;

both_backends!(simultaneous_spends_stop_at_zero, simultaneous_replays_write_one_row);

const SIGNUP_CREDITS: i64 = 1000;

/// Creates a user as `accounts::register` does (0 credits, then the signup bonus through the
/// ledger), without the password hashing and SMS code that are beside the point here.
async fn user(market: &Market, name: &str) -> i64 {
    let mut tx = market.db.begin().await.expect("begin");
    let id = execute!(
        tx.exec(),
        "INSERT INTO users (username, email, password_hash, credits) VALUES (?, ?, 'x', 0)",
        name,
        format!("{name}@example.com")
    )
    .expect("user inserted")
    .last_id;
    credits::apply(&mut tx, id, SIGNUP_CREDITS, Reason::SignupBonus, &format!("signup:{id}")).await.expect("bonus");
    tx.commit().await.expect("commit");
    id
}

/// `users.credits` of one user.
async fn balance(market: &Market, user_id: i64) -> i64 {
    query_scalar!(market.db.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user_id).expect("balance")
}

/// One user's ledger rows, oldest first.
async fn rows(market: &Market, user_id: i64) -> Vec<Movement> {
    query_as!(
        market.db.exec(),
        fetch_all,
        Movement,
        "SELECT id, user_id, amount, balance_after FROM credit_ledger WHERE user_id = ? ORDER BY id",
        user_id
    )
    .expect("ledger rows")
}

/// Rows in the whole ledger, or under one key.
async fn row_count(market: &Market, key: Option<&str>) -> i64 {
    match key {
        None => query_scalar!(market.db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM credit_ledger"),
        Some(key) => query_scalar!(
            market.db.exec(),
            fetch_one,
            i64,
            "SELECT COUNT(*) FROM credit_ledger WHERE idempotency_key = ?",
            key
        ),
    }
    .expect("row count")
}

/// Checks one user's invariants (the balance is the sum of the rows, never negative, and each
/// row's `balance_after` is the running sum) and returns the balance and the rows.
async fn consistent_ledger(market: &Market, user_id: i64) -> Result<(i64, Vec<Movement>), TestCaseError> {
    let credits = balance(market, user_id).await;
    let rows = rows(market, user_id).await;
    let mut running = 0;
    for row in &rows {
        running += row.amount;
        prop_assert_eq!(row.balance_after, running, "balance_after is the running sum: {:?}", row);
        prop_assert!(row.balance_after >= 0, "never negative: {:?}", row);
    }
    prop_assert_eq!(credits, running, "users.credits equals the sum of the user's rows");
    prop_assert!(credits >= 0);
    Ok((credits, rows))
}

// ---------------------------------------------------------------------------------------------
// Random sequences against a model.

/// One step of a random sequence; `user`, `from` and `to` index the case's users.
#[derive(Debug, Clone)]
enum Op {
    Credit {
        user: usize,
        amount: i64,
    },
    /// May ask for more than the balance, and is then refused.
    Spend {
        user: usize,
        amount: i64,
    },
    /// A spend and a credit in one transaction: both or neither.
    Transfer {
        from: usize,
        to: usize,
        amount: i64,
    },
    /// Reuses an earlier key (applied, refused or never reached) on its user, perhaps with
    /// another amount.
    Replay {
        key: Index,
        amount: i64,
    },
}

/// 2–4 users and 1–30 operations on them.
fn sequences() -> impl Strategy<Value = (usize, Vec<Op>)> {
    (2usize..=4).prop_flat_map(|users| (Just(users), proptest::collection::vec(op(users), 1..=30)))
}

/// One operation on `users` users.
fn op(users: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..users, 1i64..=400).prop_map(|(user, amount)| Op::Credit { user, amount }),
        (0..users, 1i64..=1500).prop_map(|(user, amount)| Op::Spend { user, amount }),
        (0..users, 1..users, 1i64..=1200).prop_map(move |(from, step, amount)| Op::Transfer {
            from,
            to: (from + step) % users,
            amount
        }),
        (any::<Index>(), prop_oneof![-1500i64..=-1, 1i64..=1500]).prop_map(|(key, amount)| Op::Replay { key, amount }),
    ]
}

/// What the store should hold after the steps so far.
struct Model {
    ids: Vec<i64>,
    balances: Vec<i64>,
    /// Each user's rows, oldest first.
    rows: Vec<Vec<Movement>>,
    /// The movement each applied key wrote.
    applied: HashMap<String, Movement>,
    /// Every key used so far, with the index of its user.
    keys: Vec<(String, usize)>,
}

impl Model {
    /// Checks a movement `apply` just wrote and records it.
    fn record(&mut self, user: usize, amount: i64, key: &str, m: &Movement) -> Result<(), TestCaseError> {
        let newest = self.rows.iter().flatten().map(|r| r.id).max().unwrap_or(0);
        prop_assert!(m.id > newest, "a new row: {:?}", m);
        let expected =
            Movement { id: m.id, user_id: self.ids[user], amount, balance_after: self.balances[user] + amount };
        prop_assert_eq!(m, &expected);
        self.balances[user] += amount;
        self.rows[user].push(m.clone());
        self.applied.insert(key.to_owned(), m.clone());
        Ok(())
    }
}

/// Applies `amount` to user `user` under `key` in its own transaction: committed when applied,
/// rolled back when refused, and checked against the model either way.
async fn apply_one(
    market: &Market,
    model: &mut Model,
    user: usize,
    amount: i64,
    key: &str,
) -> Result<(), TestCaseError> {
    let mut tx = market.db.begin().await.expect("begin");
    let got = credits::apply(&mut tx, model.ids[user], amount, Reason::PlanPurchase, key).await;
    if let Some(first) = model.applied.get(key) {
        let got = got.expect("a replay succeeds");
        prop_assert_eq!(&got, first, "a replayed key returns the first movement");
        tx.commit().await.expect("commit");
    } else if model.balances[user] + amount >= 0 {
        let got = got.expect("affordable movement applies");
        tx.commit().await.expect("commit");
        model.record(user, amount, key, &got)?;
    } else {
        prop_assert!(matches!(got, Err(MarketError::InsufficientCredits)), "refused: {:?}", got);
    }
    Ok(())
}

/// Runs one step against the store and the model.
async fn step(market: &Market, model: &mut Model, n: usize, op: &Op) -> Result<(), TestCaseError> {
    match *op {
        Op::Credit { user, amount } => {
            let key = format!("op{n}:credit");
            model.keys.push((key.clone(), user));
            apply_one(market, model, user, amount, &key).await
        }
        Op::Spend { user, amount } => {
            let key = format!("op{n}:spend");
            model.keys.push((key.clone(), user));
            apply_one(market, model, user, -amount, &key).await
        }
        Op::Transfer { from, to, amount } => {
            let (out_key, in_key) = (format!("op{n}:out"), format!("op{n}:in"));
            model.keys.push((out_key.clone(), from));
            model.keys.push((in_key.clone(), to));
            let mut tx = market.db.begin().await.expect("begin");
            let out = credits::apply(&mut tx, model.ids[from], -amount, Reason::AuctionPurchase, &out_key).await;
            if model.balances[from] < amount {
                prop_assert!(matches!(out, Err(MarketError::InsufficientCredits)), "refused: {:?}", out);
                return Ok(()); // `tx` rolls back on drop
            }
            let out = out.expect("affordable spend applies");
            let inc = credits::apply(&mut tx, model.ids[to], amount, Reason::AuctionPayout, &in_key).await;
            let inc = inc.expect("credit applies");
            tx.commit().await.expect("commit");
            model.record(from, -amount, &out_key, &out)?;
            model.record(to, amount, &in_key, &inc)
        }
        Op::Replay { key, amount } => {
            let (key, user) = key.get(&model.keys).clone();
            apply_one(market, model, user, amount, &key).await
        }
    }
}

/// Creates `users` users, runs `ops`, and checks every invariant after each step.
async fn run(market: &Market, users: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut model =
        Model { ids: Vec::new(), balances: Vec::new(), rows: Vec::new(), applied: HashMap::new(), keys: Vec::new() };
    for i in 0..users {
        let id = user(market, &format!("u{i}")).await;
        let signup = rows(market, id).await;
        prop_assert_eq!(signup.len(), 1);
        model.ids.push(id);
        model.balances.push(SIGNUP_CREDITS);
        model.keys.push((format!("signup:{id}"), i));
        model.applied.insert(format!("signup:{id}"), signup[0].clone());
        model.rows.push(signup);
    }
    for (n, op) in ops.iter().enumerate() {
        let before = row_count(market, None).await;
        let modelled_before: usize = model.rows.iter().map(Vec::len).sum();
        step(market, &mut model, n, op).await?;
        let modelled_after: usize = model.rows.iter().map(Vec::len).sum();
        let after = row_count(market, None).await;
        // Refused spends and replays add no row; each applied movement adds exactly one.
        prop_assert_eq!(after - before, (modelled_after - modelled_before) as i64, "rows added by {:?}", op);
        for (i, &id) in model.ids.iter().enumerate() {
            let (credits, rows) = consistent_ledger(market, id).await?;
            prop_assert_eq!(credits, model.balances[i], "user {} after {:?}", i, op);
            prop_assert_eq!(&rows, &model.rows[i], "user {} after {:?}", i, op);
        }
    }
    Ok(())
}

/// Runs one case on a fresh store of `backend`, on a runtime of its own (proptest is sync).
fn run_on(backend: Backend, users: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let s = store(backend).await;
        let outcome = run(&s.market, users, ops).await;
        s.cleanup().await;
        outcome
    })
}

/// `cases` cases; nothing is written to disk (proptest finds no lib.rs beside an integration
/// test), a failure prints its shrunk input instead.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(24))]
    #[test]
    fn random_sequences_keep_the_ledger_consistent_on_sqlite((users, ops) in sequences()) {
        run_on(Backend::Embedded, users, &ops)?;
    }
}

proptest! {
    #![proptest_config(config(12))]
    #[test]
    fn random_sequences_keep_the_ledger_consistent_on_mariadb((users, ops) in sequences()) {
        run_on(Backend::Served, users, &ops)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Simultaneous transactions.

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
            let m = credits::apply(&mut tx, user_id, -amount, Reason::PlanPurchase, &key).await?;
            tx.commit().await?;
            Ok::<_, MarketError>(m)
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
    let id = user(m, "spender").await;
    let mut tx = m.db.begin().await.expect("begin");
    credits::apply(&mut tx, id, 2000, Reason::AgentEndowment, "top-up").await.expect("top-up");
    tx.commit().await.expect("commit");
    let start = balance(m, id).await;
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

    let (credits, rows) = consistent_ledger(m, id).await.expect("consistent ledger");
    assert_eq!(credits, start - 7 * succeeded);
    assert_eq!(rows.len() as i64, 2 + succeeded, "signup, top-up and one row per spend");
    s.cleanup().await;
}

/// 100 simultaneous replays of one key write one row and all get its movement, also when the
/// first spend leaves too little for the others to have been paid again (the last empties the
/// account).
async fn simultaneous_replays_write_one_row(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let id = user(m, "replayer").await;
    for (key, amount) in [("replay:small", 7), ("replay:large", 600), ("replay:rest", 393)] {
        let (outcomes, retries) = burst(m, id, amount, vec![key.to_owned(); 100]).await;
        let movements: Vec<Movement> = outcomes.into_iter().map(|o| o.expect("every replay succeeds")).collect();
        assert!(movements.iter().all(|mv| *mv == movements[0]), "all get the first movement");
        assert_eq!(movements[0].amount, -amount);
        assert_eq!(row_count(m, Some(key)).await, 1, "{key}: one row");
        eprintln!("{backend:?}: {key}: {retries} transient retries");
    }
    let (credits, rows) = consistent_ledger(m, id).await.expect("consistent ledger");
    assert_eq!(credits, 0);
    assert_eq!(rows.len(), 4, "signup and one row per key");
    s.cleanup().await;
}
