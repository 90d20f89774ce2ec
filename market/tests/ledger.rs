//! The credit ledger under random sequences of issues, charges, transfers between users and
//! replayed keys (checked against a model after every step), and under bursts of simultaneous
//! spends and replays, on SQLite and MariaDB. Every account's balance is the sum of its rows,
//! no account but the platform's goes below zero, and the whole ledger sums to zero.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::collections::HashMap;
use std::time::Duration;

use market::credits::{self, Account, Movement, Posted, Reason, Transfer};
use market::db::Db;
use market::{Market, MarketError, execute, query_as, query_scalar};
use proptest::prelude::*;
use proptest::sample::Index;
use testkit::{Backend, both_backends, store};

both_backends!(
    simultaneous_spends_stop_at_zero,
    simultaneous_replays_write_one_pair,
    the_books_balance_after_migrating
);

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
    let key = format!("signup:{id}");
    credits::transfer(&mut tx, Transfer::issue(id, SIGNUP_CREDITS, Reason::SignupBonus, &key)).await.expect("bonus");
    tx.commit().await.expect("commit");
    id
}

async fn platform(market: &Market) -> i64 {
    let mut tx = market.db.begin().await.expect("begin");
    credits::platform_id(&mut tx).await.expect("the migrations create the platform account")
}

/// `users.credits` of one account.
async fn balance(market: &Market, user_id: i64) -> i64 {
    query_scalar!(market.db.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user_id).expect("balance")
}

/// One account's ledger rows, oldest first.
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

/// The sum of every row of the ledger, and of every balance: double entry keeps both at zero.
async fn totals(market: &Market) -> (i64, i64) {
    let rows = query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger"
    )
    .expect("ledger total");
    let balances =
        query_scalar!(market.db.exec(), fetch_one, i64, "SELECT CAST(COALESCE(SUM(credits), 0) AS SIGNED) FROM users")
            .expect("balances total");
    (rows, balances)
}

/// Checks one account's invariants (the balance is the sum of the rows, each row's
/// `balance_after` is the running sum, and, but for the platform, never negative) and returns
/// the balance and the rows.
async fn consistent_ledger(market: &Market, user_id: i64) -> Result<(i64, Vec<Movement>), TestCaseError> {
    let is_platform = user_id == platform(market).await;
    let credits = balance(market, user_id).await;
    let rows = rows(market, user_id).await;
    let mut running = 0;
    for row in &rows {
        running += row.amount;
        prop_assert_eq!(row.balance_after, running, "balance_after is the running sum: {:?}", row);
        prop_assert!(is_platform || row.balance_after >= 0, "never negative: {:?}", row);
    }
    prop_assert_eq!(credits, running, "users.credits equals the sum of the account's rows");
    Ok((credits, rows))
}

// ---------------------------------------------------------------------------------------------
// Random sequences against a model.

/// One step of a random sequence; `user`, `from` and `to` index the case's users.
#[derive(Debug, Clone)]
enum Op {
    /// The platform pays a user.
    Issue { user: usize, amount: i64 },
    /// A user pays the platform; may ask for more than the balance, and is then refused.
    Charge { user: usize, amount: i64 },
    /// One user pays another (an auction sale); refused beyond the payer's balance.
    Between { from: usize, to: usize, amount: i64 },
    /// Reuses an earlier key (applied, refused or never reached), perhaps with another amount
    /// or direction.
    Replay { key: Index, amount: i64 },
}

/// 2–4 users and 1–30 operations on them.
fn sequences() -> impl Strategy<Value = (usize, Vec<Op>)> {
    (2usize..=4).prop_flat_map(|users| (Just(users), proptest::collection::vec(op(users), 1..=30)))
}

/// One operation on `users` users.
fn op(users: usize) -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..users, 1i64..=400).prop_map(|(user, amount)| Op::Issue { user, amount }),
        (0..users, 1i64..=1500).prop_map(|(user, amount)| Op::Charge { user, amount }),
        (0..users, 1..users, 1i64..=1200).prop_map(move |(from, step, amount)| Op::Between {
            from,
            to: (from + step) % users,
            amount
        }),
        (any::<Index>(), prop_oneof![-1500i64..=-1, 1i64..=1500]).prop_map(|(key, amount)| Op::Replay { key, amount }),
    ]
}

