//! Notifications over HTTP on both backends: the unread count streams as a watched auction runs
//! in the worker, the list and the read marks, watching, and the mail preference.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Backend, FAST_AUCTION, TestServer, error_of, get_json, read_events, register, submit_idea};
use testkit::both_backends;

both_backends!(the_bell_counts_live_while_a_watched_auction_runs);

async fn the_bell_counts_live_while_a_watched_auction_runs(backend: Backend) {
    let mut s = TestServer::start_with(backend, FAST_AUCTION).await;
    let c = reqwest::Client::new();
    let author = register(&mut s, &c, 31).await;
    let watcher = register(&mut s, &c, 32).await;
    assert_eq!(c.get(s.url("/api/notifications/stream")).send().await.expect("stream").status(), 401);

    let mut bell = c.get(s.url("/api/notifications/stream")).bearer_auth(&author).send().await.expect("stream");
    assert_eq!(bell.status(), 200);
    let first = read_events(&mut bell, Duration::from_secs(5), |e| !e.is_empty()).await;
    assert_eq!((first[0].name.as_str(), &first[0].data), ("unread", &json!({"unread": 0})));

    let id = submit_idea(
        &s,
        &c,
        &author,
        json!({
            "title": "<img src=x onerror=alert(1)> 校园二手教材",
            "description": "面向大学生的二手教材流转平台，按课程匹配买卖双方，平台收取少量服务费，并与校园快递合作配送。",
            "category": "education",
            "tags": ["校园"]
        }),
    )
    .await;
    let watch = c.post(s.url(&format!("/api/ideas/{id}/watch"))).bearer_auth(&watcher).send().await.expect("watch");
    assert_eq!(watch.status(), 200);
    assert_eq!(get_json(&s, &c, &format!("/api/ideas/{id}/watch"), &watcher).await, json!({"watching": true}));

    // The worker opens and closes the auction; the author's bell hears both as they happen.
    let events = read_events(&mut bell, Duration::from_secs(30), |e| e.iter().any(|e| e.data["unread"] == 2)).await;
    let counts: Vec<i64> = events.iter().filter_map(|e| e.data["unread"].as_i64()).collect();
    assert_eq!(counts.last(), Some(&2), "{counts:?}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");

    let page = get_json(&s, &c, "/api/notifications", &author).await;
    let kinds: Vec<&str> = page["items"].as_array().expect("items").iter().filter_map(|n| n["kind"].as_str()).collect();
    assert_eq!(kinds, ["auction_closed", "auction_opened"], "{page}");
    assert_eq!(page["unread"], 2);
    assert_eq!(page["items"][0]["ideaTitle"], "<img src=x onerror=alert(1)> 校园二手教材");
    let me = get_json(&s, &c, "/api/me", &author).await;
    assert_eq!(me["unread_notices"], 2);

    // The watcher is told of the close once (and of its last minute at most once).
    let deadline = Instant::now() + Duration::from_secs(20);
    let watched = loop {
        let page = get_json(&s, &c, "/api/notifications", &watcher).await;
        let kinds: Vec<String> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|n| n["kind"].as_str().map(str::to_owned))
            .collect();
        if kinds.iter().any(|k| k == "watch_closed") {
            break kinds;
        }
        assert!(Instant::now() < deadline, "the watcher was not told: {page}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(watched.iter().filter(|k| *k == "watch_closed").count(), 1, "{watched:?}");
    assert!(watched.iter().filter(|k| *k == "watch_closing").count() <= 1, "{watched:?}");
    let (status, body) =
        error_of(c.post(s.url(&format!("/api/ideas/{id}/watch"))).bearer_auth(&watcher).send().await.expect("watch"))
            .await;
    assert_eq!(status, 422, "a closed auction is not watched: {body}");

    // Reading: someone else's is not found; one, then all; the bell follows.
    let newest = page["items"][0]["id"].as_i64().expect("id");
    let other = c.post(s.url(&format!("/api/notifications/{newest}/read"))).bearer_auth(&watcher).send().await;
    assert_eq!(other.expect("read").status(), 404);
    let one: Value = c
        .post(s.url(&format!("/api/notifications/{newest}/read")))
        .bearer_auth(&author)
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    assert_eq!(one, json!({"unread": 1}));
    let all: Value = c
        .post(s.url("/api/notifications/read"))
        .bearer_auth(&author)
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    assert_eq!(all, json!({"unread": 0}));
    let events = read_events(&mut bell, Duration::from_secs(5), |e| e.iter().any(|e| e.data["unread"] == 0)).await;
    assert_eq!(events.last().map(|e| &e.data), Some(&json!({"unread": 0})));
    assert_eq!(get_json(&s, &c, "/api/notifications/unread", &author).await, json!({"unread": 0}));

    let (status, body) =
        error_of(c.get(s.url("/api/notifications?before=abc")).bearer_auth(&author).send().await.expect("list")).await;
    assert_eq!((status.as_u16(), body["fields"][0]["field"].as_str()), (422, Some("before")), "{body}");
    let unwatch =
        c.delete(s.url(&format!("/api/ideas/{id}/watch"))).bearer_auth(&watcher).send().await.expect("unwatch");
    assert_eq!(unwatch.json::<Value>().await.expect("json"), json!({"watching": false}));

    let me: Value = c
        .post(s.url("/api/me/notification-mail"))
        .bearer_auth(&author)
        .json(&json!({"notifyByEmail": true}))
        .send()
        .await
        .expect("mail")
        .json()
        .await
        .expect("json");
    assert_eq!(me["notify_by_email"], true);
    drop(bell);
    s.stop().await;
}
