//! A real auction in the running binary: the worker analyses the idea, the agents bid, the
//! auction closes and the author is paid; on SQLite and on MariaDB + Redis.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, FAST_AUCTION, TestServer, assert_ended, read_events, register, submit_idea};
use testkit::both_backends;

both_backends!(a_submitted_idea_is_analysed_auctioned_and_paid_for, the_stream_follows_the_auction_and_catches_up);

async fn a_submitted_idea_is_analysed_auctioned_and_paid_for(backend: Backend) {
    let mut s = TestServer::start_with(backend, FAST_AUCTION).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 21).await;
    let id = submit_idea(
        &s,
        &c,
        &token,
        json!({
            "title": "AI 健身私教小程序",
            "description": "面向城市白领用户的小程序，用摄像头识别动作并由 AI 个性化纠正，会员订阅收费，和健身房分成。",
            "category": "health",
            "tags": ["AI", "健身"]
        }),
    )
    .await;

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

async fn submit(s: &TestServer, c: &reqwest::Client, token: &str) -> i64 {
    submit_idea(
        s,
        c,
        token,
        json!({
            "title": "社区团购小程序",
            "description": "面向城市社区家庭用户的团购小程序，AI 智能推荐商品，平台向商家收取佣金，会员订阅免运费。",
            "category": "lifestyle",
            "tags": ["团购"]
        }),
    )
    .await
}

fn closed(events: &[support::SseEvent]) -> bool {
    events.iter().any(|e| e.name == "closed")
}

async fn the_stream_follows_the_auction_and_catches_up(backend: Backend) {
    let mut s = TestServer::start_with(backend, FAST_AUCTION).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 31).await;
    let id = submit(&s, &c, &token).await;
    let mut res = c.get(s.url(&format!("/api/ideas/{id}/stream"))).send().await.expect("stream");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().expect("ascii").starts_with("text/event-stream"));
    let events = read_events(&mut res, Duration::from_secs(30), closed).await;
    assert!(closed(&events), "the stream reported the close: {events:?}");
    assert_eq!(events.last().map(|e| e.name.as_str()), Some("closed"), "{events:?}");
    assert_ended(&mut res).await;
    let bids: Vec<&support::SseEvent> = events.iter().filter(|e| e.name == "bid").collect();
    assert!(bids.len() >= 2, "{events:?}");
    // Each bid names the one before it, and its id is the SSE id.
    let mut prev: Option<i64> = None;
    for e in &bids {
        let bid_id = e.data["bid"]["id"].as_i64().expect("bid id");
        assert_eq!(e.id.as_deref(), Some(bid_id.to_string().as_str()));
        assert_eq!(e.data["prev_bid_id"].as_i64(), prev, "no bid missing between two events");
        assert_eq!(e.data["auction"]["price"], e.data["bid"]["amount"], "the event carries the new price");
        prev = Some(bid_id);
    }
    let listed: Vec<Value> =
        c.get(s.url(&format!("/api/ideas/{id}/bids"))).send().await.expect("bids").json().await.expect("json");
    assert_eq!(listed.len(), bids.len(), "the stream missed no bid");

    // A client that saw the second bid reconnects after the close and gets exactly the bids
    // after it, then the close it missed, and the stream ends there.
    let seen = bids[1].id.clone().expect("id");
    let mut again =
        c.get(s.url(&format!("/api/ideas/{id}/stream"))).header("last-event-id", &seen).send().await.expect("stream");
    let replay = read_events(&mut again, Duration::from_secs(5), |_| false).await;
    assert_ended(&mut again).await;
    let replayed: Vec<(&str, Option<String>)> = replay.iter().map(|e| (e.name.as_str(), e.id.clone())).collect();
    let mut expected: Vec<(&str, Option<String>)> = bids[2..].iter().map(|e| ("bid", e.id.clone())).collect();
    expected.push(("closed", None));
    assert_eq!(replayed, expected);
    assert_eq!(replay.last().map(|e| &e.data), events.last().map(|e| &e.data), "the same outcome");
    assert_eq!(c.get(s.url("/api/ideas/98765/stream")).send().await.expect("stream").status(), 404);
    s.stop().await;
}

/// Instance A runs the worker; a client watching instance B (no worker) sees A's bids, carried
/// by Redis pub/sub.
#[tokio::test]
async fn a_watcher_on_another_instance_sees_every_bid() {
    let mut a = TestServer::start_binary_with(Backend::Served, FAST_AUCTION).await;
    let mut env: Vec<(&str, &str)> = FAST_AUCTION.to_vec();
    env.push(("WORKER", "off"));
    let b = TestServer::start_beside(&a, &env).await;
    let c = reqwest::Client::new();
    let token = register(&mut a, &c, 41).await;
    let id = submit(&a, &c, &token).await;
    let mut res = c.get(b.url(&format!("/api/ideas/{id}/stream"))).send().await.expect("stream on B");
    let events = read_events(&mut res, Duration::from_secs(30), closed).await;
    assert!(closed(&events), "B reported the close: {events:?}");
    let streamed = events.iter().filter(|e| e.name == "bid").count();
    let listed: Vec<Value> =
        c.get(b.url(&format!("/api/ideas/{id}/bids"))).send().await.expect("bids").json().await.expect("json");
    assert!(streamed >= 2);
    assert_eq!(streamed, listed.len(), "B streamed every bid A placed");
    assert!(b.log_lines().iter().all(|l| !l.contains("auction closed")), "B ran no worker");
    b.stop().await;
    a.stop().await;
}