/// What the store should hold after the steps so far. Index `users` (one past the last user)
/// is the platform.
struct Model {
    ids: Vec<i64>,
    balances: Vec<i64>,
    /// Each account's rows, oldest first.
    rows: Vec<Vec<Movement>>,
    /// The transfer each applied key wrote.
    applied: HashMap<String, Posted>,
    /// Every key used so far, with the indexes of its paying and receiving accounts.
    keys: Vec<(String, usize, usize)>,
}

impl Model {
    fn platform(&self) -> usize {
        self.ids.len() - 1
    }

    fn account(&self, i: usize) -> Account {
        if i == self.platform() { Account::Platform } else { Account::User(self.ids[i]) }
    }

    /// Checks a transfer `transfer` just wrote and records it.
    fn record(&mut self, from: usize, to: usize, amount: i64, key: &str, p: &Posted) -> Result<(), TestCaseError> {
        let newest = self.rows.iter().flatten().map(|r| r.id).max().unwrap_or(0);
        prop_assert!(p.debit.id > newest && p.credit.id > p.debit.id, "two new rows: {:?}", p);
        let debit = Movement {
            id: p.debit.id,
            user_id: self.ids[from],
            amount: -amount,
            balance_after: self.balances[from] - amount,
        };
        let credit =
            Movement { id: p.credit.id, user_id: self.ids[to], amount, balance_after: self.balances[to] + amount };
        prop_assert_eq!(&p.debit, &debit);
        prop_assert_eq!(&p.credit, &credit);
        self.balances[from] -= amount;
        self.balances[to] += amount;
        self.rows[from].push(debit);
        self.rows[to].push(credit);
        self.applied.insert(key.to_owned(), p.clone());
        Ok(())
    }
}

/// Moves `amount` from account `from` to `to` under `key` in its own transaction: committed
/// when applied, rolled back when refused, and checked against the model either way.
async fn transfer_one(
    market: &Market,
    model: &mut Model,
    (from, to): (usize, usize),
    amount: i64,
    key: &str,
) -> Result<(), TestCaseError> {
    let mut tx = market.db.begin().await.expect("begin");
    let t = Transfer::new(model.account(from), model.account(to), amount, Reason::PlanPurchase, key);
    let got = credits::transfer(&mut tx, t).await;
    if let Some(first) = model.applied.get(key) {
        let got = got.expect("a replay succeeds");
        prop_assert_eq!(&got, first, "a replayed key returns the first transfer");
        tx.commit().await.expect("commit");
    } else if from == model.platform() || model.balances[from] >= amount {
        let got = got.expect("affordable transfer applies");
        tx.commit().await.expect("commit");
        model.record(from, to, amount, key, &got)?;
    } else {
        prop_assert!(matches!(got, Err(MarketError::InsufficientCredits)), "refused: {:?}", got);
    }
    Ok(())
}

/// Runs one step against the store and the model.
async fn step(market: &Market, model: &mut Model, n: usize, op: &Op) -> Result<(), TestCaseError> {
    let platform = model.platform();
    let (pair, amount, key) = match *op {
        Op::Issue { user, amount } => ((platform, user), amount, format!("op{n}:issue")),
        Op::Charge { user, amount } => ((user, platform), amount, format!("op{n}:charge")),
        Op::Between { from, to, amount } => ((from, to), amount, format!("op{n}:between")),
        Op::Replay { key, amount } => {
            let (key, from, to) = key.get(&model.keys).clone();
            let pair = if amount > 0 { (from, to) } else { (to, from) };
            return transfer_one(market, model, pair, amount.abs(), &key).await;
        }
    };
    model.keys.push((key.clone(), pair.0, pair.1));
    transfer_one(market, model, pair, amount, &key).await
}

