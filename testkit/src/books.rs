//! Reading the books as a test checks them: balances, an account's rows, and the totals that
//! double entry keeps at zero.

use market::credits::{self, Movement, Reason, Transfer};
use market::{Market, execute, query_as, query_scalar};

/// `users.credits` of one account.
pub async fn balance(market: &Market, user_id: i64) -> i64 {
    query_scalar!(market.db.exec(), fetch_one, i64, "SELECT credits FROM users WHERE id = ?", user_id).expect("balance")
}

/// The sum of one account's ledger rows.
pub async fn ledger_sum(market: &Market, user_id: i64) -> i64 {
    query_scalar!(
        market.db.exec(),
        fetch_one,
        i64,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger WHERE user_id = ?",
        user_id
    )
    .expect("sum")
}

/// One account's ledger rows, oldest first.
pub async fn rows(market: &Market, user_id: i64) -> Vec<Movement> {
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
pub async fn row_count(market: &Market, key: Option<&str>) -> i64 {
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
pub async fn totals(market: &Market) -> (i64, i64) {
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

/// The platform account's id.
pub async fn platform(market: &Market) -> i64 {
    let mut tx = market.db.begin().await.expect("begin");
    credits::platform_id(&mut tx).await.expect("the migrations create the platform account")
}

/// Creates a user as `accounts::register` does (0 credits, then the signup bonus through the
/// ledger), without the password hashing and SMS code that are beside the point here.
pub async fn account(market: &Market, name: &str) -> i64 {
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
    credits::transfer(&mut tx, Transfer::issue(id, model::SIGNUP_CREDITS, Reason::SignupBonus, &key))
        .await
        .expect("bonus");
    tx.commit().await.expect("commit");
    id
}

/// Checks one account's invariants (the balance is the sum of the rows, each row's
/// `balance_after` is the running sum, and, but for the platform, never negative) and returns
/// the balance and the rows, or what is wrong.
pub async fn consistent(market: &Market, user_id: i64) -> Result<(i64, Vec<Movement>), String> {
    let is_platform = user_id == platform(market).await;
    let credits = balance(market, user_id).await;
    let rows = rows(market, user_id).await;
    let mut running = 0;
    for row in &rows {
        running += row.amount;
        if row.balance_after != running {
            return Err(format!("balance_after is not the running sum {running}: {row:?}"));
        }
        if !is_platform && row.balance_after < 0 {
            return Err(format!("negative: {row:?}"));
        }
    }
    if credits != running {
        return Err(format!("users.credits {credits} is not the sum of the account's rows {running}"));
    }
    Ok((credits, rows))
}
