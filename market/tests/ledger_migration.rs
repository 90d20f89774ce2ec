//! The migration to double entry: books written the old way balance once migrated.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

use market::credits::{self, Reason, Transfer};
use market::db::Db;
use market::{Market, execute, query_scalar};
use testkit::{Backend, books, both_backends};

both_backends!(the_books_balance_after_migrating);

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
    assert_eq!(
        [books::balance(&m, 1).await, books::balance(&m, 2).await, books::balance(&m, 3).await],
        [1300, 999_700, 800]
    );
    let platform = books::platform(&m).await;
    assert_eq!(books::balance(&m, platform).await, -(1300 + 999_700 + 800), "minus what is in circulation");
    assert_eq!(books::totals(&m).await, (0, 0), "the books balance");
    for id in [1, 2, 3, platform] {
        books::consistent(&m, id).await.expect("consistent");
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
    assert_eq!(books::row_count(&m, Some("auction:1:purchase")).await, 1, "a sale gets no platform side");
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
    assert_eq!((books::balance(&m, 1).await, books::totals(&m).await), (0, (0, 0)));
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