/// Creates `users` users, runs `ops`, and checks every invariant after each step.
async fn run(market: &Market, users: usize, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut model =
        Model { ids: Vec::new(), balances: Vec::new(), rows: Vec::new(), applied: HashMap::new(), keys: Vec::new() };
    let mut signups = Vec::new();
    for i in 0..users {
        let id = user(market, &format!("u{i}")).await;
        let signup = rows(market, id).await;
        prop_assert_eq!(signup.len(), 1);
        model.ids.push(id);
        model.balances.push(SIGNUP_CREDITS);
        model.rows.push(signup);
        signups.push(format!("signup:{id}"));
    }
    let platform = platform(market).await;
    model.ids.push(platform);
    model.balances.push(balance(market, platform).await);
    model.rows.push(rows(market, platform).await);
    for (i, key) in signups.into_iter().enumerate() {
        let credit = model.rows[i][0].clone();
        let debit = model.rows[users].iter().find(|r| r.id == credit.id - 1).cloned().expect("the platform's side");
        model.keys.push((key.clone(), users, i));
        model.applied.insert(key, Posted { debit, credit });
    }
    for (n, op) in ops.iter().enumerate() {
        let before = row_count(market, None).await;
        let modelled_before: usize = model.rows.iter().map(Vec::len).sum();
        step(market, &mut model, n, op).await?;
        let modelled_after: usize = model.rows.iter().map(Vec::len).sum();
        let after = row_count(market, None).await;
        // Refused transfers and replays add no row; each applied one adds exactly two.
        prop_assert_eq!(after - before, (modelled_after - modelled_before) as i64, "rows added by {:?}", op);
        for (i, &id) in model.ids.iter().enumerate() {
            let (credits, rows) = consistent_ledger(market, id).await?;
            prop_assert_eq!(credits, model.balances[i], "account {} after {:?}", i, op);
            prop_assert_eq!(&rows, &model.rows[i], "account {} after {:?}", i, op);
        }
        prop_assert_eq!(totals(market).await, (0, 0), "the books balance after {:?}", op);
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
    let id = user(m, "spender").await;
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::issue(id, 2000, Reason::AgentEndowment, "top-up")).await.expect("top-up");
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
    assert_eq!(row_count(m, None).await, 2 * (2 + succeeded), "each with the platform's side");
    assert_eq!(totals(m).await, (0, 0), "the books balance");
    consistent_ledger(m, platform(m).await).await.expect("the platform's ledger is consistent");
    s.cleanup().await;
}

