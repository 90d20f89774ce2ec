//! Author pages and the member's space over HTTP on both backends.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "a test panics on a broken assumption")]

mod support;

use serde_json::json;
use support::{Backend, TestServer, error_of, get_json, register, submit_idea};
use testkit::both_backends;

both_backends!(an_author_page_is_public_and_the_space_is_private);

async fn an_author_page_is_public_and_the_space_is_private(backend: Backend) {
    let mut s = TestServer::start_with(backend, &[("WORKER", "off")]).await;
    let c = reqwest::Client::new();
    let token = register(&mut s, &c, 41).await;
    let id = submit_idea(
        &s,
        &c,
        &token,
        json!({
            "title": "<script>alert(1)</script> 宠物寄养",
            "description": "让附近的宠物主人互相寄养宠物、交换遛狗时间，平台按单抽佣并提供保险，面向城市年轻白领家庭。",
            "category": "lifestyle",
            "tags": ["宠物"]
        }),
    )
    .await;

    let author: serde_json::Value =
        c.get(s.url("/api/users/user41")).send().await.expect("author").json().await.expect("json");
    assert_eq!(author["username"], "user41");
    assert_eq!(author["ideas"][0]["id"], id);
    assert_eq!(author["totals"]["ideas"], 1);
    let text = author.to_string();
    assert!(!text.contains("example.com") && !text.contains("13900"), "nothing private: {text}");
    let (status, _) = error_of(c.get(s.url("/api/users/nobody")).send().await.expect("author")).await;
    assert_eq!(status, 404);

    let html = c.get(s.url("/u/user41")).send().await.expect("page").text().await.expect("html");
    assert!(html.contains(r#"data-testid="author-name""#) && html.contains(">user41</h1>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; 宠物寄养"), "the title is text");
    assert!(html.contains(r#"/u/user41" rel="canonical">"#), "the page names its canonical address");
    let missing = c.get(s.url("/u/nobody")).send().await.expect("page").text().await.expect("html");
    assert!(missing.contains("找不到"), "{missing}");

    assert_eq!(c.get(s.url("/api/me/space")).send().await.expect("space").status(), 401);
    let space = get_json(&s, &c, "/api/me/space", &token).await;
    assert_eq!(space["ideas"][0]["idea"]["id"], id);
    assert_eq!(space["ideas"][0]["outcome"], serde_json::Value::Null);
    assert_eq!(space["credits"], 1000);
    s.stop().await;
}
