//! The credit ledger under random sequences of issues, charges, transfers between users and
//! replayed keys, checked against a model after every step, on SQLite and MariaDB. Every
//! account's balance is the sum of its rows, no account but the platform's goes below zero, and
//! the whole ledger sums to zero. (`ledger_races` and `ledger_migration` test the same books.)
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use std::collections::HashMap;

use market::credits::{self, Account, Movement, Posted, Reason, Transfer};
use market::{Market, MarketError};
use proptest::prelude::*;
use proptest::sample::Index;
use testkit::books::{self, account as user, balance, platform, row_count, rows, totals};
use testkit::{Backend, store};

const SIGNUP_CREDITS: i64 = 1000;

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
            let (credits, rows) = books::consistent(market, id).await.map_err(TestCaseError::fail)?;
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