/// 100 simultaneous replays of one key write one pair of rows and all get its movement, also
/// when the first spend leaves too little for the others to have been paid again (the last
/// empties the account).
async fn simultaneous_replays_write_one_pair(backend: Backend) {
    let s = store(backend).await;
    let m = &s.market;
    let id = user(m, "replayer").await;
    for (key, amount) in [("replay:small", 7), ("replay:large", 600), ("replay:rest", 393)] {
        let (outcomes, retries) = burst(m, id, amount, vec![key.to_owned(); 100]).await;
        let movements: Vec<Movement> = outcomes.into_iter().map(|o| o.expect("every replay succeeds")).collect();
        assert!(movements.iter().all(|mv| *mv == movements[0]), "all get the first movement");
        assert_eq!(movements[0].amount, -amount);
        assert_eq!(row_count(m, Some(key)).await, 2, "{key}: one row for each side");
        eprintln!("{backend:?}: {key}: {retries} transient retries");
    }
    let (credits, rows) = consistent_ledger(m, id).await.expect("consistent ledger");
    assert_eq!(credits, 0);
    assert_eq!(rows.len(), 4, "signup and one row per key");
    s.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// The migration to double entry.

/// A store at migration 6 (before double entry) holding a sale, signups, an endowment and a
/// plan purchase written the old way, one row each; then migrated by `Db::connect`. Every
/// account then holds what it held, the platform holds the other side of everything that was
/// issued or spent, the ledger sums to zero, and references into the rebuilt tables still hold.
async fn the_books_balance_after_migrating(backend: Backend) {
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let dialect = match backend {
        Backend::Embedded => "sqlite",
        Backend::Served => "mysql",
    };
    let old = std::env::temp_dir().join(format!("{name}-migrations"));
    std::fs::create_dir_all(&old).expect("temp dir");
    for entry in std::fs::read_dir(format!("../migrations/{dialect}")).expect("migrations") {
        let path = entry.expect("entry").path();
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        if file.as_str() < "0007" {
            std::fs::copy(&path, old.join(file)).expect("copy");
        }
    }
    let before = sqlx::migrate::Migrator::new(old.as_path()).await.expect("migrations 1-6");
    let url = match backend {
        Backend::Embedded => format!("sqlite://{}/test.db?mode=rwc", old.display()),
        Backend::Served => {
            let admin = sqlx::MySqlPool::connect(&testkit::mysql_server_url()).await.expect("MariaDB");
            sqlx::query(&format!("CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
                .execute(&admin)
                .await
                .expect("create database");
            format!("{}/{name}", testkit::mysql_server_url())
        }
    };
    let legacy = [
        "INSERT INTO users (id, username, email, password_hash, credits, role) VALUES (1, 'alice', 'a@x.cn', 'x', 1300, 'user'), (2, 'agent_baidu', 'baidu@agents.invalid', '!agent', 999700, 'agent'), (3, 'bob', 'b@x.cn', 'x', 800, 'user')",
        "INSERT INTO ideas (id, title, description, category, author_id, status) VALUES (1, '共享厨房', '社区里的共享厨房，按小时租用', 'lifestyle', 1, 'completed')",
        "INSERT INTO credit_ledger (user_id, amount, balance_after, reason, idempotency_key) VALUES (1, 1000, 1000, 'signup_bonus', 'signup:1'), (2, 1000000, 1000000, 'agent_endowment', 'endowment:baidu'), (2, -300, 999700, 'auction_purchase', 'auction:1:purchase'), (1, 300, 1300, 'auction_payout', 'auction:1:payout'), (3, 1000, 1000, 'signup_bonus', 'signup:3'), (3, -200, 800, 'plan_purchase', 'plan:1:charge')",
    ];
    match backend {
        Backend::Embedded => {
            let pool = sqlx::SqlitePool::connect(&url).await.expect("sqlite");
            before.run(&pool).await.expect("migrations 1-6");
            for sql in legacy {
                sqlx::query(sql).execute(&pool).await.expect("legacy rows");
            }
            pool.close().await;
        }
        Backend::Served => {
            let pool = sqlx::MySqlPool::connect(&url).await.expect("mariadb");
            before.run(&pool).await.expect("migrations 1-6");
            for sql in legacy {
                sqlx::query(sql).execute(&pool).await.expect("legacy rows");
            }
            pool.close().await;
        }
    }

    let db = Db::connect(&url, 4).await.expect("migrates to double entry");
    let m = Market::new(
        db,
        market::cache::Cache::memory(),
        market::events::EventBus::memory(),
        market::sms::SmsSender::Log,
        market::Settings::default(),
    );
    assert_eq!([balance(&m, 1).await, balance(&m, 2).await, balance(&m, 3).await], [1300, 999_700, 800]);
    let platform = platform(&m).await;
    assert_eq!(balance(&m, platform).await, -(1300 + 999_700 + 800), "minus what is in circulation");
    assert_eq!(totals(&m).await, (0, 0), "the books balance");
    for id in [1, 2, 3, platform] {
        consistent_ledger(&m, id).await.expect("consistent");
    }
    let counterparty = |key: &'static str, user: i64| {
        let m = m.clone();
        async move {
            query_scalar!(
                m.db.exec(),
                fetch_one,
                Option<i64>,
                "SELECT counterparty_id FROM credit_ledger WHERE idempotency_key = ? AND user_id = ?",
                key,
                user
            )
            .expect("row")
        }
    };
    assert_eq!(counterparty("auction:1:purchase", 2).await, Some(1), "the sale's two sides are linked");
    assert_eq!(counterparty("auction:1:payout", 1).await, Some(2));
    assert_eq!(counterparty("plan:1:charge", platform).await, Some(3), "the platform received the purchase");
    assert_eq!(row_count(&m, Some("auction:1:purchase")).await, 1, "a sale gets no platform side");
    let author = query_scalar!(m.db.exec(), fetch_one, i64, "SELECT author_id FROM ideas WHERE id = 1").expect("idea");
    assert_eq!(author, 1);
    if let Db::Sqlite(pool) = &m.db {
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(pool).await.expect("check");
        assert!(broken.is_empty(), "every reference into the rebuilt tables holds");
    }
    // The migrated books take new transfers, and references are enforced on the new tables.
    let mut tx = m.db.begin().await.expect("begin");
    credits::transfer(&mut tx, Transfer::charge(1, 1300, Reason::PlanPurchase, "after")).await.expect("spend all");
    tx.commit().await.expect("commit");
    assert_eq!((balance(&m, 1).await, totals(&m).await), (0, (0, 0)));
    let orphan = execute!(
        m.db.exec(),
        "INSERT INTO ideas (title, description, category, author_id) VALUES ('孤儿', '没有作者的创意描述', 'tech', 999)"
    );
    assert!(orphan.is_err(), "the author must exist");

    m.db.close().await;
    if let Backend::Served = backend {
        let admin = sqlx::MySqlPool::connect(&testkit::mysql_server_url()).await.expect("MariaDB");
        sqlx::query(&format!("DROP DATABASE {name}")).execute(&admin).await.expect("drop");
    }
    let _ = std::fs::remove_dir_all(&old);
}
