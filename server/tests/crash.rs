//! Kill the server (SIGKILL) again and again while auctions close, restart it on the same
//! stores, and check that every author was paid exactly once and the books balance.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, FAST_AUCTION, TestServer, register, submit_idea};
use testkit::both_backends;

both_backends!(killing_the_server_during_settlement_neither_loses_nor_repeats_a_payout);

async fn killing_the_server_during_settlement_neither_loses_nor_repeats_a_payout(backend: Backend) {
    let mut first = TestServer::start_binary_with(backend, FAST_AUCTION).await;
    let c = reqwest::Client::new();
    const AUTHORS: usize = 3;
    let mut ideas = Vec::new();
    for n in 0..AUTHORS {
        let token = register(&mut first, &c, 50 + n as u32).await;
        for k in 0..3 {
            let idea = json!({
                "title": format!("健康饮食助手 {n}-{k}"),
                "description": "面向城市白领用户的小程序，AI 识别餐食并个性化推荐，会员订阅收费，和餐厅分成。",
                "category": "health",
                "tags": []
            });
            ideas.push((submit_idea(&first, &c, &token, idea).await, n));
        }
    }

    // Crash the instance at varying moments around the closes, restarting on the same stores.
    let mut current = first;
    let mut instances = Vec::new();
    for delay_ms in [2600_u64, 400, 250, 700, 150] {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        current.kill();
        let next = TestServer::start_beside(&current, FAST_AUCTION).await;
        instances.push(current);
        current = next;
    }

    let deadline = Instant::now() + Duration::from_secs(60);
    let mut paid = [0_i64; AUTHORS];
    for &(id, author) in &ideas {
        let view = loop {
            let v: Value = c
                .get(current.url(&format!("/api/ideas/{id}/auction")))
                .send()
                .await
                .expect("view")
                .json()
                .await
                .expect("json");
            if v["auction"]["outcome"].is_object() {
                break v;
            }
            assert!(Instant::now() < deadline, "idea {id} never closed: {v}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        if view["auction"]["outcome"]["outcome"] == "sold" {
            paid[author] += view["auction"]["outcome"]["amount"].as_i64().expect("amount");
            let won = view["bids"].as_array().expect("bids").iter().filter(|b| b["status"] == "won").count();
            assert_eq!(won, 1, "idea {id}: one winning bid");
        }
    }
    for (n, paid) in paid.iter().enumerate() {
        // The embedded default keeps sessions in process, so a restart signs everyone out.
        let login: Value = c
            .post(current.url("/api/auth/login"))
            .json(&json!({"login": format!("user{}", 50 + n), "password": "tea-garden-2026"}))
            .send()
            .await
            .expect("login")
            .json()
            .await
            .expect("json");
        let token = login["token"].as_str().expect("token");
        let me: Value =
            c.get(current.url("/api/me")).bearer_auth(token).send().await.expect("me").json().await.expect("json");
        assert_eq!(me["credits"].as_i64(), Some(1000 + paid), "each payout exactly once");
    }

    // The books: every balance is the sum of its ledger rows, and one payout per sold idea.
    let url = &current.stores.iter().find(|(k, _)| k == "DATABASE_URL").expect("url").1;
    let db = market::db::Db::connect(url, 2).await.expect("db");
    let unbalanced = market::query_scalar!(
        db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM users u WHERE u.credits <> (SELECT COALESCE(SUM(l.amount), 0) FROM credit_ledger l WHERE l.user_id = u.id)"
    )
    .expect("query");
    assert_eq!(unbalanced, 0, "every balance equals its ledger");
    let payouts = market::query_scalar!(
        db.exec(),
        fetch_one,
        i64,
        "SELECT COUNT(*) FROM credit_ledger WHERE reason = 'auction_payout' AND amount > 0"
    )
    .expect("query");
    let sold = market::query_scalar!(db.exec(), fetch_one, i64, "SELECT COUNT(*) FROM auctions WHERE outcome = 'sold'")
        .expect("query");
    assert_eq!(payouts, sold);
    let purchases =
        market::query_scalar!(db.exec(), fetch_one, i64, "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger WHERE reason IN ('auction_payout', 'auction_purchase')")
            .expect("query");
    assert_eq!(purchases, 0, "what authors received, agents paid");
    let total = market::query_scalar!(
        db.exec(),
        fetch_one,
        i64,
        "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) FROM credit_ledger"
    )
    .expect("query");
    assert_eq!(total, 0, "double entry: the whole ledger sums to zero");
    db.close().await;

    current.stop().await;
    for instance in instances.into_iter().rev() {
        instance.stop().await;
    }
}
