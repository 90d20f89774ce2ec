//! A real auction in the running binary: the worker analyses the idea, the agents bid, the
//! auction closes and the author is paid; on SQLite and on MariaDB + Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, TestServer, register};

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod embedded { $( #[tokio::test] async fn $name() { super::$name(super::Backend::Embedded).await } )* }
        mod served { $( #[tokio::test] async fn $name() { super::$name(super::Backend::Served).await } )* }
    };
}

both_backends!(a_submitted_idea_is_analysed_auctioned_and_paid_for);

/// A whole auction in a few seconds.
const FAST: &[(&str, &str)] = &[
    ("AUCTION_DURATION_SECS", "4"),
    ("AUCTION_ROUND_SECS", "0.3"),
    ("AUCTION_EXTENSION_WINDOW_SECS", "0.5"),
    ("AUCTION_EXTENSION_SECS", "0.5"),
];

async fn a_submitted_idea_is_analysed_auctioned_and_paid_for(backend: Backend) {
    let mut s = TestServer::start_with(backend, FAST).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 21).await;
    let idea: Value = c
        .post(s.url("/api/ideas"))
        .bearer_auth(&token)
        .json(&json!({
            "title": "AI 健身私教小程序",
            "description": "面向城市白领用户的小程序，用摄像头识别动作并由 AI 个性化纠正，会员订阅收费，和健身房分成。",
            "category": "health",
            "tags": ["AI", "健身"]
        }))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let id = idea["id"].as_i64().expect("id");

    let deadline = Instant::now() + Duration::from_secs(60);
    let view = loop {
        let v: Value =
            c.get(s.url(&format!("/api/ideas/{id}/auction"))).send().await.expect("view").json().await.expect("json");
        if v["auction"]["outcome"].is_object() {
            break v;
        }
        assert!(Instant::now() < deadline, "auction did not close: {v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(view["analyses"].as_array().map(Vec::len), Some(5), "{view}");
    assert!(view["analyses"].as_array().expect("analyses").iter().all(|a| a["offline"] == true));
    let bids: Vec<Value> =
        c.get(s.url(&format!("/api/ideas/{id}/bids"))).send().await.expect("bids").json().await.expect("json");
    assert!(bids.len() >= 2, "{bids:?}");
    assert_eq!(bids.iter().filter(|b| b["status"] == "won").count(), 1);
    let outcome = &view["auction"]["outcome"];
    assert_eq!(outcome["outcome"], "sold", "{outcome}");
    let amount = outcome["amount"].as_i64().expect("amount");
    assert_eq!(bids[0]["amount"].as_i64(), Some(amount), "the newest bid won");

    let me: Value = c.get(s.url("/api/me")).bearer_auth(&token).send().await.expect("me").json().await.expect("json");
    assert_eq!(me["credits"].as_i64(), Some(1000 + amount), "the author was paid the winning bid");
    let idea: Value = c.get(s.url(&format!("/api/ideas/{id}"))).send().await.expect("idea").json().await.expect("json");
    assert_eq!(idea["status"], "completed");
    assert_eq!(c.get(s.url("/api/ideas/9999/bids")).send().await.expect("bids").status(), 404);
    s.stop().await;
}
